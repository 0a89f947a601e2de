"""How each stakeholder group weighs the same trade-off: per test, the median and range of
their members' scores and how many there are; and the geometry of the chart that shows
it (drawn as SVG by templates/agreements/_spread_chart.html, no JavaScript).

A person's score for a test is the mean of their scores for that test's questions (the
questions they could not judge are left out); "overall" is their overall position on
the five-point scale (5: public benefit clearly outweighs the risk to privacy)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean, median
from typing import Any

from partners.models import StakeholderGroup

from .models.assessment import AssessmentTest

TESTS: tuple[tuple[str, str], ...] = (
    *((test.value, test.label) for test in AssessmentTest),
    ("overall", "Overall position"),
)
GROUP_ORDER = {group: position for position, group in enumerate(StakeholderGroup.values)}


@dataclass(frozen=True)
class GroupSpread:
    group: str
    label: str
    count: int
    median: float
    low: float
    high: float


@dataclass(frozen=True)
class TestSpread:
    test: str
    label: str
    groups: list[GroupSpread]
    assessment: float | None  # the assessment's own score for the test, if any


def _round(value: float) -> float:
    return round(value, 1)


def person_scores(scores: Iterable[tuple[str, int]], overall: int) -> dict[str, float]:
    """One person's score per test (mean of their question scores) and overall."""
    by_test: dict[str, list[int]] = {}
    for test, score in scores:
        by_test.setdefault(test, []).append(score)
    result = {test: float(mean(values)) for test, values in by_test.items()}
    result["overall"] = float(overall)
    return result


def assessment_scores(frozen: dict[str, Any] | None) -> dict[str, float]:
    """The assessment's own score per test (mean of its scored questions) and overall,
    from a snapshot's assessment part."""
    if not frozen:
        return {}
    by_test: dict[str, list[int]] = {}
    for question in frozen["questions"]:
        if question["score"] is not None:
            by_test.setdefault(question["test"], []).append(question["score"])
    result = {test: _round(mean(values)) for test, values in by_test.items()}
    if frozen.get("overall_position"):
        result["overall"] = float(frozen["overall_position"]["value"])
    return result


def spread_by_group(
    people: Sequence[tuple[str, dict[str, float]]], assessment: dict[str, float]
) -> list[TestSpread]:
    """``people``: (group, person_scores) for each perspective. Groups with nobody in
    them are left out; groups come in a fixed order."""
    labels = dict(StakeholderGroup.choices)
    result = []
    for test, test_label in TESTS:
        values: dict[str, list[float]] = {}
        for group, scores in people:
            if test in scores:
                values.setdefault(group, []).append(scores[test])
        groups = [
            GroupSpread(
                group=group,
                label=labels.get(group, group),
                count=len(found),
                median=_round(median(found)),
                low=_round(min(found)),
                high=_round(max(found)),
            )
            for group, found in sorted(
                values.items(), key=lambda item: GROUP_ORDER.get(item[0], 99)
            )
        ]
        result.append(TestSpread(test, test_label, groups, assessment.get(test)))
    return result


# Chart geometry, in SVG user units.
WIDTH = 640
LABEL_WIDTH = 190
COUNT_WIDTH = 50
ROW = 22
PANEL_GAP = 34


@dataclass(frozen=True)
class ChartRow:
    y: float
    y_label: float
    label: str
    count: int
    x_low: float
    x_high: float
    x_median: float
    median: float
    low: float
    high: float


@dataclass(frozen=True)
class ChartPanel:
    title: str
    y_title: float
    y_top: float
    y_bottom: float
    y_empty: float
    rows: list[ChartRow]
    x_assessment: float | None
    assessment: float | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    panels: list[ChartPanel]
    ticks: list[tuple[int, float]]
    x_min: float
    x_max: float


def x_of(score: float) -> float:
    left, right = LABEL_WIDTH, WIDTH - COUNT_WIDTH
    return round(left + (score - 1) / 4 * (right - left), 1)


def chart(spreads: list[TestSpread]) -> Chart:
    """Where each group's range, median and the assessment's score go."""
    panels = []
    y = 0.0
    for spread in spreads:
        y_title = y + 14
        top = y + 22
        rows = []
        for index, group in enumerate(spread.groups):
            row_y = top + index * ROW + ROW / 2
            rows.append(
                ChartRow(
                    y=row_y,
                    y_label=row_y + 4,
                    label=group.label,
                    count=group.count,
                    x_low=x_of(group.low),
                    x_high=x_of(group.high),
                    x_median=x_of(group.median),
                    median=group.median,
                    low=group.low,
                    high=group.high,
                )
            )
        bottom = top + max(len(rows), 1) * ROW
        panels.append(
            ChartPanel(
                title=spread.label,
                y_title=y_title,
                y_top=top,
                y_bottom=bottom,
                y_empty=top + 15,
                rows=rows,
                x_assessment=x_of(spread.assessment) if spread.assessment is not None else None,
                assessment=spread.assessment,
            )
        )
        y = bottom + PANEL_GAP
    return Chart(
        width=WIDTH,
        height=y,
        panels=panels,
        ticks=[(score, x_of(score)) for score in range(1, 6)],
        x_min=x_of(1),
        x_max=x_of(5),
    )


def describe(spreads: list[TestSpread]) -> str:
    """The chart in words, for its <desc> and for anyone who cannot see it."""
    parts = []
    for spread in spreads:
        if not spread.groups:
            continue
        groups = "; ".join(
            f"{g.label}: median {g.median:g} (range {g.low:g} to {g.high:g}, {g.count} "
            f"{'person' if g.count == 1 else 'people'})"
            for g in spread.groups
        )
        own = f" The assessment scores it {spread.assessment:g}." if spread.assessment else ""
        parts.append(f"{spread.label}: {groups}.{own}")
    return " ".join(parts) or "No one has recorded a view yet."
