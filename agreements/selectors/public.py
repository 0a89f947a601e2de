"""What the public register may show: published agreements as the version published (in
force, lapsed or withdrawn), never a draft, an unpublished version or the working copy;
the public's counted views, with hidden comments left out; and what came of each
expected benefit. Nothing here needs a signed-in user, and nothing returned holds a
member of the public's e-mail address."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from gateways.models import DataCategory, Gateway
from partners.models import Area, Organisation, StakeholderGroup

from ..models import (
    BenefitOutcome,
    DocumentKind,
    DocumentStatus,
    Perspective,
    PerspectiveScore,
    Publication,
    PublicView,
    PublicViewScore,
    RenderedDocument,
    Version,
)
from ..spread import TestSpread, assessment_scores, person_scores, spread_by_group

MAX_QUERY_LENGTH = 200
MAX_FALLBACK_WORDS = 8


@dataclass(frozen=True)
class PublicFilters:
    """What a resident searched for. Values come straight from the query string: an
    unknown one matches nothing rather than failing."""

    query: str = ""
    area: str = ""
    theme: str = ""
    gateway: str = ""
    organisation: str = ""
    category: str = ""
    status: str = ""

    @property
    def any(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def clean_query(raw: str) -> tuple[str, bool]:
    """The search text as searched (control characters gone, spaces collapsed) and
    whether it had to be shortened."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in raw or "").split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def publication_list() -> QuerySet[Publication]:
    """Every agreement on the register, with its area (without its search words)."""
    return Publication.objects.select_related("area").defer("search_text", "search_vector")


def _search(publications: QuerySet[Publication], query: str) -> QuerySet[Publication]:
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            publications.filter(Q(search_vector=search) | Q(reference__iexact=query))
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "reference")
        )
    words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1][:MAX_FALLBACK_WORDS]
    if not words:
        return publications.none()
    for word in words:
        publications = publications.filter(search_text__icontains=word)
    return publications.order_by("reference")


def publication_search(*, filters: PublicFilters) -> QuerySet[Publication]:
    """The register narrowed by ``filters``: with a query, best match first; without,
    the most recently published first. Each filter is one indexed join or column."""
    publications = publication_list()
    if filters.area:
        publications = publications.filter(area__slug=filters.area)
    if filters.status:
        publications = publications.filter(status=filters.status)
    if filters.theme:
        publications = publications.filter(themes__theme=filters.theme)
    if filters.gateway:
        publications = publications.filter(gateways__slug=filters.gateway)
    if filters.organisation:
        if not filters.organisation.isdigit() or len(filters.organisation) > 18:
            return publications.none()
        publications = publications.filter(organisations__pk=int(filters.organisation))
    if filters.category:
        publications = publications.filter(data_categories__slug=filters.category)
    if filters.query:
        return _search(publications, filters.query)
    return publications.order_by("-published_at", "reference")


def publication_export() -> QuerySet[Publication]:
    """The whole register in its stable open-data order (by reference), with the
    version's hashes."""
    return (
        Publication.objects.select_related("area")
        .select_related("version")
        .defer("version__content", "version__canonical", "search_text", "search_vector")
        .order_by("reference")
    )


REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


def publication_get(*, reference: str) -> Publication:
    """One agreement on the register, with its version (content and all). Raises
    Publication.DoesNotExist for anything not published, or not a reference at all."""
    if not REFERENCE.fullmatch(reference):
        raise Publication.DoesNotExist
    return Publication.objects.select_related("area", "version").get(reference=reference)


def publications_relying_on(*, gateway: Gateway) -> QuerySet[Publication]:
    """The agreements on the register whose published version relies on ``gateway``."""
    return gateway.publications.select_related("area").order_by("area__name", "reference")


def recently_changed(*, limit: int = 50) -> QuerySet[Publication]:
    """For the feed: agreements newly published or changed, latest first."""
    return publication_list().order_by("-changed_at", "reference")[:limit]


@dataclass(frozen=True)
class PdfLink:
    url: str
    sha256: str
    size: int = 0


