"""Scoped reads of agreements' working copies, versions and templates."""

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from partners import selectors as partner_selectors
from partners.models import CIVIL_SOCIETY_KINDS, Area, Membership, Organisation, Role, User
from partners.permissions import AnyUser, user_is_platform_admin, user_roles_by_area

from ..models import (
    Agreement,
    AgreementGateway,
    AgreementStatus,
    CategoryBasis,
    Invitation,
    Party,
    Section,
    Template,
    TemplateVersion,
    TemplateVersionStatus,
    Version,
)
from ..permissions import DRAFT_READERS, user_can_read_drafts


def _issued(key: str) -> Subquery:
    latest = Version.objects.filter(agreement=OuterRef("pk")).order_by("-number")
    return Subquery(latest.values(shown=KT(f"content__agreement__{key}"))[:1])


def with_details_shown(agreements: QuerySet[Agreement], *, user: AnyUser) -> QuerySet[Agreement]:
    """Annotate ``title_shown``, ``lead_organisation_shown`` and ``review_date_shown``:
    the working copy's to people who may read drafts in the agreement's area (and
    platform admins), and the latest issued version's to everyone else: reviewers,
    invited reviewers and the public never see what has not been issued."""
    if user_is_platform_admin(user):
        readers: Q = Q(pk__isnull=False)
    else:
        roles = user_roles_by_area(user)
        readers = Q(
            area_id__in=[a for a, held in roles.items() if not held.isdisjoint(DRAFT_READERS)]
        )
    return agreements.annotate(
        title_shown=Case(
            When(readers, then=F("title")), default=_issued("title"), output_field=TextField()
        ),
        lead_organisation_shown=Case(
            When(readers, then=F("lead_organisation__name")),
            default=_issued("lead_organisation"),
            output_field=TextField(),
        ),
        review_date_shown=Case(
            When(readers, then=F("review_date")),
            default=Cast(_issued("review_date"), DateField()),
            output_field=DateField(),
        ),
    )


def agreement_list_for_area(*, area: Area, user: AnyUser, status: str = "") -> QuerySet[Agreement]:
    """The area's agreements the user may see, newest change first, with the details
    each may be shown (``with_details_shown``). Reviewers see only those with at least
    one issued version."""
    agreements = (
        Agreement.objects.filter(area=area)
        .select_related("lead_organisation")
        .annotate(version_count=Count("versions"))
        .order_by("-updated_at")
    )
    if not user_can_read_drafts(user, area):
        agreements = agreements.filter(Exists(Version.objects.filter(agreement=OuterRef("pk"))))
    if status:
        agreements = agreements.filter(status=status)
    return with_details_shown(agreements, user=user)


def agreement_list_relying_on(*, gateway_id: int, user: AnyUser) -> list[Agreement]:
    """The agreements that name a gateway, as far as ``user`` may see them: published
    ones for everyone; in the user's own areas the rest too (for reviewers, those with a
    version issued for review); those the user is invited to review; all of them for
    platform admins. Each has ``can_open``: whether the user may open its page."""
    has_version = Exists(Version.objects.filter(agreement=OuterRef("pk")))
    invited = Exists(Invitation.objects.filter(agreement=OuterRef("pk"), user_id=user.pk or 0))
    roles = user_roles_by_area(user)
    readers = [area_id for area_id, held in roles.items() if not held.isdisjoint(DRAFT_READERS)]
    admin = user_is_platform_admin(user)
    openable = (
        Q(pk__isnull=False)
        if admin
        else Q(area_id__in=readers)
        | Q(area_id__in=list(roles), has_version=True)
        | Q(invited=True, has_version=True)
    )
    return list(
        with_details_shown(
            Agreement.objects.filter(gateway_links__gateway_id=gateway_id), user=user
        )
        .annotate(has_version=has_version, invited=invited)
        .annotate(can_open=Case(When(openable, then=True), default=False))
        .filter(Q(can_open=True) | Q(status=AgreementStatus.PUBLISHED))
        .select_related("area")
        .order_by("area__name", "reference")
    )


def agreement_get(*, area: Area, user: AnyUser, reference: str) -> Agreement:
    """One agreement of the area, with everything its page shows (and the details the
    user may be shown: ``with_details_shown``), in a fixed number of queries. Raises
    Agreement.DoesNotExist if it is not in the area or not visible."""
    agreement = (
        with_details_shown(Agreement.objects.filter(area=area, reference=reference), user=user)
        .select_related(
            "area",
            "lead_organisation",
            "template_version__template",
            "adopted_from__agreement__area",
            "assessment__updated_by",
        )
        .prefetch_related(
            "assessment__answers",
            "assessment__benefits",
            "assessment__risks",
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position").select_related("updated_by"),
            ),
            Prefetch("parties", queryset=Party.objects.select_related("organisation", "signatory")),
            Prefetch("gateway_links", queryset=AgreementGateway.objects.select_related("gateway")),
            Prefetch(
                "category_bases",
                queryset=CategoryBasis.objects.select_related(
                    "data_category",
                    "party__organisation",
                    "recipient__organisation",
                    "art6",
                    "art9",
                    "common_law",
                ).prefetch_related("annex1", "schedule1", "schedule8"),
            ),
        )
        .get()
    )
    if not user_can_read_drafts(user, area) and not agreement.versions.exists():
        raise Agreement.DoesNotExist
    return agreement


