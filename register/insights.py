"""Insights across the six areas: how each stakeholder group scores the three tests and
the overall position, by area and by service theme, over time, and where groups disagree
most. Pure: it works on agreements.selectors.insights' data and returns figures and the
geometry of their server-rendered SVG charts (templates/register/_heatmap.html and
_lines.html), each with its data table and CSV rows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from agreements.models import Theme
from agreements.selectors.insights import InsightData, Point
from agreements.spread import GROUP_ORDER, TESTS, TestSpread, chart, describe, spread_by_group
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


# Chart geometry, in SVG user units.
WIDTH = 640
LABEL_WIDTH = 200
CELL_HEIGHT = 30
HEADER_HEIGHT = 90
# Light to dark, one shade per whole score; text turns white on the two darkest, so every
# figure keeps a contrast of at least 4.5:1.
SHADES = {1: "#f3f2f1", 2: "#d2e2f1", 3: "#a7c4e2", 4: "#1d70b8", 5: "#003078"}


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: int
    width: float
    fill: str
    ink: str
    text: str
    count: int


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: float
    columns: list[tuple[float, str]]
    rows: list[tuple[int, str, list[HeatCell]]]
    cell_height: int


def heatmap(table: Grid) -> Heatmap:
    columns = len(table.groups) or 1
    # Room on the right for the last column's slanted label.
    cell_width = (WIDTH - LABEL_WIDTH - 90) / columns
    rows = []
    for index, row in enumerate(table.rows):
        y = HEADER_HEIGHT + index * CELL_HEIGHT
        cells = []
        for column, cell in enumerate(row.cells):
            shade = round(cell.median) if cell.median is not None else 0
            cells.append(
                HeatCell(
                    x=round(LABEL_WIDTH + column * cell_width, 1),
                    y=y,
                    width=round(cell_width - 2, 1),
                    fill=SHADES.get(shade, "#ffffff"),
                    ink="#ffffff" if shade >= 4 else "#0b0c0c",
                    text=cell.text or "-",
                    count=cell.count,
                )
            )
        rows.append((y, row.label, cells))
    return Heatmap(
        width=WIDTH,
        height=HEADER_HEIGHT + max(len(table.rows), 1) * CELL_HEIGHT + 4,
        columns=[
            (round(LABEL_WIDTH + (i + 0.5) * cell_width, 1), label)
            for i, (_, label) in enumerate(table.groups)
        ],
        rows=rows,
        cell_height=CELL_HEIGHT,
    )


def describe_grid(table: Grid) -> str:
    parts = []
    for row in table.rows:
        cells = [
            f"{label} {cell.text}"
            for (_, label), cell in zip(table.groups, row.cells, strict=True)
            if cell.median is not None
        ]
        if cells:
            parts.append(f"{row.label}: " + ", ".join(cells) + ".")
    return " ".join(parts) or "No views yet."


# Distinct colours and dash patterns, so no line is told from another by colour alone.
LINE_STYLES = (
    ("#1d70b8", ""),
    ("#00703c", "8 4"),
    ("#d4351c", "2 3"),
    ("#4c2c92", "10 3 2 3"),
    ("#0b0c0c", "4 4"),
    ("#ae2573", "1 2"),
    ("#505a5f", "12 4"),
    ("#4d508f", "6 2 2 2"),
    ("#8f5600", "3 6"),
)
PLOT_LEFT = 40
PLOT_RIGHT = WIDTH - 170
PLOT_TOP = 14
PLOT_BOTTOM = 220


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    points: str
    markers: list[tuple[float, float, str]]
    label_y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    lines: list[Line]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    left: int
    right: int
    top: int
    bottom: int


def _y(score: float) -> float:
    return round(PLOT_BOTTOM - (score - 1) / 4 * (PLOT_BOTTOM - PLOT_TOP), 1)


def line_chart(data: Timeline) -> LineChart:
    count = len(data.periods)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(count - 1, 1)

    def x_of(index: int) -> float:
        return round(PLOT_LEFT + index * step if count > 1 else (PLOT_LEFT + PLOT_RIGHT) / 2, 1)

    lines = []
    used: list[float] = []
    for index, series in enumerate(data.series):
        colour, dash = LINE_STYLES[index % len(LINE_STYLES)]
        markers = [
            (x_of(i), _y(cell.median), cell.text)
            for i, cell in enumerate(series.values)
            if cell.median is not None
        ]
        label_y = markers[-1][1] + 4 if markers else PLOT_BOTTOM
        while any(abs(label_y - other) < 13 for other in used):
            label_y += 13
        used.append(label_y)
        lines.append(
            Line(
                label=series.label,
                colour=colour,
                dash=dash,
                points=" ".join(f"{x},{y}" for x, y, _ in markers),
                markers=markers,
                label_y=label_y,
            )
        )
    return LineChart(
        width=WIDTH,
        height=PLOT_BOTTOM + 40,
        lines=lines,
        x_ticks=[(x_of(i), period) for i, period in enumerate(data.periods)],
        y_ticks=[(_y(score), score) for score in range(1, 6)],
        left=PLOT_LEFT,
        right=PLOT_RIGHT,
        top=PLOT_TOP,
        bottom=PLOT_BOTTOM,
    )


def describe_timeline(data: Timeline) -> str:
    parts = []
    for series in data.series:
        values = [
            f"{period} {cell.text}"
            for period, cell in zip(data.periods, series.values, strict=True)
            if cell.median is not None
        ]
        parts.append(f"{series.label}: " + ", ".join(values) + ".")
    return " ".join(parts) or "No views yet."


def page(data: InsightData) -> dict[str, Any]:
    """Everything the insights page shows."""
    spreads = overall_spread(data)
    by_area = grid(data, facet="area")
    by_theme = grid(data, facet="theme")
    over_time = timeline(data)
    return {
        "views": len(data.points),
        "agreements": len({p.agreement_id for p in data.points}),
        "spreads": spreads,
        "chart": chart(spreads),
        "chart_description": describe(spreads),
        "facets": [
            (
                by_area,
                heatmap(by_area),
                describe_grid(by_area),
                "Overall, by area",
                "by-area",
            ),
            (
                by_theme,
                heatmap(by_theme),
                describe_grid(by_theme),
                "Overall, by kind of service",
                "by-theme",
            ),
        ],
        "over_time": over_time,
        "over_time_chart": line_chart(over_time),
        "over_time_description": describe_timeline(over_time),
        "disagreements": disagreements(data),
    }


CSV_COLUMNS = ("figure", "facet", "period", "group", "test", "median", "lowest", "highest", "count")


def csv_rows(data: InsightData) -> list[list[Any]]:
    """Every figure behind the page, one row each, for a spreadsheet."""
    rows: list[list[Any]] = []
    for spread in overall_spread(data):
        for group in spread.groups:
            rows.append(
                [
                    "by_group",
                    "",
                    "",
                    group.label,
                    spread.test,
                    group.median,
                    group.low,
                    group.high,
                    group.count,
                ]
            )
    for facet in ("area", "theme"):
        for test, _ in TESTS:
            table = grid(data, facet=facet, test=test)
            for row in table.rows:
                for (_, label), cell in zip(table.groups, row.cells, strict=True):
                    if cell.median is not None:
                        rows.append(
                            [
                                f"by_{facet}",
                                row.label,
                                "",
                                label,
                                test,
                                cell.median,
                                "",
                                "",
                                cell.count,
                            ]
                        )
    for test, _ in TESTS:
        line = timeline(data, test=test)
        for series in line.series:
            for period, cell in zip(line.periods, series.values, strict=True):
                if cell.median is not None:
                    rows.append(
                        [
                            "over_time",
                            "",
                            period,
                            series.label,
                            test,
                            cell.median,
                            "",
                            "",
                            cell.count,
                        ]
                    )
    for item in disagreements(data, limit=100):
        rows.append(
            [
                "disagreement",
                item.reference,
                "",
                f"{item.highest[0]} vs {item.lowest[0]}",
                item.test,
                item.gap,
                item.lowest[1],
                item.highest[1],
                item.groups,
            ]
        )
    return rows
