"""The views behind the insights across areas: every recorded perspective and counted
public view, with where it sits (area, service themes, when) and its score per test.
Scoped: the public scope is published versions only; a signed-in person also sees the
versions of their own areas' agreements (platform admins, every area's)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from partners.models import StakeholderGroup
from partners.permissions import AnyUser, user_is_platform_admin, user_roles_by_area

from ..models import (
    Agreement,
    AgreementGateway,
    CategoryBasis,
    Perspective,
    PerspectiveScore,
    Publication,
    PublicationTheme,
    PublicView,
    PublicViewScore,
)
from ..spread import person_scores
from ..themes import themes_for


@dataclass(frozen=True)
class Where:
    reference: str
    title: str
    area: str
    themes: tuple[str, ...]
    published: bool


@dataclass
class Point:
    """One person's (or one member of the public's) view of one version."""

    agreement_id: int
    group: str
    when: datetime
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class InsightData:
    points: list[Point]
    agreements: dict[int, Where]


def _published() -> dict[int, Where]:
    """Agreements on the register, by agreement id."""
    themes: dict[int, list[str]] = {}
    for publication_id, theme in PublicationTheme.objects.values_list("publication_id", "theme"):
        themes.setdefault(publication_id, []).append(theme)
    return {
        agreement_id: Where(reference, title, area, tuple(themes.get(pk, [])), True)
        for pk, agreement_id, reference, title, area in Publication.objects.values_list(
            "pk", "agreement_id", "reference", "title", "area__name"
        )
    }


def _own(area_ids: list[int] | None, known: dict[int, Where]) -> dict[int, Where]:
    """Agreements of these areas (every area for None) not already on the register,
    with themes from their working copy's gateways and kinds of data."""
    agreements = Agreement.objects.exclude(pk__in=list(known))
    if area_ids is not None:
        agreements = agreements.filter(area_id__in=area_ids)
    rows = list(agreements.values_list("pk", "reference", "title", "area__name"))
    ids = [row[0] for row in rows]
    purposes: dict[int, set[str]] = {}
    for agreement_id, slug in AgreementGateway.objects.filter(agreement_id__in=ids).values_list(
        "agreement_id", "gateway__purposes__slug"
    ):
        if slug:
            purposes.setdefault(agreement_id, set()).add(slug)
    categories: dict[int, set[str]] = {}
    for agreement_id, slug in CategoryBasis.objects.filter(agreement_id__in=ids).values_list(
        "agreement_id", "data_category__slug"
    ):
        categories.setdefault(agreement_id, set()).add(slug)
    return {
        pk: Where(
            reference,
            title,
            area,
            tuple(themes_for(purposes=purposes.get(pk, ()), categories=categories.get(pk, ()))),
            False,
        )
        for pk, reference, title, area in rows
    }


def _points(perspectives: QuerySet[Perspective], views: QuerySet[PublicView]) -> list[Point]:
    """Four queries: the perspectives and their scores, the public views and theirs."""
    scores: dict[int, list[tuple[str, int]]] = {}
    for perspective_id, test, score in PerspectiveScore.objects.filter(
        perspective__in=perspectives.values("pk")
    ).values_list("perspective_id", "test", "score"):
        scores.setdefault(perspective_id, []).append((test, score))
    points = [
        Point(agreement_id, group, when, person_scores(scores.get(pk, []), position))
        for pk, agreement_id, group, position, when in perspectives.values_list(
            "pk", "agreement_id", "group", "overall_position", "created_at"
        )
    ]
    public: dict[int, list[tuple[str, int]]] = {}
    for view_id, test, score in PublicViewScore.objects.filter(
        view__in=views.values("pk")
    ).values_list("view_id", "test", "score"):
        public.setdefault(view_id, []).append((test, score))
    points += [
        Point(
            agreement_id,
            StakeholderGroup.PUBLIC,
            when,
            person_scores(public.get(pk, []), position),
        )
        for pk, agreement_id, position, when in views.values_list(
            "pk", "agreement_id", "overall_position", "confirmed_at"
        )
        if when is not None
    ]
    return points


def insight_data_public() -> InsightData:
    """Views of the versions on the public register only: perspectives (by group, never
    by name) and counted public views."""
    where = _published()
    versions = Publication.objects.values("version_id")
    points = _points(
        Perspective.objects.filter(version_id__in=versions),
        PublicView.objects.filter(version_id__in=versions, confirmed_at__isnull=False),
    )
    return InsightData(points=points, agreements=where)


def insight_data_for(*, user: AnyUser) -> InsightData:
    """For someone signed in: the register's, and every issued version of the agreements
    of the areas they belong to (every area's, for platform admins)."""
    where = _published()
    versions = Publication.objects.values("version_id")
    area_ids = None if user_is_platform_admin(user) else list(user_roles_by_area(user))
    own = _own(area_ids, where)
    where = {**where, **own}
    mine = (
        Agreement.objects.all()
        if area_ids is None
        else Agreement.objects.filter(area_id__in=area_ids)
    )
    scope = Q(version_id__in=versions) | Q(agreement_id__in=mine.values("pk"))
    points = _points(
        Perspective.objects.filter(scope),
        PublicView.objects.filter(scope, confirmed_at__isnull=False),
    )
    return InsightData(points=points, agreements=where)
