from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway, GatewayStatus
from partners.models import Role, User
from tests.gateways.factories import details, form_data
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db

PROPOSE = "/gateways/propose/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin() -> User:
    return member_of(AreaFactory(), Role.AREA_ADMIN, full_name="Daniel Okafor")


@pytest.fixture
def other_admin() -> User:
    return member_of(AreaFactory(), Role.AREA_ADMIN, full_name="Rachel Adeyemi")


def test_an_area_admin_proposes_a_gateway(admin: User) -> None:
    response = signed_in(admin).post(PROPOSE, form_data())
    gateway = Gateway.objects.get()
    assert response["Location"] == gateway.get_absolute_url()
    assert gateway.status == GatewayStatus.PROPOSED
    assert gateway.proposed_by == admin
    assert (gateway.england, gateway.wales, gateway.scotland) == (True, True, False)
    assert list(gateway.purposes.values_list("slug", flat=True)) == ["crime-and-disorder"]
    assert Event.objects.filter(verb="gateway.proposed", target_id=str(gateway.pk)).exists()


def test_officers_cannot_propose(admin: User) -> None:
    officer = member_of(AreaFactory(), Role.OFFICER)
    assert signed_in(officer).post(PROPOSE, form_data()).status_code == 403
    assert not Gateway.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "legislation_url",
            "http://www.legislation.gov.uk/ukpga/1998/37/section/115",
            "https address",
        ),
        ("legislation_url", "https://evil.example/ukpga/1998/37", "https address"),
        ("legislation_url", "javascript:alert(1)", "https address"),
        ("provision", "section one hundred", "recognised form"),
        ("provision", "s.115; DROP TABLE", "recognised form"),
        ("act_year", "3025", "cannot be in the future"),
        ("act_year", "nineteen", "Enter the year as a number"),
        ("summary", "", "Enter a plain-English summary"),
        ("jurisdictions", [], "Choose at least one nation"),
    ],
)
def test_bad_input_is_a_field_error_that_keeps_what_was_typed(
    admin: User, field: str, value: Any, message: str
) -> None:
    data = form_data(**{field: value, "act_title": "Crime & Disorder <b>Act</b>"})
    response = signed_in(admin).post(PROPOSE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Crime &amp; Disorder &lt;b&gt;Act&lt;/b&gt;" in page  # kept, and escaped
    assert "<b>Act</b>" not in page
    assert not Gateway.objects.exists()


def test_a_duplicate_is_an_error_that_keeps_what_was_typed(admin: User) -> None:
    services.gateway_catalogue_load(entries=catalogue_entries()[:1])
    existing = Gateway.objects.get()
    data = form_data(
        act_title=existing.act_title,
        act_year=str(existing.act_year),
        provision=existing.provision.upper().replace(".", ". "),
        summary="My own summary of it",
    )
    response = signed_in(admin).post(PROPOSE, data)
    page = response.content.decode()
    assert "already in the register" in page
    assert "My own summary of it" in page
    assert Gateway.objects.count() == 1


def test_proposals_are_seen_only_by_curators_and_the_proposer(
    admin: User, other_admin: User
) -> None:
    gateway = services.gateway_propose(details=details(), reason="", actor=admin)
    url = gateway.get_absolute_url()
    officer = member_of(AreaFactory(), Role.OFFICER)
    assert signed_in(officer).get(url).status_code == 404
    assert signed_in(admin).get(url).status_code == 200
    assert signed_in(other_admin).get(url).status_code == 200
    assert Client().get(gateway.get_public_url()).status_code == 404


def test_another_admin_approves_and_the_gateway_goes_public(admin: User, other_admin: User) -> None:
    gateway = services.gateway_propose(details=details(), reason="For our CSP", actor=admin)
    review = reverse("gateways:review", kwargs={"slug": gateway.slug})
    own = signed_in(admin).get(review).content.decode()
    assert "another area admin must decide" in own
    assert 'name="decision"' not in own
    # Even a forged POST from the proposer is refused.
    forged = signed_in(admin).post(review, {"decision": "approve"})
    assert "another area admin must decide" in forged.content.decode()
    assert Gateway.objects.get().status == GatewayStatus.PROPOSED

    response = signed_in(other_admin).post(review, {"decision": "approve", "note": "Checked"})
    assert response["Location"] == reverse("gateways:proposals")
    assert Gateway.objects.get().status == GatewayStatus.APPROVED
    assert Client().get(gateway.get_public_url()).status_code == 200


def test_turning_down_without_a_reason_is_an_error(admin: User, other_admin: User) -> None:
    gateway = services.gateway_propose(details=details(), reason="", actor=admin)
    review = reverse("gateways:review", kwargs={"slug": gateway.slug})
    page = signed_in(other_admin).post(review, {"decision": "reject", "note": ""}).content.decode()
    assert "Say why the proposal is not accepted" in page
    assert Gateway.objects.get().status == GatewayStatus.PROPOSED
    signed_in(other_admin).post(review, {"decision": "reject", "note": "Wrong Act"})
    assert Gateway.objects.get().status == GatewayStatus.REJECTED


def test_an_edit_is_saved_and_recorded(admin: User, other_admin: User) -> None:
    gateway = services.gateway_propose(details=details(), reason="", actor=admin)
    url = reverse("gateways:edit", kwargs={"slug": gateway.slug})
    form = signed_in(other_admin).get(url).content.decode()
    assert 'value="s.115"' in form
    response = signed_in(other_admin).post(
        url, form_data(summary="Corrected summary.", verified="on", verified_on="2026-11-20")
    )
    assert response.status_code == 302
    gateway.refresh_from_db()
    assert gateway.summary == "Corrected summary."
    assert gateway.verified
    event = Event.objects.get(verb="gateway.changed")
    assert event.actor_name == "Rachel Adeyemi"
    assert event.data["verified_on"] == {"from": None, "to": "2026-11-20"}


def test_a_check_date_without_the_tick_is_explained(admin: User) -> None:
    page = signed_in(admin).post(PROPOSE, form_data(verified_on="2026-11-20")).content.decode()
    assert "Tick this if the details were checked on that date" in page


def test_the_lawful_bases_page_lists_the_reference_data(admin: User) -> None:
    page = signed_in(admin).get("/gateways/lawful-bases/").content.decode()
    assert "UK GDPR Art 6(1)(e)" in page
    assert "Safeguarding of children and of individuals at risk" in page
    assert "Health and care records" in page
