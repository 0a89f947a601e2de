"""How each demo agreement was signed off: by every party in the service, with a
condition and on paper, or declined and then revised. Made through the services."""

from datetime import timedelta

from django.utils import timezone

from partners.models import Organisation, User

from .. import services
from ..models import Agreement, Section, Version
from .perspectives import record_views


def _latest(agreement: Agreement) -> Version:
    version = agreement.versions.order_by("-number").first()
    assert version is not None
    return version


def _sign(
    agreement: Agreement,
    organisation: Organisation,
    decision: str = "approve",
    conditions: str = "",
) -> None:
    party = agreement.parties.select_related("signatory", "organisation").get(
        organisation=organisation
    )
    assert party.signatory is not None
    title = party.signatory.job_title.lower()
    capacity = (
        "caldicott"
        if "caldicott" in title
        else "dpo"
        if "data protection" in title
        else "siro"
        if "risk owner" in title
        else "chief_executive"
        if "chief executive" in title
        else "other"
    )
    services.signoff_record(
        agreement=agreement,
        organisation=organisation,
        actor=party.signatory,
        version_number=_latest(agreement).number,
        decision=decision,
        capacity=capacity,
        capacity_other=party.signatory.job_title if capacity == "other" else "",
        conditions=conditions,
        balance_accepted=decision != "decline",
        password_confirmed=True,
    )


def _parties(agreement: Agreement) -> list[Organisation]:
    return [p.organisation for p in agreement.parties.select_related("organisation")]


def sign_off(agreement: Agreement, officer: User, scenario: str) -> None:
    """Take an agreement awaiting sign-off through the demo's scenario for it."""
    parties = _parties(agreement)
    if scenario == "everyone":
        for organisation in parties:
            _sign(agreement, organisation)
    elif scenario == "condition_and_paper":
        council = next(o for o in parties if o.pk == agreement.lead_organisation_id)
        _sign(
            agreement,
            council,
            "approve_with_conditions",
            "The weekly delayed-discharge figures are published on the council's website, so "
            "residents can see whether the sharing works.",
        )
        for organisation in parties:
            if organisation.pk == council.pk:
                continue
            party = agreement.parties.select_related("signatory").get(organisation=organisation)
            services.signoff_record_outside(
                agreement=agreement,
                organisation=organisation,
                actor=officer,
                version_number=_latest(agreement).number,
                signatory_name=party.signatory.full_name
                if party.signatory
                else "Caldicott Guardian",
                capacity="caldicott",
                decision="approve",
                signed_on=timezone.localdate() - timedelta(days=20),
                evidence="Signed on paper at the Trust's Information Governance Group, minutes item 4; scanned copy filed with the board papers.",
            )
    elif scenario == "declined_then_revised":
        nhs = next(o for o in parties if o.kind == "nhs_body")
        _sign(
            agreement,
            nhs,
            "decline",
            "Person-level A&E attendance data is not needed for a needs assessment: aggregated "
            "figures by neighbourhood would meet the duty with far less risk.",
        )
        services.agreement_start_revision(agreement=agreement, actor=officer)
        section = Section.objects.get(agreement=agreement, key="data-items")
        services.section_save(
            section=section,
            body=(
                "| Data item | Why it is needed |\n|---|---|\n"
                "| A&E attendances for assault, aggregated by neighbourhood and month | To see where violence is concentrated |\n"
                "| Police recorded violent crime, de-personalised, by neighbourhood | To see patterns over time |"
            ),
            base_revision=section.revision,
            actor=officer,
        )
        services.version_issue(
            agreement=agreement,
            actor=officer,
            note="Aggregated hospital figures only, after NHS Greater Manchester declined version 1.",
        )
        record_views(agreement, _latest(agreement))
        services.agreement_request_signoff(agreement=agreement, actor=officer)
        police = next(o for o in parties if o.kind == "police")
        _sign(agreement, police)
