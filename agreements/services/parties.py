"""The parties to an agreement: adding an organisation of the area, with who signs for
it; changing its role or signatory; removing it. Recorded in the audit ledger."""

from django.db import transaction

from audit.services import changes, record_event
from partners.models import CIVIL_SOCIETY_KINDS, Membership, Organisation, Role, User

from ..models import Agreement, Party
from . import errors
from .drafting import ensure_editable, working_copy_changed
from .errors import AgreementError


def _check_party(agreement: Agreement, organisation: Organisation, signatory: User | None) -> None:
    if organisation.area_id != agreement.area_id:
        raise AgreementError(errors.PARTY_NOT_IN_AREA, field="organisation")
    if organisation.kind in CIVIL_SOCIETY_KINDS:
        raise AgreementError(errors.PARTY_NOT_A_PARTY, field="organisation")
    if (
        signatory is not None
        and not Membership.objects.filter(
            user=signatory, organisation=organisation, role=Role.SIGNATORY
        ).exists()
    ):
        raise AgreementError(errors.SIGNATORY_NOT_OF_PARTY, field="signatory")


@transaction.atomic
def party_add(
    *,
    agreement: Agreement,
    organisation: Organisation,
    role: str,
    signatory: User | None,
    actor: User,
) -> Party:
    """Add an organisation of the area as a party, with who signs for it.
    Audit: ``party.added``."""
    locked = ensure_editable(agreement)
    _check_party(locked, organisation, signatory)
    if locked.parties.filter(organisation=organisation).exists():
        raise AgreementError(errors.ALREADY_A_PARTY, field="organisation")
    party = Party.objects.create(
        agreement=locked, organisation=organisation, role=role, signatory=signatory
    )
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="party.added",
        target=locked,
        area=locked.area,
        data={
            "organisation": organisation.name,
            "role": role,
            "signatory": signatory.full_name if signatory else None,
        },
    )
    return party


@transaction.atomic
def party_update(*, party: Party, role: str, signatory: User | None, actor: User) -> Party:
    """Change a party's role or signatory. Audit: ``party.changed``."""
    locked = ensure_editable(party.agreement)
    _check_party(locked, party.organisation, signatory)
    before = {
        "role": party.role,
        "signatory": party.signatory.full_name if party.signatory else None,
    }
    party.role, party.signatory = role, signatory
    party.save(update_fields=["role", "signatory"])
    after = {"role": role, "signatory": signatory.full_name if signatory else None}
    if changed := changes(before, after):
        working_copy_changed(locked, actor)
        record_event(
            actor=actor,
            verb="party.changed",
            target=locked,
            area=locked.area,
            data={"organisation": party.organisation.name, **changed},
        )
    return party


@transaction.atomic
def party_remove(*, party: Party, actor: User) -> None:
    """Remove a party (not the lead). Audit: ``party.removed``."""
    locked = ensure_editable(party.agreement)
    if party.organisation_id == locked.lead_organisation_id:
        raise AgreementError(errors.LEAD_MUST_STAY)
    data = {"organisation": party.organisation.name, "role": party.role}
    party.delete()
    working_copy_changed(locked, actor)
    record_event(actor=actor, verb="party.removed", target=locked, area=locked.area, data=data)
