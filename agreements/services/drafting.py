"""Writing an agreement's working copy: creating it, its details and its sections, and
what every change to it means (a change while it awaits sign-off takes it back to
draft). Every change is recorded in the audit ledger. Parties are in ``parties``;
gateways and lawful bases in ``bases``."""

import difflib
import hashlib
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import changes, record_event
from partners.models import CIVIL_SOCIETY_KINDS, Area, Organisation, User

from .. import lifecycle
from ..models import (
    SECTION_TEXT_LIMIT,
    Agreement,
    AgreementStatus,
    Assessment,
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
