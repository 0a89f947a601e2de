"""The figures: each group's medians by area, by service theme and over time, and where
groups disagree most. Pure: it works on agreements.selectors.insights' data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from agreements.models import Theme
from agreements.selectors.insights import InsightData, Point
from agreements.spread import GROUP_ORDER, TESTS, TestSpread, spread_by_group
from partners.models import StakeholderGroup

GROUP_LABELS = dict(StakeholderGroup.choices)
TEST_LABELS = dict(TESTS)
THEME_LABELS = dict(Theme.choices)


def _round(value: float) -> float:
    return round(value, 1)


def _groups(points: Iterable[Point]) -> list[str]:
    return sorted({p.group for p in points}, key=lambda g: GROUP_ORDER.get(g, 99))


@dataclass(frozen=True)
class Cell:
    median: float | None
    count: int

    @property
    def text(self) -> str:
        return "" if self.median is None else f"{self.median:g}"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Grid:
    """Median score of one test by facet (rows) and group (columns)."""

    test: str
    facet: str
    groups: list[tuple[str, str]]
    rows: list[Row]


def _cell(values: list[float]) -> Cell:
    return Cell(_round(median(values)), len(values)) if values else Cell(None, 0)


def grid(data: InsightData, *, facet: str, test: str = "overall") -> Grid:
    """Each group's median ``test`` score per area or per service theme (``facet``:
    "area" or "theme"); an agreement with several themes counts under each."""
    groups = _groups(data.points)
    values: dict[str, dict[str, list[float]]] = {}
    for point in data.points:
        where = data.agreements.get(point.agreement_id)
        if where is None or test not in point.scores:
            continue
        keys = [where.area] if facet == "area" else list(where.themes)
        for key in keys:
            values.setdefault(key, {}).setdefault(point.group, []).append(point.scores[test])
    if facet == "area":
        order = sorted(values)
        labels = {key: key for key in order}
    else:
        order = [theme for theme in Theme.values if theme in values]
        labels = {key: str(THEME_LABELS.get(key, key)) for key in order}
    return Grid(
        test=test,
        facet=facet,
        groups=[(g, str(GROUP_LABELS.get(g, g))) for g in groups],
        rows=[
            Row(key, labels[key], [_cell(values[key].get(g, [])) for g in groups]) for key in order
        ],
    )


def overall_spread(data: InsightData) -> list[TestSpread]:
    return spread_by_group([(p.group, p.scores) for p in data.points], {})


def quarter(moment: datetime) -> str:
    return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Series:
    group: str
    label: str
    values: list[Cell]


@dataclass(frozen=True)
class Timeline:
    test: str
    periods: list[str]
    series: list[Series]


def timeline(data: InsightData, *, test: str = "overall") -> Timeline:
    """Each group's median ``test`` score per quarter, by when each view was given."""
    by: dict[str, dict[str, list[float]]] = {}
    for point in data.points:
        if test in point.scores and point.agreement_id in data.agreements:
            by.setdefault(point.group, {}).setdefault(quarter(point.when), []).append(
                point.scores[test]
            )
    periods = sorted({period for values in by.values() for period in values})
    return Timeline(
        test=test,
        periods=periods,
        series=[
            Series(g, str(GROUP_LABELS.get(g, g)), [_cell(by[g].get(p, [])) for p in periods])
            for g in sorted(by, key=lambda g: GROUP_ORDER.get(g, 99))
        ],
    )


@dataclass(frozen=True)
class Disagreement:
    reference: str
    title: str
    area: str
    published: bool
    test: str
    test_label: str
    gap: float
    highest: tuple[str, float]
    lowest: tuple[str, float]
    groups: int


def disagreements(data: InsightData, *, limit: int = 10) -> list[Disagreement]:
    """The agreements whose groups disagree most: for each, the test on which the
    medians of its groups lie furthest apart (at least two groups needed)."""
    by: dict[int, dict[str, dict[str, list[float]]]] = {}
    for point in data.points:
        for test, score in point.scores.items():
            by.setdefault(point.agreement_id, {}).setdefault(test, {}).setdefault(
                point.group, []
            ).append(score)
    found = []
    for agreement_id, tests in by.items():
        where = data.agreements.get(agreement_id)
        if where is None:
            continue
        best: Disagreement | None = None
        for test, groups in tests.items():
            if len(groups) < 2:
                continue
            medians = {g: _round(median(v)) for g, v in groups.items()}
            high = max(medians.items(), key=lambda item: item[1])
            low = min(medians.items(), key=lambda item: item[1])
            gap = _round(high[1] - low[1])
            if best is None or gap > best.gap:
                best = Disagreement(
                    where.reference,
                    where.title,
                    where.area,
                    where.published,
                    test,
                    str(TEST_LABELS.get(test, test)),
                    gap,
                    (str(GROUP_LABELS.get(high[0], high[0])), high[1]),
                    (str(GROUP_LABELS.get(low[0], low[0])), low[1]),
                    len(groups),
                )
        if best is not None and best.gap > 0:
            found.append(best)
    found.sort(key=lambda d: (-d.gap, d.reference))
    return found[:limit]
