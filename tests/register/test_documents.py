"""The sealed PDF of each agreement on the register: linked from its page, the open data
and the feed, and downloadable by anyone; nothing else is found there."""

import csv
import hashlib
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from agreements import services
from agreements.models import DocumentKind, RenderedDocument
from agreements.services.documents import document_render, document_request
from documents.check import Verdict, check_pdf
from tests.agreements.factories import complete, draft, sign_all

from .conftest import OnRegister

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _sealed(on_register: OnRegister) -> RenderedDocument:
    document = RenderedDocument.objects.get(version=on_register.agreement.signed_version)
    assert document_render(document_id=document.pk) == "ready"
    document.refresh_from_db()
    return document


def test_the_register_links_the_sealed_pdf_everywhere_it_names_the_version(
    on_register: OnRegister, settings: Any
) -> None:
    reference = on_register.agreement.reference
    url = f"{settings.SITE_URL.rstrip('/')}/register/agreements/{reference}/sealed.pdf"
    page = Client().get(f"/register/agreements/{reference}/").content.decode()
    assert "sealed.pdf" not in page  # not ready yet: no link
    document = _sealed(on_register)

    page = Client().get(f"/register/agreements/{reference}/").content.decode()
    assert f'href="/register/agreements/{reference}/sealed.pdf"' in page
    assert document.sha256 in page
    (record,) = Client().get("/register/agreements.json").json()["agreements"]
    assert record["pdf_url"] == url
    assert record["pdf_sha256"] == document.sha256
    response = Client().get("/register/agreements.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["pdf_url"] == url
    assert rows[0]["pdf_sha256"] == document.sha256
    feed = ET.fromstring(Client().get("/register/feed.atom").content)  # noqa: S314 - our own feed
    atom = "{http://www.w3.org/2005/Atom}"
    enclosures = [
        link.attrib for link in feed.iter(f"{atom}link") if link.get("rel") == "enclosure"
    ]
    assert enclosures == [
        {"rel": "enclosure", "href": url, "length": str(document.size), "type": "application/pdf"}
    ]


def test_anyone_downloads_the_sealed_pdf_and_it_checks(on_register: OnRegister) -> None:
    document = _sealed(on_register)
    reference = on_register.agreement.reference
    response = Client().get(f"/register/agreements/{reference}/sealed.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert check_pdf(content).verdict == Verdict.SEALED_HERE


def test_nothing_but_a_published_versions_sealed_pdf_is_found(
    on_register: OnRegister,
) -> None:
    reference = on_register.agreement.reference
    url = f"/register/agreements/{reference}/sealed.pdf"
    assert Client().get(url).status_code == 404  # not made yet
    document = RenderedDocument.objects.get(version=on_register.agreement.signed_version)
    document_request(version=document.version, user=on_register.officer)  # asked again: same
    assert Client().get(url).status_code == 404
    # Signed but not published: its sealed PDF is for the area's people only.
    signed = complete(
        draft(area=on_register.area, officer=on_register.officer, title="Signed, not published"),
        on_register.officer,
    )
    services.version_issue(agreement=signed, actor=on_register.officer)
    services.agreement_request_signoff(agreement=signed, actor=on_register.officer)
    sign_all(signed)
    signed.refresh_from_db()
    unpublished = RenderedDocument.objects.get(version=signed.signed_version)
    assert unpublished.kind == DocumentKind.SEALED
    document_render(document_id=unpublished.pk)
    for junk in (signed.reference, "NOPE-1", "..%2F..%2Fetc", "a" * 300):
        assert Client().get(f"/register/agreements/{junk}/sealed.pdf").status_code == 404, junk
    _sealed(on_register)
    assert Client().get(url).status_code == 200
