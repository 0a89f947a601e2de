"""Writing an agreement's working copy: creating it, its sections, parties, gateways and
lawful bases. Every change is recorded in the audit ledger."""

import difflib
import hashlib
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import changes, record_event
from gateways.models import DataCategory, Gateway, GatewayStatus, LawfulBasis
from gateways.rules import Advice, BasisStack, Breach, basis_stack_warnings, check_basis_stack
from partners.models import CIVIL_SOCIETY_KINDS, Area, Membership, Organisation, Role, User

from .. import lifecycle
from ..completeness import basis_stack, context_for
from ..models import (
    SECTION_TEXT_LIMIT,
    Agreement,
    AgreementGateway,
    AgreementStatus,
    Assessment,
    CategoryBasis,
    Party,
    Section,
    Template,
)
from ..permissions import user_can_edit_locked_clauses
from . import errors
from .errors import AgreementError, SectionConflict
from .superseding import signoffs_supersede
from .templating import current_version


def reference_prefix(area: Area) -> str:
    words = area.slug.split("-")
    return "".join(w[0] for w in words).upper() if len(words) > 1 else area.slug[:3].upper()


def _next_reference(area: Area) -> str:
    year = timezone.now().year
    stem = f"{reference_prefix(area)}-{year}-"
    taken = Agreement.objects.filter(reference__startswith=stem).values_list("reference", flat=True)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in taken if ref.rsplit("-", 1)[1].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:03d}"


def _lock(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=agreement.pk)
    )


def ensure_editable(agreement: Agreement) -> Agreement:
    """Lock the agreement for a change to its working copy.
    Raises AgreementError once it is signed, published, withdrawn or lapsed."""
    locked = _lock(agreement)
    if not lifecycle.allows("edit", locked.status):
        raise AgreementError(errors.NOT_EDITABLE.format(status=locked.get_status_display().lower()))
    return locked


def working_copy_changed(locked: Agreement, actor: User | None) -> None:
    """Call after a change to the working copy has been made. A change while the
    agreement awaits sign-off takes it back to draft: what signatories were asked to
    sign is no longer the text, so the sign-offs already made on it are superseded
    (kept, no longer counted). Saves that change nothing never get here.
    Audit: ``agreement.reopened`` with how many sign-offs were superseded."""
    if locked.status == AgreementStatus.AWAITING_SIGNOFF:
        locked.status = AgreementStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        superseded = signoffs_supersede(
            agreement=locked, reason="The draft changed while it awaited sign-off."
        )
        record_event(
            actor=actor,
            verb="agreement.reopened",
            target=locked,
            area=locked.area,
            data={
                "status": {"from": AgreementStatus.AWAITING_SIGNOFF, "to": AgreementStatus.DRAFT},
                "signoffs_superseded": superseded,
            },
        )
    else:
        locked.save(update_fields=["updated_at"])


@transaction.atomic
def agreement_create(
    *,
    area: Area,
    template: Template,
    title: str,
    lead_organisation: Organisation,
    actor: User,
    review_date: date | None = None,
) -> Agreement:
    """A new draft in ``area`` from the template's current version: its sections, with
    their guidance and default text, and the lead organisation as the first party.
    Raises AgreementError for an organisation outside the area or not able to be a party.
    (The forms ask for a review date in the future; records of older agreements may
    carry a past one, which lapses them.) Audit: ``agreement.created``."""
    if lead_organisation.area_id != area.pk:
        raise AgreementError(errors.PARTY_NOT_IN_AREA, field="lead_organisation")
    if lead_organisation.kind in CIVIL_SOCIETY_KINDS:
        raise AgreementError(errors.PARTY_NOT_A_PARTY, field="lead_organisation")
    version = current_version(template)
    for attempt in range(5):
        try:
            with transaction.atomic():
                agreement = Agreement.objects.create(
                    area=area,
                    reference=_next_reference(area),
                    title=title.strip(),
                    kind=template.kind,
                    template_version=version,
                    lead_organisation=lead_organisation,
                    review_date=review_date,
                    created_by=actor,
                )
            break
        except IntegrityError:  # two agreements numbered at once; take the next number
            if attempt == 4:
                raise
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=ts.position,
            key=ts.key,
            heading=ts.heading,
            guidance=ts.guidance,
            body=ts.default_text,
            locked=ts.locked,
            required=ts.required,
            updated_by=actor,
        )
        for ts in version.sections.order_by("position")
    )
    Party.objects.create(agreement=agreement, organisation=lead_organisation, role="both")
    Assessment.objects.create(agreement=agreement)
    record_event(
        actor=actor,
        verb="agreement.created",
        target=agreement,
        area=area,
        data={
            "reference": agreement.reference,
            "title": agreement.title,
            "template": template.slug,
            "template_version": version.number,
            "lead_organisation": lead_organisation.name,
        },
    )
    return agreement