def agreement_get_plain(*, area: Area, user: AnyUser, reference: str) -> Agreement:
    """One agreement of the area as ``agreement_get`` finds it (the same visibility, the
    details the user may be shown), with its area, lead organisation and parties (what
    its placeholders stand for) and nothing else: for the pages about one part of it
    (a section, two versions compared, a version). Raises Agreement.DoesNotExist."""
    agreement = (
        with_details_shown(Agreement.objects.filter(area=area, reference=reference), user=user)
        .select_related("area", "lead_organisation")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        )
        .get()
    )
    if not user_can_read_drafts(user, area) and not agreement.versions.exists():
        raise Agreement.DoesNotExist
    return agreement


def version_list(*, agreement: Agreement) -> QuerySet[Version]:
    """Every version, newest first, without their (large) contents (but with their
    snapshot ``schema``, to compare the working copy with)."""
    return (
        Version.objects.filter(agreement=agreement)
        .defer("content", "canonical")
        .annotate(schema=KT("content__schema"))
        .select_related("issued_by")
        .order_by("-number")
    )


def version_get(*, agreement: Agreement, number: int) -> Version:
    """One version with its snapshot (not the canonical text it was hashed from)."""
    return (
        Version.objects.select_related("issued_by")
        .defer("canonical")
        .get(agreement=agreement, number=number)
    )


def versions_get(*, agreement: Agreement, numbers: tuple[int, int]) -> dict[int, Version]:
    """Two versions in one query, by number, with their snapshots (not the canonical
    texts); missing ones are absent from the result."""
    return {
        v.number: v
        for v in Version.objects.filter(agreement=agreement, number__in=numbers).defer("canonical")
    }


def section_get(*, agreement: Agreement, key: str) -> Section:
    return Section.objects.select_related("agreement__area", "updated_by").get(
        agreement=agreement, key=key
    )


def party_get(*, agreement: Agreement, pk: int) -> Party:
    return Party.objects.select_related("organisation", "agreement").get(agreement=agreement, pk=pk)


def gateway_link_get(*, agreement: Agreement, pk: int) -> AgreementGateway:
    return AgreementGateway.objects.select_related("gateway", "agreement").get(
        agreement=agreement, pk=pk
    )


def category_basis_get(*, agreement: Agreement, pk: int) -> CategoryBasis:
    return CategoryBasis.objects.select_related(
        "data_category", "agreement", "party__organisation", "recipient__organisation"
    ).get(agreement=agreement, pk=pk)


def template_list() -> QuerySet[Template]:
    return Template.objects.order_by("name")


def template_current_version(*, template: Template) -> TemplateVersion:
    """The version in use (the latest approved)."""
    version = (
        template.versions.filter(status=TemplateVersionStatus.APPROVED)
        .order_by("-number")
        .prefetch_related("sections")
        .select_related("created_by")
        .first()
    )
    assert version is not None
    return version


def template_proposed_version(*, template: Template) -> TemplateVersion | None:
    """The revision waiting for a decision, if any, with its sections."""
    return (
        template.versions.filter(status=TemplateVersionStatus.PROPOSED)
        .prefetch_related("sections")
        .select_related("created_by", "proposed_from")
        .first()
    )


def adoptable_versions(*, area: Area) -> QuerySet[Version]:
    """The latest version of each published agreement of other areas."""
    latest = (
        Version.objects.filter(agreement=OuterRef("agreement")).order_by("-number").values("pk")[:1]
    )
    return (
        Version.objects.filter(agreement__status=AgreementStatus.PUBLISHED)
        .exclude(agreement__area=area)
        .filter(pk__in=latest)
        .select_related("agreement__area", "agreement__lead_organisation")
        .defer("content", "canonical")
        .order_by("agreement__area__name", "agreement__title")
    )


def adoptable_version_get(*, area: Area, pk: int) -> Version:
    return adoptable_versions(area=area).defer(None).get(pk=pk)


def party_organisation_list(*, area: Area) -> QuerySet[Organisation]:
    """The area's organisations that can be parties (not civil-society groups)."""
    return partner_selectors.organisation_list_for_area(area=area).exclude(
        kind__in=CIVIL_SOCIETY_KINDS
    )


def signatory_list(*, area: Area, organisation: Organisation | None = None) -> QuerySet[User]:
    """People who may sign for one of the area's organisations (or for ``organisation``),
    each with ``signs_for``: the memberships that let them, with their organisations."""
    roles = Membership.objects.filter(organisation__area=area, role=Role.SIGNATORY)
    if organisation is not None:
        roles = roles.filter(organisation=organisation)
    return (
        User.objects.filter(is_active=True, pk__in=roles.values("user_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=roles.select_related("organisation").order_by("organisation__name"),
                to_attr="signs_for",
            )
        )
        .order_by("full_name")
    )
