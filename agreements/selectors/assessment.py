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
    """Every current perspective on a version, with its scores and who gave it, in two
    queries whatever their number."""
    return list(
        Perspective.objects.filter(version_id=version_id)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "scores", queryset=PerspectiveScore.objects.only("perspective_id", "test", "score")
            )
        )
        .order_by("created_at")
    )


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
        (p.group, person_scores(((s.test, s.score) for s in p.scores.all()), p.overall_position))
        for p in perspectives
    ]
    return spread_by_group(people, assessment_scores(frozen_assessment))
