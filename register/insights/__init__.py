"""Insights across the six areas: how each stakeholder group scores the three tests and
the overall position, by area and by service theme, over time, and where groups disagree
most (figures.py), drawn as server-rendered SVG charts (charts.py), each with its data
table and CSV rows."""

from typing import Any

from agreements.selectors.insights import InsightData
from agreements.spread import TESTS, chart, describe

from .charts import (
    describe_grid,
    describe_timeline,
    heatmap,
    line_chart,
)
from .figures import (
    disagreements,
    grid,
    overall_spread,
    timeline,
)

__all__ = [
    "CSV_COLUMNS",
    "TEST_CHOICES",
    "chosen_test",
    "csv_rows",
    "describe_grid",
    "describe_timeline",
    "disagreements",
    "grid",
    "heatmap",
    "line_chart",
    "overall_spread",
    "page",
    "timeline",
]


TEST_CHOICES = tuple(TESTS[-1:] + TESTS[:-1])  # overall first


def chosen_test(raw: str | None) -> str:
    """The test the page shows by area, theme and time: one of TESTS, else overall."""
    return raw if raw in dict(TESTS) else "overall"


def page(data: InsightData, *, test: str = "overall") -> dict[str, Any]:
    """Everything the insights page shows; ``test`` is the one shown by area, by
    service theme and over time."""
    label = dict(TESTS)[test]
    spreads = overall_spread(data)
    by_area = grid(data, facet="area", test=test)
    by_theme = grid(data, facet="theme", test=test)
    over_time = timeline(data, test=test)
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
                f"{label}, by area",
                "by-area",
            ),
            (
                by_theme,
                heatmap(by_theme),
                describe_grid(by_theme),
                f"{label}, by kind of service",
                "by-theme",
            ),
        ],
        "over_time": over_time,
        "over_time_chart": line_chart(over_time),
        "over_time_description": describe_timeline(over_time),
        "disagreements": disagreements(data),
        "test": test,
        "test_label": label,
        "test_choices": TEST_CHOICES,
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
