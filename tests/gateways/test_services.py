from typing import Any

import pytest

from audit.models import Event
from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway, GatewayStatus, PowerOrDuty
from partners.models import Role
from tests.gateways.factories import details
from tests.partners.factories import AreaFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins():  # type: ignore[no-untyped-def]
    return member_of(AreaFactory(), Role.AREA_ADMIN), member_of(AreaFactory(), Role.AREA_ADMIN)


def test_a_proposal_is_not_public_until_another_admin_approves_it(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, approver = admins
    gateway = services.gateway_propose(details=details(), reason="Needed", actor=proposer)
    assert gateway.status == GatewayStatus.PROPOSED
    with pytest.raises(services.GatewayError, match="another area admin must decide"):
        services.gateway_approve(gateway=gateway, actor=proposer)
    services.gateway_approve(gateway=gateway, actor=approver, note="Checked")
    gateway.refresh_from_db()
    assert gateway.status == GatewayStatus.APPROVED
    assert gateway.reviewed_by == approver
    verbs = list(
        Event.objects.filter(target_id=str(gateway.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == ["gateway.proposed", "gateway.approved"]


def test_a_decided_proposal_cannot_be_decided_again(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, approver = admins
    gateway = services.gateway_propose(details=details(), reason="", actor=proposer)
    services.gateway_reject(gateway=gateway, actor=approver, reason="Wrong section")
    with pytest.raises(services.GatewayError, match="not accepted"):
        services.gateway_approve(gateway=gateway, actor=approver)


def test_turning_a_proposal_down_needs_a_reason(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, approver = admins
    gateway = services.gateway_propose(details=details(), reason="", actor=proposer)
    with pytest.raises(services.GatewayError, match="Say why"):
        services.gateway_reject(gateway=gateway, actor=approver, reason="  ")
    assert Gateway.objects.get().status == GatewayStatus.PROPOSED


@pytest.mark.parametrize("provision", ["s.115", "S. 115", " s.115 "])
def test_the_same_provision_cannot_be_added_twice(admins, provision: str) -> None:  # type: ignore[no-untyped-def]
    proposer, _ = admins
    services.gateway_propose(details=details(), reason="", actor=proposer)
    with pytest.raises(services.GatewayError, match="already in the register"):
        services.gateway_propose(
            details=details(provision=provision, act_title="crime and disorder act"),
            reason="",
            actor=proposer,
        )
    assert Gateway.objects.count() == 1


def test_a_turned_down_proposal_does_not_block_a_better_one(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, approver = admins
    first = services.gateway_propose(details=details(), reason="", actor=proposer)
    services.gateway_reject(gateway=first, actor=approver, reason="Summary unclear")
    second = services.gateway_propose(details=details(summary="Clearer"), reason="", actor=proposer)
    assert second.slug != first.slug
    assert Gateway.objects.count() == 2


def test_an_edit_records_each_field_from_and_to(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, approver = admins
    gateway = services.gateway_propose(details=details(), reason="", actor=proposer)
    services.gateway_update(
        gateway=gateway,
        details=details(
            summary="New summary",
            purposes=["crime-and-disorder", "serious-violence"],
            verified=True,
        ),
        actor=approver,
    )
    event = Event.objects.get(verb="gateway.changed")
    assert event.data["summary"]["to"] == "New summary"
    assert event.data["purposes"] == {
        "from": ["crime-and-disorder"],
        "to": ["crime-and-disorder", "serious-violence"],
    }
    assert event.data["verified"] == {"from": False, "to": True}
    assert event.actor_id == approver.pk
    # Saving the same details again records nothing.
    services.gateway_update(
        gateway=gateway,
        details=details(
            summary="New summary",
            purposes=["crime-and-disorder", "serious-violence"],
            verified=True,
        ),
        actor=approver,
    )
    assert Event.objects.filter(verb="gateway.changed").count() == 1


def test_search_terms_cover_every_number_in_a_range(admins) -> None:  # type: ignore[no-untyped-def]
    proposer, _ = admins
    gateway = services.gateway_propose(
        details=details(act_title="Digital Economy Act", act_year=2017, provision="ss.36-39"),
        reason="",
        actor=proposer,
    )
    assert {"36", "37", "38", "39"} <= set(Gateway.objects.get(pk=gateway.pk).search_terms.split())
    lettered = services.gateway_propose(
        details=details(act_title="Children Act", act_year=2004, provision="ss.16E-16K"),
        reason="",
        actor=proposer,
    )
    assert {"16E", "16F", "16H", "16K"} <= set(
        Gateway.objects.get(pk=lettered.pk).search_terms.split()
    )


def test_the_catalogue_loads_once_and_is_audited() -> None:
    entries = catalogue_entries()
    added, updated = services.gateway_catalogue_load(entries=entries)
    assert added == len(entries) >= 25
    assert updated == 0
    assert Gateway.objects.filter(status=GatewayStatus.APPROVED).count() == len(entries)
    assert Event.objects.filter(verb="gateway.catalogued").count() == len(entries)
    assert services.gateway_catalogue_load(entries=entries) == (0, 0)
    changed = [{**entries[0], "summary": "Rewritten summary."}, *entries[1:]]
    assert services.gateway_catalogue_load(entries=changed) == (0, 1)


def test_every_catalogue_entry_links_to_legislation_and_explains_itself() -> None:
    for entry in catalogue_entries():
        assert entry["legislation_url"].startswith("https://www.legislation.gov.uk/"), entry
        assert len(entry["summary"]) > 40, entry
        assert entry["purposes"], entry
        if entry["verified"]:
            assert entry["verified_on"], entry
        else:
            assert "Not yet checked" in entry["verification_note"], entry


def _entry(act_title: str, provision: str) -> dict[str, Any]:
    return next(
        e
        for e in catalogue_entries()
        if e["act_title"] == act_title and e["provision"] == provision
    )


def test_duties_to_co_operate_or_have_regard_are_not_labelled_duties_to_share() -> None:
    """CDA 1998 s.17 and Children Act 2004 s.11 are duties to have regard, Children Act
    2004 s.10 and Care Act 2014 ss.6-7 duties to co-operate, Domestic Abuse Act 2021 s.57
    a duty to provide a service: none is a duty to share."""
    for act, provision in [
        ("Crime and Disorder Act", "s.17"),
        ("Children Act", "s.11"),
        ("Children Act", "s.10"),
        ("Care Act", "ss.6-7"),
        ("Domestic Abuse Act", "s.57"),
        ("Health and Social Care Act", "s.251A"),
    ]:
        assert _entry(act, provision)["power_or_duty"] == PowerOrDuty.DUTY_TO_COOPERATE, provision
    # Duties that do require information to be passed on keep the label.
    for act, provision in [
        ("Crime and Disorder Act", "s.17A"),
        ("Care Act", "s.45"),
        ("Health and Social Care Act", "s.251B"),
    ]:
        assert _entry(act, provision)["power_or_duty"] == PowerOrDuty.DUTY, provision
    assert "not a duty to share" in PowerOrDuty.DUTY_TO_COOPERATE.label
    gateway = Gateway(power_or_duty=PowerOrDuty.DUTY_TO_COOPERATE)
    assert gateway.power_or_duty_short == "Duty to co-operate"


def test_section_17a_is_about_de_personalised_information_only_si_2007_1831() -> None:
    entry = _entry("Crime and Disorder Act", "s.17A")
    assert "De-personalised information only" in entry["limits_and_exclusions"]
    assert "SI 2007/1831" in entry["permitted_purposes"]
    assert "must not name" in entry["summary"]
    assert entry["overrides_confidentiality"] == "no"


def test_the_catalogue_has_the_gateways_local_sharing_relies_on() -> None:
    s111 = _entry("Local Government Act", "s.111")
    assert s111["express_or_implied"] == "implied"
    assert s111["verified"]
    families = _entry("Digital Economy Act", "s.35 (multiple disadvantages)")
    assert "SI 2018/912" in families["who_may_share"]
    assert "Supporting Families" in families["permitted_purposes"]
    assert "s.41" in families["limits_and_exclusions"]
    assert "s.41" in _entry("Digital Economy Act", "s.35")["limits_and_exclusions"]
    assert "NHS number" in _entry("Health and Social Care Act", "s.251A")["permitted_purposes"]
    assert _entry("Domestic Abuse Act", "s.57")["legislation_url"].endswith("2021/17/section/57")


def test_new_catalogue_entries_load_and_old_ones_are_brought_up_to_date() -> None:
    """Loading is idempotent and audited: a register loaded from the earlier catalogue
    takes the corrected labels and the new gateways."""
    entries = catalogue_entries()
    older = [
        {**e, "power_or_duty": "duty"} if e["power_or_duty"] == "duty_cooperate" else e
        for e in entries
        if e["provision"] not in ("s.111", "s.251A", "s.57", "s.35 (multiple disadvantages)")
    ]
    services.gateway_catalogue_load(entries=older)
    added, updated = services.gateway_catalogue_load(entries=entries)
    assert added == 4
    assert updated == sum(1 for e in entries if e["power_or_duty"] == "duty_cooperate") - 2
    assert Event.objects.filter(verb="gateway.changed").count() == updated
    assert services.gateway_catalogue_load(entries=entries) == (0, 0)
