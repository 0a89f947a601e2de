"""Sign-off of one exact version and its trade-off: who may sign, what is recorded, when
the agreement becomes signed, and what supersedes a sign-off."""

from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone

from agreements import services
from agreements.models import AgreementStatus, Party, Section, SignOff
from audit.models import Event
from audit.verification import verify_chain
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft, sign_all
from tests.partners.factories import AreaFactory, MembershipFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(
        area=area, name="Sheffield City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Ben Hartley")


@pytest.fixture
def awaiting(area: Area, officer: User) -> Any:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    agreement.refresh_from_db()
    return agreement


def parties(agreement: Any) -> list[Party]:
    return list(agreement.parties.select_related("organisation", "signatory").order_by("pk"))


def sign(agreement: Any, party: Party, **changes: Any) -> SignOff:
    kwargs: dict[str, Any] = {
        "agreement": agreement,
        "organisation": party.organisation,
        "actor": party.signatory,
        "version_number": agreement.versions.order_by("-number").first().number,
        "decision": "approve",
        "capacity": "siro",
        "conditions": "",
        "balance_accepted": True,
        "password_confirmed": True,
    }
    kwargs.update(changes)
    return services.signoff_record(**kwargs)


def test_a_sign_off_is_bound_to_both_hashes_and_recorded(awaiting: Any) -> None:
    first = parties(awaiting)[0]
    version = awaiting.versions.get()
    signoff = sign(awaiting, first, capacity="other", capacity_other="Director of Public Health")
    assert signoff.version_sha256 == version.sha256
    assert signoff.assessment_sha256 == version.assessment_sha256
    assert len(version.assessment_sha256) == 64
    assert signoff.capacity_label == "Director of Public Health"
    event = Event.objects.get(verb="signoff.recorded")
    assert event.data["version_sha256"] == version.sha256
    assert event.data["assessment_sha256"] == version.assessment_sha256
    assert event.data["organisation"] == first.organisation.name
    assert event.actor_id == first.signatory_id
    awaiting.refresh_from_db()
    assert awaiting.status == S.AWAITING_SIGNOFF  # one party of two


def test_the_agreement_is_signed_once_every_party_approves_and_conditions_count(
    awaiting: Any,
) -> None:
    first, second = parties(awaiting)
    sign(awaiting, first)
    sign(awaiting, second, decision="approve_with_conditions", conditions="Review in a year.")
    awaiting.refresh_from_db()
    assert awaiting.status == S.SIGNED
    assert awaiting.signed_version == awaiting.versions.get()
    event = Event.objects.get(verb="agreement.signed")
    assert event.data["sha256"] == awaiting.signed_version.sha256
    assert event.data["status"] == {"from": "awaiting_signoff", "to": "signed"}
    assert verify_chain().ok


def test_a_decline_is_recorded_and_the_agreement_is_not_signed(awaiting: Any) -> None:
    first, second = parties(awaiting)
    sign(awaiting, first, decision="decline", conditions="Too much data.", balance_accepted=False)
    sign(awaiting, second)
    awaiting.refresh_from_db()
    assert awaiting.status == S.AWAITING_SIGNOFF
    declined = SignOff.objects.get(decision="decline")
    assert declined.conditions == "Too much data."
    assert not declined.balance_accepted