def published_pdfs(*, version_ids: list[int]) -> dict[int, PdfLink]:
    """The sealed PDF of each of these versions that has one ready, by version id: the
    one place the register asks for them, in one query. Only versions on the register
    (a publication's version) count; versions without a sealed PDF are absent, and the
    register shows no link for them."""
    if not version_ids:
        return {}
    on_register = Publication.objects.filter(version_id=OuterRef("version_id"))
    rows = (
        RenderedDocument.objects.filter(
            version_id__in=version_ids, kind=DocumentKind.SEALED, status=DocumentStatus.READY
        )
        .exclude(file="")
        .annotate(reference=Subquery(on_register.values("reference")[:1]))
        .exclude(reference=None)
        .values_list("version_id", "reference", "sha256", "size")
    )
    return {
        version_id: PdfLink(
            url=reverse("register:agreement-pdf", kwargs={"public_reference": reference}),
            sha256=sha256,
            size=size or 0,
        )
        for version_id, reference, sha256, size in rows
    }


def published_document(*, reference: str) -> RenderedDocument:
    """The sealed PDF of the version on the register under ``reference``, ready. Raises
    RenderedDocument.DoesNotExist for anything else: a reference not on the register,
    or one whose sealed PDF is not ready."""
    try:
        publication = publication_get(reference=reference)
    except Publication.DoesNotExist as exc:
        raise RenderedDocument.DoesNotExist from exc
    return (
        RenderedDocument.objects.select_related("version__agreement")
        .exclude(file="")
        .get(
            version_id=publication.version_id,
            kind=DocumentKind.SEALED,
            status=DocumentStatus.READY,
        )
    )


def published_pdf(*, version: Version) -> PdfLink | None:
    return published_pdfs(version_ids=[version.pk]).get(version.pk)


@dataclass(frozen=True)
class FilterOptions:
    areas: list[tuple[str, str]]
    gateways: list[tuple[str, str]]
    organisations: list[tuple[str, str]]
    categories: list[tuple[str, str]]


def filter_options() -> FilterOptions:
    """What the register can be narrowed to: only values some published agreement has.
    Four queries, each a semi-join on an indexed link table, however many agreements
    there are."""
    gateways = Publication.gateways.through.objects.filter(gateway_id=OuterRef("pk"))
    organisations = Publication.organisations.through.objects.filter(organisation_id=OuterRef("pk"))
    categories = Publication.data_categories.through.objects.filter(datacategory_id=OuterRef("pk"))
    return FilterOptions(
        areas=list(Area.objects.order_by("name").values_list("slug", "name")),
        gateways=[
            (slug, f"{act} {year}, {provision}")
            for slug, act, year, provision in Gateway.objects.filter(Exists(gateways))
            .order_by("act_title", "act_year", "provision_key")
            .values_list("slug", "act_title", "act_year", "provision")
        ],
        organisations=[
            (str(pk), f"{name} ({area})")
            for pk, name, area in Organisation.objects.filter(Exists(organisations))
            .order_by("name", "area__name")
            .values_list("pk", "name", "area__name")
        ],
        categories=list(
            DataCategory.objects.filter(Exists(categories))
            .order_by("name")
            .values_list("slug", "name")
        ),
    )


def areas_with_counts() -> list[tuple[str, str, int]]:
    """Every area (slug, name) with how many agreements it has on the register."""
    counts = dict(
        Publication.objects.values_list("area_id")
        .annotate(n=Count("pk"))
        .values_list("area_id", "n")
    )
    return [
        (slug, name, counts.get(pk, 0))
        for pk, slug, name in Area.objects.order_by("name").values_list("pk", "slug", "name")
    ]


@dataclass
class CountedView:
    """One counted view of a version, from a person who signed in (a perspective) or a
    member of the public, in the shape agreements.spread asks for."""

    group: str
    overall_position: int
    score_list: list[tuple[str, int]]


def public_views_counted(*, version_id: int) -> list[CountedView]:
    """Every confirmed public view of a version, hidden comments included (their scores
    still count): two queries."""
    views = list(
        PublicView.objects.filter(version_id=version_id, confirmed_at__isnull=False).values_list(
            "pk", "overall_position"
        )
    )
    scores: dict[int, list[tuple[str, int]]] = {}
    for view_id, test, score in PublicViewScore.objects.filter(
        view__version_id=version_id, view__confirmed_at__isnull=False
    ).values_list("view_id", "test", "score"):
        scores.setdefault(view_id, []).append((test, score))
    return [
        CountedView(StakeholderGroup.PUBLIC, position, scores.get(pk, [])) for pk, position in views
    ]


