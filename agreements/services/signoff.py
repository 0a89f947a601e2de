"""Sign-off: each party's signatory's decision on one exact version and its trade-off (in
the service, or recorded by an officer when made on paper or at a board), and the
agreement becoming signed when every party has approved. Each step records an audit
event carrying the version's and the assessment's SHA-256. Asking for sign-off is in
signoff_request."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import events_last, record_event
from notifications.services import notify
from partners.models import Membership, Organisation, Role, User

from .. import lifecycle
from ..models import Agreement, AgreementStatus, DocumentKind, Party, SignOff, Version
from ..models.signoff import SIGNOFF_TEXT_LIMIT, Capacity, Decision, SignOffMethod
from . import errors
from .documents import document_request
from .drafting import _lock
from .errors import AgreementError
from .superseding import signoffs_supersede

S = AgreementStatus

NOT_THE_SIGNATORY = "Only {organisation}'s signatory can sign off for it."
NOT_A_PARTY = "That organisation is not a party to this agreement."
VERSION_MOVED_ON = (
    "Version {number} is no longer the one awaiting sign-off: version {latest} was issued "
    "since this page was opened. Read it, then sign off again."
)
NOT_AWAITING = "This agreement is not awaiting sign-off: it is {status}."
ALREADY_DECIDED = "{organisation} has already signed off version {number}."
REASON_FOR = {
    Decision.APPROVE_WITH_CONDITIONS: "Set out the conditions of your approval.",
    Decision.DECLINE: "Say why you decline.",
}
BALANCE_NOT_ACCEPTED = "Tick to confirm that you accept the balance statement, or decline."
CAPACITY_NEEDED = "Say in which capacity you sign."
OFFICE_NEEDED = "Name the office you sign in."
PASSWORD_NEEDED = "Enter your password again to sign off."  # noqa: S105 (a message)
TOO_LONG = "Write at most {limit:,} characters."
EVIDENCE_NEEDED = "Say where the sign-off is recorded, for example the board minutes and item."
SIGNED_ON_NEEDED = "Enter the date it was signed."
SIGNED_ON_FUTURE = "The date it was signed cannot be in the future."
NAME_NEEDED = "Enter the name of the person who signed."


def _latest(agreement: Agreement) -> Version:
    version = (
        agreement.versions.order_by("-number")
        .only("number", "sha256", "assessment_sha256", "agreement_id")
        .first()
    )
    if version is None:
        raise AgreementError(errors.NO_VERSION)
    return version


def _site_url(path: str) -> str:
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def _officers(agreement: Agreement) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation__area=agreement.area,
            memberships__role=Role.OFFICER,
        ).distinct()
    )


def _check_signoff_fields(
    *, decision: str, capacity: str, capacity_other: str, conditions: str
) -> tuple[str, str]:
    if decision not in Decision.values:
        raise AgreementError(
            "Choose approve, approve with conditions, or decline.", field="decision"
        )
    if capacity not in Capacity.values:
        raise AgreementError(CAPACITY_NEEDED, field="capacity")
    office = capacity_other.strip() if capacity == Capacity.OTHER else ""
    if capacity == Capacity.OTHER and not office:
        raise AgreementError(OFFICE_NEEDED, field="capacity_other")
    text = conditions.strip()
    if decision in REASON_FOR and not text:
        raise AgreementError(REASON_FOR[Decision(decision)], field="conditions")
    if len(text) > SIGNOFF_TEXT_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=SIGNOFF_TEXT_LIMIT), field="conditions")
    if len(office) > 200:
        raise AgreementError(TOO_LONG.format(limit=200), field="capacity_other")
    return office, text


def _party_for(locked: Agreement, organisation: Organisation) -> Party:
    party = (
        Party.objects.filter(agreement=locked, organisation=organisation)
        .select_related("organisation", "signatory")
        .first()
    )
    if party is None:
        raise AgreementError(NOT_A_PARTY, field="organisation")
    return party


def _current_version(locked: Agreement, version_number: int) -> Version:
    if locked.status != S.AWAITING_SIGNOFF:
        raise AgreementError(NOT_AWAITING.format(status=locked.get_status_display().lower()))
    version = _latest(locked)
    if version.number != version_number:
        raise AgreementError(VERSION_MOVED_ON.format(number=version_number, latest=version.number))
    return version


def _create(**fields: object) -> SignOff:
    try:
        with transaction.atomic():
            return SignOff.objects.create(**fields)
    except IntegrityError as error:  # one live sign-off per party per version
        version = fields["version"]
        assert isinstance(version, Version)
        raise AgreementError(
            ALREADY_DECIDED.format(organisation=fields["organisation_name"], number=version.number)
        ) from error


@transaction.atomic
def signoff_record(
    *,
    agreement: Agreement,
    organisation: Organisation,
    actor: User,
    version_number: int,
    decision: str,
    capacity: str,
    capacity_other: str = "",
    conditions: str = "",
    balance_accepted: bool,
    password_confirmed: bool,
) -> SignOff:
    """The party's signatory decides on the version awaiting sign-off: approve, approve
    with conditions, or decline (with reasons). ``version_number`` is the version the
    signatory read: if another was issued meanwhile, nothing is recorded. The view
    confirms the signatory's password (throttled like sign-in) and says so with
    ``password_confirmed``.

    Raises AgreementError for anyone but this party's signatory, a version that is no
    longer the one awaiting sign-off, a missing reason or capacity, an approval without
    accepting the balance statement, or a party that has already decided on this
    version. Audit: ``signoff.recorded`` with the version's and the assessment's SHA-256;
    then ``agreement.signed`` if every party has now approved. Tells the area's officers."""
    office, text = _check_signoff_fields(
        decision=decision, capacity=capacity, capacity_other=capacity_other, conditions=conditions
    )
    if not password_confirmed:
        raise AgreementError(PASSWORD_NEEDED, field="password")
    if decision != Decision.DECLINE and not balance_accepted:
        raise AgreementError(BALANCE_NOT_ACCEPTED, field="balance_accepted")
    locked = _lock(agreement)
    party = _party_for(locked, organisation)
    holds_role = Membership.objects.filter(
        user=actor, organisation=organisation, role=Role.SIGNATORY
    ).exists()
    if party.signatory_id != actor.pk or not holds_role:
        raise AgreementError(NOT_THE_SIGNATORY.format(organisation=organisation.name))
    version = _current_version(locked, version_number)
    signoff = _create(
        agreement=locked,
        version=version,
        organisation=organisation,
        organisation_name=organisation.name,
        signatory=actor,
        signatory_name=actor.full_name,
        capacity=capacity,
        capacity_other=office,
        decision=decision,
        conditions=text,
        balance_accepted=balance_accepted and decision != Decision.DECLINE,
        version_sha256=version.sha256,
        assessment_sha256=version.assessment_sha256,
        method=SignOffMethod.IN_SERVICE,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    return _after_decision(locked, version, signoff, actor)


@transaction.atomic
def signoff_record_outside(
    *,
    agreement: Agreement,
    organisation: Organisation,
    actor: User,
    version_number: int,
    signatory_name: str,
    capacity: str,
    capacity_other: str = "",
    decision: str,
    conditions: str = "",
    signed_on: date | None,
    evidence: str,
) -> SignOff:
    """An officer records one party's decision made outside the service (on paper, at a
    board) on the version awaiting sign-off, with who signed, when, and where the
    evidence is. Bound to the same hashes as a sign-off in the service.

    Raises AgreementError as signoff_record does, and for a missing name, date (or one
    in the future) or evidence. Audit: ``signoff.recorded`` (method "outside", with who
    recorded it); then ``agreement.signed`` if every party has now approved."""
    office, text = _check_signoff_fields(
        decision=decision, capacity=capacity, capacity_other=capacity_other, conditions=conditions
    )
    name = signatory_name.strip()
    if not name:
        raise AgreementError(NAME_NEEDED, field="signatory_name")
    if signed_on is None:
        raise AgreementError(SIGNED_ON_NEEDED, field="signed_on")
    if signed_on > timezone.localdate():
        raise AgreementError(SIGNED_ON_FUTURE, field="signed_on")
    if not evidence.strip():
        raise AgreementError(EVIDENCE_NEEDED, field="evidence")
    if len(evidence.strip()) > SIGNOFF_TEXT_LIMIT:
        raise AgreementError(TOO_LONG.format(limit=SIGNOFF_TEXT_LIMIT), field="evidence")
    locked = _lock(agreement)
    if not lifecycle.allows("record_outside_signoff", locked.status):
        raise AgreementError(NOT_AWAITING.format(status=locked.get_status_display().lower()))
    party = _party_for(locked, organisation)
    version = _current_version(locked, version_number)
    signoff = _create(
        agreement=locked,
        version=version,
        organisation=organisation,
        organisation_name=organisation.name,
        signatory=party.signatory
        if party.signatory and party.signatory.full_name == name
        else None,
        signatory_name=name[:200],
        capacity=capacity,
        capacity_other=office,
        decision=decision,
        conditions=text,
        balance_accepted=decision != Decision.DECLINE,
        version_sha256=version.sha256,
        assessment_sha256=version.assessment_sha256,
        method=SignOffMethod.OUTSIDE,
        evidence=evidence.strip(),
        signed_on=signed_on,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    return _after_decision(locked, version, signoff, actor)


def _after_decision(locked: Agreement, version: Version, signoff: SignOff, actor: User) -> SignOff:
    """Record the decision; sign the agreement when every party has approved; tell the
    officers."""
    data: dict[str, object] = {
        "organisation": signoff.organisation_name,
        "signatory": signoff.signatory_name,
        "capacity": signoff.capacity_label,
        "decision": signoff.decision,
        "conditions": signoff.conditions,
        "balance_accepted": signoff.balance_accepted,
        "method": signoff.method,
        "version": version.number,
        "version_sha256": signoff.version_sha256,
        "assessment_sha256": signoff.assessment_sha256,
    }
    if signoff.method == SignOffMethod.OUTSIDE:
        data |= {"evidence": signoff.evidence, "signed_on": signoff.signed_on.isoformat()}  # type: ignore[union-attr]
    parties = set(Party.objects.filter(agreement=locked).values_list("organisation_id", flat=True))
    approved = set(
        SignOff.objects.filter(
            version=version,
            superseded_at=None,
            decision__in=(Decision.APPROVE, Decision.APPROVE_WITH_CONDITIONS),
        ).values_list("organisation_id", flat=True)
    )
    signed = parties <= approved
    signed_data = _sign(locked, version) if signed else None
    what = Decision(signoff.decision).label.lower()
    for officer in _officers(locked):
        if officer.pk != actor.pk:
            notify(
                user=officer,
                subject=f"{locked.reference}: {signoff.organisation_name} chose to {what}",
                body=(
                    f"{signoff.signatory_name} ({signoff.capacity_label}) chose to {what} version "
                    f"{version.number} of {locked.title} for {signoff.organisation_name}."
                    + (f"\n\n{signoff.conditions}" if signoff.conditions else "")
                    + (
                        "\n\nEvery party has now approved: the agreement is signed."
                        if signed
                        else ""
                    )
                    + f"\n\n{_site_url(locked.get_absolute_url())}"
                ),
            )
    # The ledger last: its lock is held from the first append to the commit. The sealed
    # PDF is owed in this transaction (made once the signing commits); its own event
    # waits with the others until every write is done.
    with events_last():
        record_event(
            actor=actor, verb="signoff.recorded", target=locked, area=locked.area, data=data
        )
        if signed_data is not None:
            record_event(
                actor=actor,
                verb="agreement.signed",
                target=locked,
                area=locked.area,
                data=signed_data,
            )
            document_request(version=version, user=None, kind=DocumentKind.SEALED)
    return signoff


def _sign(locked: Agreement, version: Version) -> dict[str, object]:
    """Mark the agreement signed on ``version``; returns what ``agreement.signed``
    records."""
    before = locked.status
    previously = locked.signed_version_id
    locked.status = S.SIGNED
    locked.signed_version = version
    locked.status_note = ""
    locked.save(update_fields=["status", "signed_version", "status_note", "updated_at"])
    # The version signed before (if any) is no longer the one in force.
    replaced = signoffs_supersede(
        agreement=locked, reason=f"Version {version.number} was signed in its place."
    )
    return {
        "status": {"from": before, "to": S.SIGNED},
        "version": version.number,
        "sha256": version.sha256,
        "assessment_sha256": version.assessment_sha256,
        **(
            {"replaces_signed_version": True, "signoffs_superseded": replaced} if previously else {}
        ),
    }