@transaction.atomic
def agreement_update_details(
    *,
    agreement: Agreement,
    title: str,
    lead_organisation: Organisation,
    review_date: date | None,
    actor: User,
) -> Agreement:
    """Change the title, lead organisation or review date. The lead must be a party.
    Audit: ``agreement.changed``."""
    locked = ensure_editable(agreement)
    if lead_organisation.area_id != locked.area_id:
        raise AgreementError(errors.PARTY_NOT_IN_AREA, field="lead_organisation")
    if not locked.parties.filter(organisation=lead_organisation).exists():
        raise AgreementError(
            "The lead organisation must be one of the parties. Add it as a party first.",
            field="lead_organisation",
        )
    before = {
        "title": locked.title,
        "lead_organisation": locked.lead_organisation.name,
        "review_date": locked.review_date.isoformat() if locked.review_date else None,
    }
    locked.title, locked.lead_organisation, locked.review_date = (
        title.strip(),
        lead_organisation,
        review_date,
    )
    locked.save(update_fields=["title", "lead_organisation", "review_date", "updated_at"])
    after = {
        "title": locked.title,
        "lead_organisation": lead_organisation.name,
        "review_date": review_date.isoformat() if review_date else None,
    }
    if changed := changes(before, after):
        working_copy_changed(locked, actor)
        record_event(
            actor=actor, verb="agreement.changed", target=locked, area=locked.area, data=changed
        )
    return locked


def _text_change(before: str, after: str) -> dict[str, Any]:
    diff = "".join(
        difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), n=1)
    )
    return {
        "characters": {"from": len(before), "to": len(after)},
        "sha256": {
            "from": hashlib.sha256(before.encode()).hexdigest(),
            "to": hashlib.sha256(after.encode()).hexdigest(),
        },
        # The lines changed; very long diffs are cut (the hashes still identify both texts).
        "diff": diff[:20_000],
    }


@transaction.atomic
def section_save(*, section: Section, body: str, base_revision: int, actor: User) -> Section:
    """Save a section's text, if nobody else saved it since ``base_revision``.

    Raises SectionConflict with the other person's text when they did (nothing is
    overwritten), and AgreementError for text over the limit, a locked clause edited by
    someone other than an area admin, or an agreement that can no longer change.
    Audit: ``section.saved`` with the lines changed."""
    if len(body) > SECTION_TEXT_LIMIT:
        raise AgreementError(
            errors.TOO_LONG.format(limit=SECTION_TEXT_LIMIT, length=len(body)), field="body"
        )
    agreement = ensure_editable(section.agreement)
    current = (
        Section.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=section.pk)
    )
    if current.locked and not user_can_edit_locked_clauses(actor, agreement.area):
        raise AgreementError(errors.LOCKED_CLAUSE, field="body")
    if current.revision != base_revision:
        raise SectionConflict(
            current_body=current.body,
            current_revision=current.revision,
            saved_by=current.updated_by.full_name if current.updated_by else "someone",
        )
    body = body.replace("\r\n", "\n")
    if body == current.body:
        return current
    before = current.body
    current.body = body
    current.revision += 1
    current.updated_by = actor
    current.save(update_fields=["body", "revision", "updated_by", "updated_at"])
    working_copy_changed(agreement, actor)
    record_event(
        actor=actor,
        verb="section.saved",
        target=agreement,
        area=agreement.area,
        data={
            "section": current.key,
            "heading": current.heading,
            "revision": {"from": base_revision, "to": current.revision},
            **_text_change(before, body),
        },
    )
    return current


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


@transaction.atomic
def gateway_link_add(
    *, agreement: Agreement, gateway: Gateway, note: str, actor: User
) -> AgreementGateway:
    """Name a gateway in the register that the sharing relies on. Audit: ``gateway.linked``."""
    locked = ensure_editable(agreement)
    if gateway.status != GatewayStatus.APPROVED:
        raise AgreementError(errors.GATEWAY_NOT_IN_REGISTER, field="gateway")
    if locked.gateway_links.filter(gateway=gateway).exists():
        raise AgreementError(errors.ALREADY_RELIED_ON, field="gateway")
    link = AgreementGateway.objects.create(agreement=locked, gateway=gateway, note=note.strip())
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="gateway.linked",
        target=locked,
        area=locked.area,
        data={"gateway": gateway.title, "gateway_id": gateway.slug, "note": link.note},
    )
    return link


@transaction.atomic
def gateway_link_remove(*, link: AgreementGateway, actor: User) -> None:
    """Audit: ``gateway.unlinked``."""
    locked = ensure_editable(link.agreement)
    data = {"gateway": link.gateway.title, "gateway_id": link.gateway.slug}
    link.delete()
    working_copy_changed(locked, actor)
    record_event(actor=actor, verb="gateway.unlinked", target=locked, area=locked.area, data=data)


def check_stack(
    *,
    agreement: Agreement,
    party: Party,
    data_category: DataCategory,
    stack: BasisStack,
    law_enforcement: bool,
    public_task: bool,
) -> tuple[list[Breach], list[Advice]]:
    """The rules ``party``'s proposed stack breaks, and the advice on it, for the form to
    show beside its fields."""
    context = context_for(
        agreement,
        party=party,
        data_category=data_category,
        law_enforcement=law_enforcement,
        public_task=public_task,
    )
    return check_basis_stack(stack, context), basis_stack_warnings(stack, context)


