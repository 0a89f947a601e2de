"""An agreement with 40 sections and 30 versions, for the page and comparison benchmarks."""

from agreements import services
from agreements.models import Agreement, Section, Template
from partners.demo import demo_email
from partners.models import Organisation, OrganisationKind, Role, User


def big_agreement(*, area_slug: str, officer: User) -> Agreement:
    lead = Organisation.objects.get(area__slug=area_slug, kind=OrganisationKind.LOCAL_AUTHORITY)
    agreement = services.agreement_create(
        area=lead.area,
        template=Template.objects.get(slug="information-sharing-protocol"),
        title="Benchmark agreement",
        lead_organisation=lead,
        actor=officer,
    )
    paragraph = (
        "Each party keeps the shared data secure, gives access only to named staff who need "
        "it, and deletes it when the purpose ends. "
    ) * 6
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=100 + n,
            key=f"extra-{n}",
            heading=f"Schedule {n}",
            body=f"{paragraph}\n\nItem {n}: {paragraph}",
        )
        # About 40 sections in all, and at least the 20 the versions below change.
        for n in range(max(20, 40 - agreement.sections.count()))
    )
    for n in range(30):
        section = Section.objects.get(agreement=agreement, key=f"extra-{n % 20}")
        services.section_save(
            section=section,
            body=section.body.replace("named staff", f"named staff (change {n})", 1),
            base_revision=section.revision,
            actor=officer,
        )
        services.version_issue(agreement=agreement, actor=officer)
    return agreement


def officer_of(area_slug: str) -> User:
    """The area's demo officer."""
    return User.objects.get(email=demo_email(Role.OFFICER, area_slug))
