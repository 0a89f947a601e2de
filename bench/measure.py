"""Timing a case against its baseline, interleaved: baseline, case, baseline, case...,
so both meet the same machine (other work, a warm or cold cache) in the same moments.
Each pair gives one ratio; a figure is the median ratio with its spread over the pairs.
And the table every benchmark adds its rows to, which `make bench` prints at the end."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ratio:
    """Median ratio of case to baseline over interleaved pairs, its spread (lowest and
    highest pair), and the medians of each in milliseconds."""

    median: float
    low: float
    high: float
    case_ms: float
    baseline_ms: float
    pairs: int

    def __str__(self) -> str:
        return f"{self.median:.1f}x ({self.low:.1f}-{self.high:.1f})"


def ratio_of(case_samples: list[float], baseline_samples: list[float]) -> Ratio:
    """The figure for paired samples (seconds, or any unit both share)."""
    ratios = [c / b for c, b in zip(case_samples, baseline_samples, strict=True) if b > 0]
    return Ratio(
        median=statistics.median(ratios),
        low=min(ratios),
        high=max(ratios),
        case_ms=statistics.median(case_samples) * 1000,
        baseline_ms=statistics.median(baseline_samples) * 1000,
        pairs=len(ratios),
    )


def interleaved(
    case: Callable[[], object], baseline: Callable[[], object], rounds: int, warm_up: int = 2
) -> Ratio:
    """Time ``case`` and ``baseline`` alternately ``rounds`` times each, after a warm-up
    of both."""
    for _ in range(warm_up):
        baseline()
        case()
    case_samples: list[float] = []
    baseline_samples: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        baseline()
        baseline_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        case()
        case_samples.append(time.perf_counter() - start)
    return ratio_of(case_samples, baseline_samples)


@dataclass
class Row:
    group: str
    case: str
    figure: str
    goal: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def add(
        self,
        group: str,
        case: str,
        figure: str,
        *,
        goal: str = "",
        met: bool | None = None,
        note: str = "",
    ) -> None:
        self.rows.append(Row(group, case, figure, goal, met, note))
        # Printed as it comes too, so a long run shows progress.
        print(f"  {group}: {case}: {figure}" + (f" (goal {goal})" if goal else ""), flush=True)

    def skip(self, what: str) -> None:
        self.skipped.append(what)
        print(f"  skipped: {what}", flush=True)

    def print(self) -> None:
        widths = [
            max([len(h)] + [len(getattr(r, a)) for r in self.rows])
            for h, a in (("group", "group"), ("case", "case"), ("figure", "figure"))
        ]
        goal_width = max([4] + [len(r.goal) for r in self.rows])
        header = (
            f"{'group':<{widths[0]}}  {'case':<{widths[1]}}  {'figure':<{widths[2]}}  "
            f"{'goal':<{goal_width}}  met"
        )
        print()
        print(header)
        print("-" * len(header))
        for row in self.rows:
            met = "" if row.met is None else ("yes" if row.met else "NO")
            print(
                f"{row.group:<{widths[0]}}  {row.case:<{widths[1]}}  {row.figure:<{widths[2]}}  "
                f"{row.goal:<{goal_width}}  {met}" + (f"  {row.note}" if row.note else "")
            )
        for what in self.skipped:
            print(f"skipped: {what}")


TABLE = Table()