def public_comments(*, version_id: int) -> QuerySet[PublicView]:
    """The public's comments on a version as the register shows them: confirmed, not
    hidden, with words in them. Never the address (it is gone by then anyway)."""
    return (
        PublicView.objects.filter(
            version_id=version_id, confirmed_at__isnull=False, hidden_at__isnull=True
        )
        .exclude(comment="")
        .only("pk", "overall_position", "comment", "confirmed_at")
        .order_by("confirmed_at", "pk")
    )


def register_spread(*, version: Version) -> tuple[list[TestSpread], int]:
    """How each group scores a published version, the public included, and how many
    views there are: perspectives of those who signed in (by group, never by name) and
    confirmed public views. Four queries."""
    people: list[tuple[str, dict[str, float]]] = []
    perspectives = list(
        Perspective.objects.filter(version=version).values_list("pk", "group", "overall_position")
    )
    scores: dict[int, list[tuple[str, int]]] = {}
    for perspective_id, test, score in PerspectiveScore.objects.filter(
        perspective__version=version
    ).values_list("perspective_id", "test", "score"):
        scores.setdefault(perspective_id, []).append((test, score))
    for pk, group, position in perspectives:
        people.append((group, person_scores(scores.get(pk, []), position)))
    for view in public_views_counted(version_id=version.pk):
        people.append((view.group, person_scores(view.score_list, view.overall_position)))
    frozen = version.content.get("assessment")
    return spread_by_group(people, assessment_scores(frozen)), len(people)


def benefit_outcomes(*, agreement_ids: list[int]) -> dict[int, dict[str, BenefitOutcome]]:
    """The latest outcome recorded for each expected benefit (by its words), per
    agreement: one query for any number of agreements."""
    latest: dict[int, dict[str, BenefitOutcome]] = {}
    for outcome in BenefitOutcome.objects.filter(agreement_id__in=agreement_ids).order_by(
        "recorded_at", "pk"
    ):
        latest.setdefault(outcome.agreement_id, {})[outcome.benefit] = outcome
    return latest


def benefits_with_outcomes(
    publication: Publication, outcomes: dict[str, BenefitOutcome]
) -> list[dict[str, Any]]:
    """Each benefit the published version expects, beside what came of it (or None)."""
    return [
        {
            **benefit,
            "expected_by": date.fromisoformat(benefit["expected_by"])
            if benefit.get("expected_by")
            else None,
            "position": index,
            "realised": outcomes.get(benefit["description"]),
        }
        for index, benefit in enumerate(publication.record.get("expected_benefits", []))
    ]


# For the area's officers: the register's side of one of their agreements.


def publication_of(*, agreement_id: int) -> Publication | None:
    """The agreement's entry on the register, if it was ever published."""
    return Publication.objects.select_related("version").filter(agreement_id=agreement_id).first()


def public_views_for_officers(*, agreement_id: int) -> list[PublicView]:
    """Every counted view of any version of the agreement, newest first, hidden ones
    included with who hid them and why. Never an address: counted views hold none."""
    return list(
        PublicView.objects.filter(agreement_id=agreement_id, confirmed_at__isnull=False)
        .select_related("version", "hidden_by")
        .defer("email")
        .order_by("-confirmed_at", "-pk")
    )


def public_views_waiting(*, agreement_id: int) -> int:
    """How many views are waiting for their author to confirm them."""
    return PublicView.objects.filter(agreement_id=agreement_id, confirmed_at=None).count()


def public_view_get(*, area: Area, pk: int) -> PublicView:
    """A counted view of one of the area's agreements. Raises PublicView.DoesNotExist
    for one of another area, or one not yet confirmed."""
    return (
        PublicView.objects.select_related("agreement__area", "version")
        .defer("email")
        .get(pk=pk, agreement__area=area, confirmed_at__isnull=False)
    )