def test_only_that_partys_signatory_may_sign_for_it(area: Area, awaiting: Any) -> None:
    first, second = parties(awaiting)
    with pytest.raises(services.AgreementError, match=r"Only .* signatory can sign off for it"):
        sign(awaiting, first, actor=second.signatory)
    stranger = member_of(area, Role.SIGNATORY)
    with pytest.raises(services.AgreementError, match="signatory can sign off"):
        sign(awaiting, first, actor=stranger)
    # Chosen, but no longer holding the role in that organisation: refused too.
    first.signatory.memberships.filter(role=Role.SIGNATORY).delete()
    with pytest.raises(services.AgreementError, match="signatory can sign off"):
        sign(awaiting, first)
    assert not SignOff.objects.exists()
    assert not Event.objects.filter(verb="signoff.recorded").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decision": "decline", "conditions": " "}, "conditions", "Say why you decline"),
        ({"decision": "approve_with_conditions"}, "conditions", "Set out the conditions"),
        ({"balance_accepted": False}, "balance_accepted", "accept the balance statement"),
        ({"capacity": ""}, "capacity", "capacity"),
        ({"capacity": "other", "capacity_other": ""}, "capacity_other", "Name the office"),
        ({"password_confirmed": False}, "password", "password"),
        ({"decision": "maybe"}, "decision", "Choose approve"),
        ({"conditions": "x" * 5_001, "decision": "decline"}, "conditions", "at most"),
    ],
)
def test_bad_sign_offs_are_refused_and_nothing_is_recorded(
    awaiting: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(services.AgreementError, match=message) as refused:
        sign(awaiting, parties(awaiting)[0], **changes)
    assert refused.value.field == field
    assert not SignOff.objects.exists()


def test_a_party_decides_once_per_version(awaiting: Any) -> None:
    first = parties(awaiting)[0]
    sign(awaiting, first)
    with pytest.raises(services.AgreementError, match="has already signed off version 1"):
        sign(awaiting, first, decision="decline", conditions="Changed my mind")
    assert SignOff.objects.count() == 1


def test_a_superseded_version_cannot_be_signed(officer: User, awaiting: Any) -> None:
    first = parties(awaiting)[0]
    purpose = Section.objects.get(agreement=awaiting, key="purpose")
    services.section_save(
        section=purpose, body="Changed", base_revision=purpose.revision, actor=officer
    )
    services.version_issue(agreement=awaiting, actor=officer)
    services.agreement_request_signoff(agreement=awaiting, actor=officer)
    with pytest.raises(services.AgreementError, match="version 2 was issued since"):
        sign(awaiting, first, version_number=1)
    assert not SignOff.objects.exists()


def test_signing_when_not_awaiting_sign_off_is_refused(area: Area, officer: User) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    with pytest.raises(services.AgreementError, match="not awaiting sign-off"):
        sign(agreement, parties(agreement)[0])


def test_an_edit_while_awaiting_sign_off_supersedes_the_sign_offs_made(
    officer: User, awaiting: Any
) -> None:
    first = parties(awaiting)[0]
    made = sign(awaiting, first)
    purpose = Section.objects.get(agreement=awaiting, key="purpose")
    services.section_save(
        section=purpose, body="Late change", base_revision=purpose.revision, actor=officer
    )
    made.refresh_from_db()
    assert made.superseded_at is not None
    assert "changed" in made.superseded_reason
    assert Event.objects.get(verb="agreement.reopened").data["signoffs_superseded"] == 1
    # Kept, and the next version's round starts afresh.
    services.version_issue(agreement=awaiting, actor=officer)
    services.agreement_request_signoff(agreement=awaiting, actor=officer)
    sign_all(awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == S.SIGNED
    assert SignOff.objects.count() == 3
    assert SignOff.objects.filter(superseded_at=None, version__number=2).count() == 2


def test_after_a_decline_a_revision_supersedes_the_round(officer: User, awaiting: Any) -> None:
    first, second = parties(awaiting)
    sign(awaiting, first, decision="decline", conditions="Needs aggregation.")
    sign(awaiting, second)
    services.agreement_start_revision(agreement=awaiting, actor=officer)
    awaiting.refresh_from_db()
    assert awaiting.status == S.DRAFT
    assert not SignOff.objects.filter(superseded_at=None).exists()
    assert SignOff.objects.count() == 2


def test_a_new_signed_version_supersedes_the_one_in_force_only_when_signed(
    officer: User, awaiting: Any
) -> None:
    sign_all(awaiting)
    services.agreement_start_revision(agreement=awaiting, actor=officer)
    purpose = Section.objects.get(agreement=awaiting, key="purpose")
    services.section_save(
        section=purpose, body="Second edition", base_revision=purpose.revision, actor=officer
    )
    services.version_issue(agreement=awaiting, actor=officer)
    # Version 1 is still the one in force while version 2 is reviewed.
    assert SignOff.objects.filter(superseded_at=None, version__number=1).count() == 2
    services.agreement_request_signoff(agreement=awaiting, actor=officer)
    sign_all(awaiting)
    awaiting.refresh_from_db()
    assert awaiting.signed_version.number == 2
    assert SignOff.objects.filter(superseded_at=None, version__number=1).count() == 0
    assert SignOff.objects.filter(superseded_at=None, version__number=2).count() == 2


def test_a_sign_off_made_outside_the_service_is_recorded_per_party(
    officer: User, awaiting: Any
) -> None:
    first, second = parties(awaiting)
    services.signoff_record_outside(
        agreement=awaiting,
        organisation=second.organisation,
        actor=officer,
        version_number=1,
        signatory_name=second.signatory.full_name,
        capacity="caldicott",
        decision="approve",
        signed_on=timezone.localdate(),
        evidence="Board minutes, item 7",
    )
    made = SignOff.objects.get()
    assert made.method == "outside"
    assert made.recorded_by == officer
    assert made.signatory == second.signatory
    assert made.version_sha256 == awaiting.versions.get().sha256
    event = Event.objects.get(verb="signoff.recorded")
    assert event.data["evidence"] == "Board minutes, item 7"
    assert event.actor_id == officer.pk
    sign(awaiting, first)
    awaiting.refresh_from_db()
    assert awaiting.status == S.SIGNED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"evidence": " "}, "evidence"),
        ({"signed_on": None}, "signed_on"),
        ({"signatory_name": ""}, "signatory_name"),
    ],
)
def test_an_outside_sign_off_needs_who_when_and_evidence(
    officer: User, awaiting: Any, changes: dict[str, Any], field: str
) -> None:
    kwargs: dict[str, Any] = {
        "agreement": awaiting,
        "organisation": parties(awaiting)[0].organisation,
        "actor": officer,
        "version_number": 1,
        "signatory_name": "Someone",
        "capacity": "dpo",
        "decision": "approve",
        "signed_on": timezone.localdate(),
        "evidence": "Minutes",
    } | changes
    with pytest.raises(services.AgreementError) as refused:
        services.signoff_record_outside(**kwargs)
    assert refused.value.field == field
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with pytest.raises(services.AgreementError, match="cannot be in the future"):
        services.signoff_record_outside(
            **(kwargs | {"signed_on": tomorrow, "evidence": "Minutes", "signatory_name": "Someone"})
        )
    assert not SignOff.objects.exists()


