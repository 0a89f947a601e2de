"""A gateway in the register changes only when a second area admin approves the change;
until then the register shows what was approved."""

from typing import Any

import pytest
from django.test import Client

from audit.models import Event
from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway, GatewayChange, GatewayStatus
from partners.models import Role, User
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins() -> tuple[User, User]:
    return (
        member_of(AreaFactory(slug="leeds"), Role.AREA_ADMIN, email="tom@example.org"),
        member_of(AreaFactory(slug="essex"), Role.AREA_ADMIN, email="daniel@example.org"),
    )


@pytest.fixture
def gateway() -> Gateway:
    services.gateway_catalogue_load(entries=catalogue_entries()[:1])
    return Gateway.objects.get()


def _form(gateway: Gateway, **changed: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "act_title": gateway.act_title,
        "act_year": gateway.act_year,
        "act_chapter": gateway.act_chapter,
        "provision": gateway.provision,
        "legislation_url": gateway.legislation_url,
        "power_or_duty": gateway.power_or_duty,
        "express_or_implied": gateway.express_or_implied,
        "jurisdictions": gateway.jurisdictions,
        "summary": gateway.summary,
        "who_may_share": gateway.who_may_share,
        "permitted_purposes": gateway.permitted_purposes,
        "purposes": [p.slug for p in gateway.purposes.all()],
        "limits_and_exclusions": gateway.limits_and_exclusions,
        "overrides_confidentiality": gateway.overrides_confidentiality,
        "register_requirement": gateway.register_requirement,
        "verification_note": gateway.verification_note,
        "verified_on": gateway.verified_on.isoformat() if gateway.verified_on else "",
    }
    if gateway.verified:
        data["verified"] = "on"
    data.update(changed)
    return data


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_edit_to_a_gateway_in_the_register_waits_for_another_admin(
    admins: tuple[User, User], gateway: Gateway
) -> None:
    proposer, reviewer = admins
    original = gateway.summary
    response = _client(proposer).post(
        f"/gateways/{gateway.slug}/edit/",
        _form(gateway, summary="Unreviewed words", verified="on", reason="Clearer"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    gateway.refresh_from_db()
    assert gateway.summary == original  # the register still shows the approved text
    public = Client().get(f"/register/gateways/{gateway.slug}/").content.decode()
    assert "Unreviewed words" not in public
    change = GatewayChange.objects.get()
    assert change.status == GatewayStatus.PROPOSED

    # The proposer cannot approve their own change.
    own = _client(proposer).post(
        f"/gateways/changes/{change.pk}/", {"decision": "approve", "note": ""}
    )
    assert "another area admin must decide" in own.content.decode()
    gateway.refresh_from_db()
    assert gateway.summary == original

    page = _client(reviewer).get(f"/gateways/changes/{change.pk}/").content.decode()
    assert "Unreviewed words" in page
    assert original[:40] in page
    _client(reviewer).post(f"/gateways/changes/{change.pk}/", {"decision": "approve", "note": ""})
    gateway.refresh_from_db()
    assert gateway.summary == "Unreviewed words"
    assert gateway.verified
    assert (
        "Unreviewed words" in Client().get(f"/register/gateways/{gateway.slug}/").content.decode()
    )
    verbs = list(
        Event.objects.filter(verb__startswith="gateway.")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs[-3:] == ["gateway.change_proposed", "gateway.change_approved", "gateway.changed"]


def test_a_change_turned_down_leaves_the_gateway_as_it_was(
    admins: tuple[User, User], gateway: Gateway
) -> None:
    proposer, reviewer = admins
    details = services.GatewayDetails(**{**services._snapshot(gateway), "summary": "Worse"})
    change = services.gateway_change_propose(
        gateway=gateway, details=details, reason="", actor=proposer
    )
    with pytest.raises(services.GatewayError, match="already waiting"):
        services.gateway_change_propose(gateway=gateway, details=details, reason="", actor=reviewer)
    with pytest.raises(services.GatewayError, match="Say why"):
        services.gateway_change_reject(change=change, actor=reviewer, reason=" ")
    services.gateway_change_reject(change=change, actor=reviewer, reason="Less accurate")
    gateway.refresh_from_db()
    assert gateway.summary != "Worse"
    with pytest.raises(services.GatewayError, match="already been"):
        services.gateway_change_approve(change=change, actor=reviewer)


def test_nobody_changes_a_gateway_in_the_register_directly(
    admins: tuple[User, User], gateway: Gateway
) -> None:
    details = services.GatewayDetails(**{**services._snapshot(gateway), "summary": "Direct"})
    with pytest.raises(services.GatewayError, match="another area admin approves"):
        services.gateway_update(gateway=gateway, details=details, actor=admins[0])
    with pytest.raises(services.GatewayError, match="Nothing differs"):
        services.gateway_change_propose(
            gateway=gateway,
            details=services.GatewayDetails(**services._snapshot(gateway)),
            reason="",
            actor=admins[0],
        )
