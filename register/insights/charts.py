"""The geometry of the insights' server-rendered SVG charts (templates/register/
_heatmap.html and _lines.html) and their descriptions in words. Pure."""

from dataclasses import dataclass

from .figures import Grid, Timeline

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
    cell_width = (WIDTH - LABEL_WIDTH - 130) / columns
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
