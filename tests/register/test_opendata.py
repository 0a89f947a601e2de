"""Open data of the register of agreements: documented, stable fields (the interface
contract's among them), paginated JSON in a stable order, the whole register as CSV with
formula-like cells neutralised, and an Atom feed of what was published or changed."""

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from agreements import services
from agreements.models import Publication
from partners.models import Role
from register.opendata import AGREEMENT_FIELD_DOCS, AGREEMENT_FIELDS, csv_cell
from tests.agreements.factories import published
from tests.partners.factories import AreaFactory, member_of

from .conftest import OnRegister

pytestmark = pytest.mark.django_db

CONTRACT = (
    "reference",
    "title",
    "area",
    "version",
    "version_sha256",
    "assessment_sha256",
    "pdf_url",
    "pdf_sha256",
    "status",
    "review_date",
)
# Where the Digital Economy Act 2017 Part 5 register's fields overlap: the bodies
# involved, why, for how long, the expected benefits, the legal power.
DEA_REGISTER = ("bodies", "purpose", "duration", "expected_benefits", "legal_powers")


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_json_carries_the_contract_fields_from_the_published_version(
    on_register: OnRegister,
) -> None:
    body = Client().get("/register/agreements.json").json()
    assert body["count"] == 1
    (record,) = body["agreements"]
    assert tuple(record) == AGREEMENT_FIELDS
    assert set(CONTRACT) <= set(record)
    assert set(DEA_REGISTER) <= set(record)
    version = on_register.agreement.signed_version
    assert version is not None
    assert record["reference"] == on_register.agreement.reference
    assert record["version"] == version.number
    assert record["version_sha256"] == version.sha256
    assert record["assessment_sha256"] == version.assessment_sha256
    assert record["pdf_url"] is None
    assert record["pdf_sha256"] is None
    assert record["status"] == "in_force"
    assert record["area"] == "Leeds"
    assert record["review_date"] == version.content["agreement"]["review_date"]
    assert record["legal_powers"]
    assert record["bodies"]
    assert record["signatories"]
    assert record["page_url"].endswith(f"/register/agreements/{record['reference']}/")
    assert body["fields_documentation"].endswith("/register/#agreement-fields")


def test_every_field_is_documented_on_the_register(db: None) -> None:
    assert tuple(name for name, _ in AGREEMENT_FIELD_DOCS) == AGREEMENT_FIELDS
    page = Client().get("/register/").content.decode()
    for name in AGREEMENT_FIELDS:
        assert f"<code>{name}</code>" in page, name


def test_json_is_paginated_in_a_stable_order(on_register: OnRegister) -> None:
    for n in range(4):
        published(area=on_register.area, officer=on_register.officer, title=f"Sharing {n}")
    client = Client()
    first = client.get("/register/agreements.json?per_page=2").json()
    assert first["count"] == 5
    assert first["pages"] == 3
    assert first["previous"] is None
    references = [r["reference"] for r in first["agreements"]]
    following = client.get(urlsplit(first["next"]).path + "?" + urlsplit(first["next"]).query)
    following = following.json()
    references += [r["reference"] for r in following["agreements"]]
    last = client.get("/register/agreements.json?per_page=2&page=3").json()
    references += [r["reference"] for r in last["agreements"]]
    assert last["next"] is None
    assert references == sorted(Publication.objects.values_list("reference", flat=True))
    # The same request gives the same answer.
    again = client.get("/register/agreements.json?per_page=2").json()
    assert [r["reference"] for r in again["agreements"]] == references[:2]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "per_page=0",
        "per_page=x",
        "per_page=100000",
        "page=2%00",
        "page=1&page=2",
    ],
)
def test_odd_page_numbers_give_a_page(on_register: OnRegister, query: str) -> None:
    response = Client().get(f"/register/agreements.json?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_csv_has_every_field_and_one_row_per_agreement(on_register: OnRegister) -> None:
    rows = _csv(Client().get("/register/agreements.csv"))
    assert tuple(rows[0]) == AGREEMENT_FIELDS
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["reference"] == on_register.agreement.reference
    assert record["status"] == "in_force"
    assert record["pdf_url"] == ""


def test_csv_cells_that_look_like_formulas_are_neutralised(on_register: OnRegister) -> None:
    area = AreaFactory(name="Melton", slug="melton")
    officer = member_of(area, Role.OFFICER)
    agreement = published(area=area, officer=officer, title='=HYPERLINK("http://x")')
    rows = _csv(Client().get("/register/agreements.csv"))
    titles = [dict(zip(rows[0], row, strict=True))["title"] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in titles
    # JSON is not a spreadsheet: it keeps the title as it is.
    records = Client().get("/register/agreements.json").json()["agreements"]
    assert agreement.title in [r["title"] for r in records]
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(value).startswith("'")
        assert csv_cell([value, "b"]).startswith("'")
    assert csv_cell("plain") == "plain"
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"


def test_the_feed_lists_new_and_changed_agreements(on_register: OnRegister) -> None:
    agreement = on_register.agreement
    response = Client().get("/register/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1
    assert agreement.reference in entries[0].findtext("a:title", namespaces=ns)
    before = entries[0].findtext("a:updated", namespaces=ns)
    services.agreement_withdraw(agreement=agreement, actor=on_register.officer, reason="Ended.")
    root = ET.fromstring(Client().get("/register/feed.atom").content)  # noqa: S314
    (entry,) = root.findall("a:entry", ns)
    assert "withdrawn" in entry.findtext("a:title", namespaces=ns)
    assert entry.findtext("a:updated", namespaces=ns) >= before
