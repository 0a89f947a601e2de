"""Agreements made through the services, as officers make them."""

import json
import re
from datetime import timedelta

from django.utils import timezone

from agreements import services
from agreements.models import (
    Agreement,
    Assessment,
    AssessmentQuestion,
    Publication,
    PublicView,
    Section,
    Template,
)
from gateways import services as gateway_services
from gateways.catalogue import catalogue_entries
from gateways.models import DataCategory, Gateway, LawfulBasis
from partners.models import Area, Membership, Organisation, OrganisationKind, Role, User
from tests.partners.factories import MembershipFactory, OrganisationFactory, UserFactory

TEMPLATES = "agreements/data/templates.json"


def load_templates() -> None:
    with open(TEMPLATES, encoding="utf-8") as file:
        for spec in json.load(file):
            services.template_load(spec=spec)


def a_gateway() -> Gateway:
    gateway = Gateway.objects.filter(status="approved").first()
    if gateway is None:
        gateway_services.gateway_catalogue_load(entries=catalogue_entries()[:1])
        gateway = Gateway.objects.get()
    return gateway


def signatory_for(organisation: Organisation) -> User:
    membership = Membership.objects.filter(organisation=organisation, role=Role.SIGNATORY).first()
    if membership:
        return membership.user
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=Role.SIGNATORY)
    return user


def draft(
    *,
    area: Area,
    officer: User,
    template: str = "information-sharing-protocol",
    title: str = "Sharing to support families",
) -> Agreement:
    """A new draft with the area's council as lead."""
    if not Template.objects.exists():
        load_templates()
    lead = Organisation.objects.filter(area=area, kind=OrganisationKind.LOCAL_AUTHORITY).first()
    lead = lead or OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    return services.agreement_create(
        area=area,
        template=Template.objects.get(slug=template),
        title=title,
        lead_organisation=lead,
        review_date=timezone.localdate() + timedelta(days=365),
        actor=officer,
    )


def bases_for_every_party(agreement: Agreement, officer: User) -> None:
    """Contact details under public task for each party that has no stack yet: each
    party needs its own lawful bases."""
    for party in agreement.parties.exclude(bases__isnull=False):
        services.category_basis_save(
            agreement=agreement,
            party=party,
            data_category=DataCategory.objects.get(slug="contact-details"),
            law_enforcement=False,
            public_task=True,
            art6=LawfulBasis.objects.get(code="art6-1-e"),
            art9=None,
            art10=False,
            schedule1=[],
            part3=False,
            schedule8=[],
            common_law=None,
            note="",
            actor=officer,
        )


def complete(agreement: Agreement, officer: User, *, assessed: bool = True) -> Agreement:
    """Everything sign-off needs: a second party, signatories, a gateway, a lawful basis,
    every section written and (unless ``assessed`` is False) the trade-off assessed."""
    lead_party = agreement.parties.get()
    services.party_update(
        party=lead_party,
        role="both",
        signatory=signatory_for(lead_party.organisation),
        actor=officer,
    )
    police = OrganisationFactory(area=agreement.area, kind=OrganisationKind.POLICE)
    services.party_add(
        agreement=agreement,
        organisation=police,
        role="provider",
        signatory=signatory_for(police),
        actor=officer,
    )
    services.gateway_link_add(agreement=agreement, gateway=a_gateway(), note="", actor=officer)
    bases_for_every_party(agreement, officer)
    if assessed:
        assess(agreement, officer)
    admin = officer
    for section in Section.objects.filter(agreement=agreement).order_by("position"):
        body = re.sub(r"\[\[(.+?)\]\]", r"\1", section.body, flags=re.DOTALL) or "Written."
        if body != section.body:
            if section.locked:
                admin = _area_admin(agreement.area)
            services.section_save(
                section=section,
                body=body,
                base_revision=section.revision,
                actor=admin if section.locked else officer,
            )
    agreement.refresh_from_db()
    return agreement


BALANCE = (
    "Sharing lets families get help early, from one worker, instead of being assessed by "
    "every service in turn. Only what is needed is shared, and it is kept safe."
)


def assess(agreement: Agreement, officer: User, score: int = 4) -> None:
    """Score every question, and write the balance statement and overall position."""
    assessment = agreement.assessment
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=Assessment.objects.get(pk=assessment.pk).revision,
        answers={
            q.code: services.Answer(score, f"Reason for {q.code}.")
            for q in AssessmentQuestion.objects.filter(active=True)
        },
        fields={
            "balance_statement": BALANCE,
            "overall_position": 4,
            "risk_of_not_sharing": "Families would be assessed many times over.",
        },
    )


def sign_all(agreement: Agreement, decision: str = "approve") -> None:
    """Every party's signatory signs the version awaiting sign-off in the service."""
    version = agreement.versions.order_by("-number").first()
    assert version is not None
    for party in agreement.parties.select_related("organisation", "signatory"):
        assert party.signatory is not None
        services.signoff_record(
            agreement=agreement,
            organisation=party.organisation,
            actor=party.signatory,
            version_number=version.number,
            decision=decision,
            capacity="dpo",
            conditions="" if decision == "approve" else "Conditions apply.",
            balance_accepted=True,
            password_confirmed=True,
        )


def _area_admin(area: Area) -> User:
    membership = Membership.objects.filter(organisation__area=area, role=Role.AREA_ADMIN).first()
    if membership:
        return membership.user
    council = Organisation.objects.filter(area=area, kind=OrganisationKind.LOCAL_AUTHORITY).first()
    user = UserFactory()
    MembershipFactory(user=user, organisation=council, role=Role.AREA_ADMIN)
    return user


def published(*, area: Area, officer: User, title: str = "Published sharing") -> Agreement:
    """An agreement all the way to the public register."""
    agreement = complete(draft(area=area, officer=officer, title=title), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)
    return services.agreement_publish(agreement=agreement, actor=officer)


def public_view_counted(
    agreement: Agreement,
    officer: User,
    *,
    email: str = "resident@example.net",
    comment: str = "I would like to know who sees this.",
    score: int = 3,
) -> PublicView:
    """A member of the public's confirmed view of a published agreement, given while an
    officer holds it open (and left open)."""
    publication = Publication.objects.get(agreement=agreement)
    if not publication.comments_open:
        services.public_comment_open(agreement=agreement, actor=officer)
    questions = publication.version.content["assessment"]["questions"]
    services.public_view_submit(
        agreement=agreement,
        email=email,
        scores={q["code"]: score for q in questions},
        overall_position=score,
        comment=comment,
    )
    view = PublicView.objects.get(
        version=publication.version, email_hash=services.email_hash(email)
    )
    return services.public_view_confirm(view=view)
