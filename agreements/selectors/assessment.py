"""Scoped reads of the trade-off assessment and the perspectives on it."""

from typing import Any

from django.db.models import Prefetch

from partners.models import User

from ..models import (
    Agreement,
    Assessment,
    AssessmentAnswer,
    Benefit,
    Perspective,
    PerspectiveScore,
    Risk,
    Version,
)
from ..spread import TestSpread, assessment_scores, person_scores, spread_by_group


def assessment_get(*, agreement: Agreement) -> Assessment:
    """The agreement's working assessment, with its answers, benefits and risks."""
    return (
        Assessment.objects.select_related("updated_by")
        .prefetch_related(
            Prefetch("answers", queryset=AssessmentAnswer.objects.select_related("question")),
            "benefits",
            "risks",
        )
        .get(agreement=agreement)
    )


def benefit_get(*, agreement: Agreement, pk: int) -> Benefit:
    return Benefit.objects.select_related("assessment__agreement").get(
        assessment__agreement=agreement, pk=pk
    )


def risk_get(*, agreement: Agreement, pk: int) -> Risk:
    return Risk.objects.select_related("assessment__agreement").get(
        assessment__agreement=agreement, pk=pk
    )


def perspective_list(*, version_id: int) -> list[Perspective]:
    """Every current perspective on a version with who gave it, each with ``score_list``
    (its (test, score) pairs): two queries, whether there are none or hundreds."""
    perspectives = list(
        Perspective.objects.filter(version_id=version_id)
        .select_related("person")
        .order_by("created_at")
    )
    scores: dict[int, list[tuple[str, int]]] = {}
    for perspective_id, test, score in PerspectiveScore.objects.filter(
        perspective__version_id=version_id
    ).values_list("perspective_id", "test", "score"):
        scores.setdefault(perspective_id, []).append((test, score))
    for perspective in perspectives:
        perspective.score_list = scores.get(perspective.pk, [])  # type: ignore[attr-defined]
    return perspectives


def perspective_of(*, user: User, version: Version) -> Perspective | None:
    return (
        Perspective.objects.filter(version=version, person_id=user.pk)
        .prefetch_related("scores")
        .first()
    )


def perspective_spread(
    *, perspectives: list[Perspective], frozen_assessment: dict[str, Any] | None
) -> list[TestSpread]:
    """Per test, each stakeholder group's median, range and count, beside the
    assessment's own scores (from the version's frozen assessment)."""
    people = [
        (p.group, person_scores(getattr(p, "score_list", []), p.overall_position))
        for p in perspectives
    ]
    return spread_by_group(people, assessment_scores(frozen_assessment))