def test_the_database_refuses_to_change_or_delete_a_sign_off(awaiting: Any) -> None:
    made = sign(awaiting, parties(awaiting)[0])
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=made.pk).update(decision="decline")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=made.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=made.pk).update(
            superseded_at=timezone.now(), version_sha256="0" * 64
        )
    # Marking it superseded, once, is the one change allowed.
    SignOff.objects.filter(pk=made.pk).update(superseded_at=timezone.now(), superseded_reason="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignOff.objects.filter(pk=made.pk).update(superseded_reason="rewritten")
    made.refresh_from_db()
    assert made.decision == "approve"
    assert made.superseded_reason == "x"


def test_asking_for_sign_off_with_open_threads_needs_a_reason_which_is_recorded(
    area: Area, officer: User
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    reviewer = member_of(area, Role.REVIEWER)
    services.comment_add(
        version=version, section_key="purpose", body="Why this much?", actor=reviewer
    )
    with pytest.raises(
        services.OpenThreads, match="1 review thread is still unresolved"
    ) as refused:
        services.agreement_request_signoff(agreement=agreement, actor=officer)
    assert refused.value.field == "reason"
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    services.agreement_request_signoff(
        agreement=agreement, actor=officer, reason="Answered at the partnership board."
    )
    event = Event.objects.get(verb="agreement.signoff_requested")
    assert event.data["open_threads"] == 1
    assert event.data["reason"] == "Answered at the partnership board."
    assert event.data["assessment_sha256"] == version.assessment_sha256


def test_each_signatory_is_told_and_officers_hear_of_each_decision(
    area: Area, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_request_signoff(agreement=agreement, actor=officer)
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted(p.signatory.email for p in parties(agreement))
    assert all("/sign-off/" in m.body for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign(
            agreement,
            parties(agreement)[0],
            decision="decline",
            conditions="Too much.",
            balance_accepted=False,
        )
    assert [m.to[0] for m in mail.outbox] == [officer.email]
    assert "chose to decline" in mail.outbox[0].subject
    assert "Too much." in mail.outbox[0].body


def test_a_signatory_sees_what_waits_for_them(area: Area, awaiting: Any) -> None:
    from agreements.selectors import signoffs_waiting_for

    first, second = parties(awaiting)
    assert [p.pk for p in signoffs_waiting_for(user=first.signatory)] == [first.pk]
    sign(awaiting, first)
    assert list(signoffs_waiting_for(user=first.signatory)) == []
    assert [p.pk for p in signoffs_waiting_for(user=second.signatory)] == [second.pk]
    # Someone who signs for two parties sees both.
    MembershipFactory(user=first.signatory, organisation=second.organisation, role=Role.SIGNATORY)
    Party.objects.filter(pk=second.pk).update(signatory=first.signatory)
    assert [p.pk for p in signoffs_waiting_for(user=first.signatory)] == [second.pk]
