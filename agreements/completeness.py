"""What an agreement still needs before it can go to sign-off, in the officer's words."""

from dataclasses import dataclass

from gateways.models import DataCategory
from gateways.rules import (
    Advice,
    BasisStack,
    SharingContext,
    basis_stack_warnings,
    check_basis_stack,
)

from .models import Agreement, AgreementKind, Assessment, CategoryBasis, Party
from .rendering import unfilled_prompts
from .snapshot import active_questions


@dataclass(frozen=True)
class Gap:
    anchor: str  # where on the agreement page to fix it
    message: str


def basis_stack(basis: CategoryBasis) -> BasisStack:
    return BasisStack(
        art6=basis.art6_id or "",
        annex1=tuple(sorted(b.code for b in basis.annex1.all())),
        art9=basis.art9_id or "",
        art10=basis.art10,
        official_authority=basis.official_authority,
        schedule1=tuple(sorted(b.code for b in basis.schedule1.all())),
        part3=basis.part3,
        schedule8=tuple(sorted(b.code for b in basis.schedule8.all())),
        common_law=basis.common_law_id or "",
        policy_document=basis.policy_document,
    )


def context_for(
    agreement: Agreement,
    *,
    party: Party,
    data_category: DataCategory,
    law_enforcement: bool,
    public_task: bool,
) -> SharingContext:
    """What the rules need: the data's nature, and whether the party relying on the
    stack is a public authority (DPA 2018 s.7), as its organisation records."""
    organisation = party.organisation
    return SharingContext(
        special_category=data_category.special_category,
        criminal_offence=data_category.criminal_offence,
        health_or_care=data_category.health_or_care,
        public_authorities=(organisation.name,) if organisation.public_authority else (),
        public_task=public_task,
        law_enforcement=law_enforcement,
    )


def sharing_context(basis: CategoryBasis, agreement: Agreement) -> SharingContext:
    return context_for(
        agreement,
        party=basis.party,
        data_category=basis.data_category,
        law_enforcement=basis.law_enforcement,
        public_task=basis.public_task,
    )


def stack_label(basis: CategoryBasis) -> str:
    """The category and whose stack it is, as officers read it."""
    who = basis.party.organisation.name
    if basis.recipient is not None:
        who = f"{who} to {basis.recipient.organisation.name}"
    return f"{basis.data_category.name} ({who})"


def basis_warnings(agreement: Agreement) -> dict[int, list[Advice]]:
    """Advice on each recorded stack, by its id: shown beside it, never blocking."""
    return {
        basis.pk: found
        for basis in agreement.category_bases.all()
        if (found := basis_stack_warnings(basis_stack(basis), sharing_context(basis, agreement)))
    }


def completeness_gaps(agreement: Agreement) -> list[Gap]:
    """Everything missing, in page order. Empty means ready for sign-off."""
    gaps: list[Gap] = []
    parties = list(agreement.parties.all())
    minimum = 1 if agreement.kind == AgreementKind.ONE_OFF else 2
    if len(parties) < minimum:
        gaps.append(Gap("parties", f"Add the parties: at least {minimum}."))
    for party in parties:
        if party.signatory_id is None:
            gaps.append(Gap("parties", f"Choose who signs for {party.organisation.name}."))
    if not agreement.gateway_links.exists():
        gaps.append(
            Gap("gateways", "Name the legal gateway (power or duty) the sharing relies on.")
        )
    bases = list(agreement.category_bases.all())
    if not bases:
        gaps.append(
            Gap("lawful-bases", "Say which categories of data are shared, with their lawful bases.")
        )
    relying = {basis.party_id for basis in bases}
    for party in parties if bases else []:
        if party.pk not in relying:
            gaps.append(
                Gap(
                    "lawful-bases",
                    f"Record the lawful bases {party.organisation.name} relies on: each "
                    "party needs its own.",
                )
            )
    for basis in bases:
        for breach in check_basis_stack(basis_stack(basis), sharing_context(basis, agreement)):
            gaps.append(Gap("lawful-bases", f"{stack_label(basis)}: {breach.message}"))
    if agreement.review_date is None:
        gaps.append(Gap("details", "Set a review date."))
    gaps.extend(assessment_gaps(agreement))
    for section in agreement.sections.all():
        anchor = f"section-{section.key}"
        if section.required and not section.body.strip():
            gaps.append(Gap(anchor, f"Write the section \u201c{section.heading}\u201d."))
        elif prompts := unfilled_prompts(section.body):
            gaps.append(
                Gap(anchor, f"Fill in \u201c{prompts[0]}\u201d in \u201c{section.heading}\u201d.")
            )
    return gaps


def assessment_gaps(agreement: Agreement) -> list[Gap]:
    """What the trade-off assessment still needs before sign-off: every question scored
    (each score comes with its reason), a balance statement and an overall position."""
    try:
        assessment = agreement.assessment
    except Assessment.DoesNotExist:
        return [Gap("assessment", "Complete the trade-off assessment.")]
    scored = {answer.question_id for answer in assessment.answers.all()}
    unscored = [q for q in active_questions() if q.pk not in scored]
    gaps = []
    if unscored:
        gaps.append(
            Gap(
                "assessment",
                f"Score {len(unscored)} more question{'s' if len(unscored) != 1 else ''} "
                "of the trade-off assessment.",
            )
        )
    if not assessment.balance_statement.strip():
        gaps.append(Gap("assessment", "Write the balance statement of the trade-off."))
    if assessment.overall_position is None:
        gaps.append(Gap("assessment", "Say where the balance of the trade-off falls overall."))
    return gaps
