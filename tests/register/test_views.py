import csv
import io

import pytest
from django.test import Client

from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway
from partners.models import Role
from register.opendata import GATEWAY_FIELD_DOCS, GATEWAY_FIELDS
from tests.gateways.factories import details
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    services.gateway_catalogue_load(entries=catalogue_entries())


def test_the_register_needs_no_sign_in(catalogue: None) -> None:
    client = Client()
    for url in (
        "/register/",
        "/register/gateways/",
        "/register/gateways.json",
        "/register/gateways.csv",
    ):
        assert client.get(url).status_code == 200, url
    gateway = Gateway.objects.first()
    assert gateway is not None
    page = client.get(gateway.get_public_url()).content.decode()
    assert gateway.summary.split(".")[0] in page.replace("&#x27;", "'")
    assert gateway.legislation_url in page


def test_json_lists_at_least_25_gateways_with_their_law_and_a_summary(catalogue: None) -> None:
    body = Client().get("/register/gateways.json").json()
    assert body["count"] >= 25
    assert len(body["gateways"]) == body["count"]
    for record in body["gateways"]:
        assert tuple(record) == GATEWAY_FIELDS
        assert record["legislation_url"].startswith("https://www.legislation.gov.uk/")
        assert record["summary"]
        assert record["page_url"].endswith(f"/register/gateways/{record['id']}/")


def test_csv_has_the_same_fields_and_rows(catalogue: None) -> None:
    response = Client().get("/register/gateways.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == GATEWAY_FIELDS
    assert len(rows) - 1 == Gateway.objects.count()
    jurisdictions = rows[0].index("jurisdictions")
    assert any(";" in row[jurisdictions] for row in rows[1:])


def test_every_open_data_field_is_documented() -> None:
    assert tuple(name for name, _ in GATEWAY_FIELD_DOCS) == GATEWAY_FIELDS
    page = Client().get("/register/").content.decode()
    for name in GATEWAY_FIELDS:
        assert f"<code>{name}</code>" in page


def test_proposals_are_not_public() -> None:
    proposer = member_of(AreaFactory(), Role.AREA_ADMIN)
    gateway = services.gateway_propose(details=details(), reason="", actor=proposer)
    client = Client()
    assert client.get(gateway.get_public_url()).status_code == 404
    assert client.get("/register/gateways.json").json()["count"] == 0
    assert gateway.title not in client.get("/register/gateways/").content.decode()


def test_an_empty_register_says_so() -> None:
    page = Client().get("/register/gateways/").content.decode()
    assert "No gateways match" in page
