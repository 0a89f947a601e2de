"""Adoption: another area's published agreement copied in as a new draft of this area's
own, with its trade-off assessment as a starting point. Records an audit event naming
the version adopted and its SHA-256."""

from django.db import transaction

from audit.services import record_event
from partners.models import Area, Organisation, User

from ..models import (
    Agreement,
    AgreementGateway,
    AgreementStatus,
    CategoryBasis,
    Party,
    Section,
    Version,
)
from . import errors
from .assessment import assessment_from_snapshot
from .drafting import _next_reference
from .errors import AgreementError

S = AgreementStatus


@transaction.atomic
def agreement_adopt(
    *, version: Version, area: Area, lead_organisation: Organisation, actor: User
) -> Agreement:
    """Copy another area's published agreement into ``area`` as a new draft: its sections
    as published (locked clauses stay locked), gateways, lawful bases, and its trade-off
    assessment as a starting point for the area's own. Parties are the area's own to add.
    Raises AgreementError for an agreement of the same area or one not published. Audit: ``agreement.adopted``."""
    source = version.agreement
    if source.area_id == area.pk:
        raise AgreementError(errors.ADOPT_OWN_AREA)
    if source.status != S.PUBLISHED:
        raise AgreementError(errors.ADOPT_NOT_PUBLISHED)
    if lead_organisation.area_id != area.pk:
        raise AgreementError(errors.PARTY_NOT_IN_AREA, field="lead_organisation")
    agreement = Agreement.objects.create(
        area=area,
        reference=_next_reference(area),
        title=source.title,
        kind=source.kind,
        template_version=source.template_version,
        lead_organisation=lead_organisation,
        adopted_from=version,
        created_by=actor,
    )
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=entry["position"],
            key=entry["key"],
            heading=entry["heading"],
            guidance=guidance,
            # Placeholders come back, to be filled in with this area's names; versions
            # frozen before the source was kept (schema 1) give their filled-in text.
            body=entry.get("source", entry["text"]),
            locked=entry["locked"],
            required=True,
            updated_by=actor,
        )
        for entry, guidance in (
            (entry, _guidance(source, entry["key"])) for entry in version.content["sections"]
        )
    )
    lead_party = Party.objects.create(
        agreement=agreement, organisation=lead_organisation, role="both"
    )
    assessment_from_snapshot(agreement=agreement, frozen=version.content.get("assessment"))
    for link in source.gateway_links.select_related("gateway"):
        AgreementGateway.objects.create(agreement=agreement, gateway=link.gateway, note=link.note)
    # The adopting area's lead takes the stacks the source's lead relied on (flows to
    # parties it does not have are left out). The policy document is not copied: each
    # controller needs its own (DPA 2018 Sch 1 Part 4), so the adopting area is asked
    # for its reference.
    for basis in source.category_bases.filter(
        party__organisation=source.lead_organisation, recipient__isnull=True
    ).prefetch_related("annex1", "schedule1", "schedule8"):
        copy = CategoryBasis.objects.create(
            agreement=agreement,
            data_category_id=basis.data_category_id,
            party=lead_party,
            law_enforcement=basis.law_enforcement,
            public_task=basis.public_task,
            art6_id=basis.art6_id,
            art9_id=basis.art9_id,
            art10=basis.art10,
            official_authority=basis.official_authority,
            part3=basis.part3,
            common_law_id=basis.common_law_id,
            note=basis.note,
        )
        copy.annex1.set(basis.annex1.all())
        copy.schedule1.set(basis.schedule1.all())
        copy.schedule8.set(basis.schedule8.all())
    record_event(
        actor=actor,
        verb="agreement.adopted",
        target=agreement,
        area=area,
        data={
            "reference": agreement.reference,
            "from_reference": source.reference,
            "from_area": source.area.name,
            "from_version": version.number,
            "from_sha256": version.sha256,
        },
    )
    return agreement


def _guidance(source: Agreement, key: str) -> str:
    section = source.template_version.sections.filter(key=key).only("guidance").first()
    return section.guidance if section else ""
