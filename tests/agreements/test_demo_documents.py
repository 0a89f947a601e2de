"""The demo's signed agreements come with sealed PDFs, downloadable from their pages,
that check against the certificate the register publishes, and that read as the
agreement: its assessment, its signature page and its audit certificate."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from agreements.models import Agreement, DocumentKind, DocumentStatus, RenderedDocument
from documents.certificates import SigningFiles
from documents.check import Verdict, check_pdf
from partners.demo import demo_email
from partners.models import Role, User

pytestmark = pytest.mark.django_db


def test_signed_demo_agreements_have_sealed_pdfs_that_check_against_the_served_certificate(
    settings: Any, tmp_path: Path
) -> None:
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # No certificate yet: the seed makes one where the settings say.
    signing = tmp_path / "signing"
    settings.SIGNING_KEY_PATH = str(signing / "signing-key.pem")
    settings.SIGNING_CERT_PATH = str(signing / "signing-cert.pem")
    settings.SIGNING_ROOT_CERT_PATH = str(signing / "root-cert.pem")
    settings.SIGNING_ROOT_KEY_PATH = str(signing / "root-key.pem")
    call_command("seed_demo", stdout=io.StringIO())
    assert (signing / "signing-cert.pem").is_file()

    served = tmp_path / "served.pem"
    served.write_bytes(Client().get("/register/signing-certificate.pem").content)
    verifier = SigningFiles(key=tmp_path / "none", certificate=tmp_path / "none", root=served)

    signed = list(Agreement.objects.exclude(signed_version=None).select_related("area"))
    assert {a.status for a in signed} >= {"signed", "published"}
    for agreement in signed:
        document = RenderedDocument.objects.get(version=agreement.signed_version)
        assert document.kind == DocumentKind.SEALED
        assert document.status == DocumentStatus.READY, document.failure_reason
        reader = Client()
        reader.force_login(User.objects.get(email=demo_email(Role.OFFICER, agreement.area.slug)))
        page = reader.get(agreement.get_absolute_url()).content.decode()
        link = re.search(r'href="([^"]+/pdf/download/)"', page)
        assert link, agreement.reference
        response = reader.get(link.group(1))
        content = b"".join(response.streaming_content)
        check = check_pdf(content, files=verifier)
        assert check.verdict == Verdict.SEALED_HERE, (agreement.reference, check.reasons)
        assert check.metadata["AgreementReference"] == agreement.reference
        text = " ".join(
            " ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(content)).pages
        )
        frozen = agreement.signed_version.content["assessment"]
        assert "5. The trade-off assessment" in text
        assert " ".join(frozen["balance_statement"].split())[:50] in text
        assert "6. Signatures" in text
        assert "Approved" in text
        assert "7. Audit certificate" in text
        assert "The ledger's chain head then" in text