def _stack_of(basis: CategoryBasis) -> tuple[BasisStack, bool, bool, str]:
    return basis_stack(basis), basis.law_enforcement, basis.public_task, basis.note


@transaction.atomic
def category_basis_save(
    *,
    agreement: Agreement,
    data_category: DataCategory,
    law_enforcement: bool,
    public_task: bool,
    art6: LawfulBasis | None,
    art9: LawfulBasis | None,
    art10: bool,
    schedule1: list[LawfulBasis],
    part3: bool,
    schedule8: list[LawfulBasis],
    common_law: LawfulBasis | None,
    note: str,
    actor: User,
    basis: CategoryBasis | None = None,
    annex1: list[LawfulBasis] | None = None,
    official_authority: bool = False,
    policy_document: str = "",
    party: Party | None = None,
    recipient: Party | None = None,
) -> CategoryBasis:
    """Record (or change) the lawful-basis stack ``party`` relies on for one category of
    data, or for the flow of it to ``recipient``. ``party`` defaults to the lead
    organisation's party.

    Raises AgreementError naming the first rule the stack breaks (DPA 2018 and UK GDPR:
    see gateways.rules, applied to this party's own facts), or for a party or recipient
    not of this agreement; the form checks the same rules first to show every breach
    beside its field. Advice (such as a public authority relying on consent) never
    stops a save. Audit: ``lawful_basis.saved``."""
    locked = ensure_editable(agreement)
    if basis is not None:
        party, recipient = basis.party, basis.recipient
    party = party or locked.parties.filter(organisation=locked.lead_organisation).first()
    if party is None or party.agreement_id != locked.pk:
        raise AgreementError(errors.BASIS_PARTY_NOT_HERE, field="party")
    if recipient is not None and (recipient.agreement_id != locked.pk or recipient.pk == party.pk):
        raise AgreementError(errors.BASIS_RECIPIENT_NOT_HERE, field="recipient")
    annex1 = list(annex1 or [])
    policy_document = policy_document.strip()
    stack = BasisStack(
        art6=art6.code if art6 else "",
        annex1=tuple(sorted(b.code for b in annex1)),
        art9=art9.code if art9 else "",
        art10=art10,
        official_authority=official_authority,
        schedule1=tuple(sorted(b.code for b in schedule1)),
        part3=part3,
        schedule8=tuple(sorted(b.code for b in schedule8)),
        common_law=common_law.code if common_law else "",
        policy_document=policy_document,
    )
    breaches, _advice = check_stack(
        agreement=locked,
        party=party,
        data_category=data_category,
        stack=stack,
        law_enforcement=law_enforcement,
        public_task=public_task,
    )
    if breaches:
        raise AgreementError(breaches[0].message, field=breaches[0].layer)
    if basis is None:
        if locked.category_bases.filter(
            data_category=data_category, party=party, recipient=recipient
        ).exists():
            raise AgreementError(errors.CATEGORY_ALREADY_COVERED, field="data_category")
        basis = CategoryBasis(
            agreement=locked, data_category=data_category, party=party, recipient=recipient
        )
    elif _stack_of(CategoryBasis.objects.get(pk=basis.pk)) == (
        stack,
        law_enforcement,
        public_task,
        note.strip(),
    ):
        return basis  # nothing changed: an agreement awaiting sign-off stays so
    basis.law_enforcement, basis.public_task = law_enforcement, public_task
    basis.art6, basis.art9, basis.art10, basis.part3 = art6, art9, art10, part3
    basis.official_authority, basis.policy_document = official_authority, policy_document
    basis.common_law, basis.note = common_law, note.strip()
    basis.save()
    basis.annex1.set(annex1)
    basis.schedule1.set(schedule1)
    basis.schedule8.set(schedule8)
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="lawful_basis.saved",
        target=locked,
        area=locked.area,
        data={
            "data_category": data_category.name,
            "party": party.organisation.name,
            "recipient": recipient.organisation.name if recipient else None,
            "art6": stack.art6,
            "annex1": list(stack.annex1),
            "art9": stack.art9,
            "art10": art10,
            "official_authority": official_authority,
            "schedule1": list(stack.schedule1),
            "part3": part3,
            "schedule8": list(stack.schedule8),
            "common_law": stack.common_law,
            "policy_document": policy_document,
            "law_enforcement": law_enforcement,
            "public_task": public_task,
            "note": basis.note,
        },
    )
    return basis


@transaction.atomic
def category_basis_remove(*, basis: CategoryBasis, actor: User) -> None:
    """Audit: ``lawful_basis.removed``."""
    locked = ensure_editable(basis.agreement)
    data = {
        "data_category": basis.data_category.name,
        "party": basis.party.organisation.name,
        "recipient": basis.recipient.organisation.name if basis.recipient else None,
    }
    basis.delete()
    working_copy_changed(locked, actor)
    record_event(
        actor=actor, verb="lawful_basis.removed", target=locked, area=locked.area, data=data
    )
