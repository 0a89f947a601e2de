"""An agreement with its trade-off assessed, 60 views of it from six stakeholder groups
and four sign-offs (three approvals and a decline), for the page benchmarks."""

from datetime import timedelta

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AssessmentQuestion, Template
from gateways.models import DataCategory, Gateway, LawfulBasis
from partners import services as partner_services
from partners.models import Organisation, OrganisationKind, Role, User

KINDS = (
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.NHS_BODY,
    OrganisationKind.POLICE,
    OrganisationKind.HOUSING,
    OrganisationKind.VOLUNTARY,
    OrganisationKind.ADVOCACY,
)


def _person(email: str, organisation: Organisation, role: str) -> User:
    user = partner_services.user_create(email=email, full_name=email.split("@")[0], password=None)
    partner_services.membership_grant(user=user, organisation=organisation, role=role, actor=None)
    return user


def weighed_agreement(*, area_slug: str, officer: User) -> tuple[Agreement, User]:
    """The agreement, and the signatory of its lead party (who has declined)."""
    organisations = {
        kind: Organisation.objects.filter(area__slug=area_slug, kind=kind).first() for kind in KINDS
    }
    lead = organisations[OrganisationKind.LOCAL_AUTHORITY]
    assert lead is not None
    agreement = services.agreement_create(
        area=lead.area,
        template=Template.objects.get(slug="information-sharing-protocol"),
        title="Benchmark: a trade-off many people weighed",
        lead_organisation=lead,
        review_date=timezone.localdate() + timedelta(days=365),
        actor=officer,
    )
    signatories = []
    for n, kind in enumerate(KINDS[:4]):
        organisation = organisations[kind]
        assert organisation is not None
        signatory = _person(f"bench-signatory-{n}@example.org", organisation, Role.SIGNATORY)
        signatories.append(signatory)
        party = agreement.parties.filter(organisation=organisation).first()
        if party is None:
            services.party_add(
                agreement=agreement,
                organisation=organisation,
                role="provider",
                signatory=signatory,
                actor=officer,
            )
        else:
            services.party_update(party=party, role="both", signatory=signatory, actor=officer)
    services.gateway_link_add(
        agreement=agreement,
        gateway=Gateway.objects.filter(status="approved").first(),
        note="",
        actor=officer,
    )
    for party in agreement.parties.all():
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
    codes = list(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=agreement.assessment.revision,
        answers={code: services.Answer(4, "Weighed by the partnership.") for code in codes},
        fields={"balance_statement": "The benefit outweighs the risk.", "overall_position": 4},
    )
    admin = User.objects.get(
        memberships__organisation__area=lead.area, memberships__role=Role.AREA_ADMIN
    )
    for section in agreement.sections.all():
        services.section_save(
            section=section,
            body="The parties agree what is set out here. " * 20,
            base_revision=section.revision,
            actor=admin if section.locked else officer,
        )
    version = services.version_issue(agreement=agreement, actor=officer)
    for n in range(60):
        organisation = organisations[KINDS[n % 6]]
        assert organisation is not None
        civil = organisation.kind in (OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY)
        person = _person(
            f"bench-view-{n}@example.org", organisation, Role.REVIEWER if civil else Role.OFFICER
        )
        services.perspective_record(
            version=version,
            actor=person,
            scores={code: 1 + (n + i) % 5 for i, code in enumerate(codes)},
            overall_position=1 + n % 5,
            comment=f"View number {n}.",
        )
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    for n, signatory in enumerate(signatories):
        party = agreement.parties.get(signatory=signatory)
        services.signoff_record(
            agreement=agreement,
            organisation=party.organisation,
            actor=signatory,
            version_number=version.number,
            decision="decline" if n == 0 else "approve",
            conditions="Not yet." if n == 0 else "",
            capacity="dpo",
            balance_accepted=n != 0,
            password_confirmed=True,
        )
    return agreement, signatories[0]
