"""What the officer of a demo agreement writes in its trade-off assessment. Each
agreement's is in trade_offs_in_force or trade_offs_not_in_force; assessments writes
them through the services."""

from dataclasses import dataclass, field

# The questions, in the order a trade-off's scores and reasons are given.
ORDER = (
    "direct-benefits",
    "social-outcomes",
    "public-expectations",
    "minimises-harm",
    "not-sharing",
    "least-data",
    "limits-on-use",
    "sensitivity-weighed",
    "secure",
    "delivers-outcome",
    "public-resources",
)


@dataclass
class TradeOff:
    scores: tuple[int, ...]
    reasons: tuple[str, ...]
    balance: str
    position: int
    not_sharing: str
    safes: tuple[str, str, str, str, str]
    dpia: tuple[str, int | None, str, str]  # state, days ago, outcome, DPO's advice
    residual: tuple[str, str]
    benefits: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    risks: list[tuple[str, str, int, int, str]] = field(default_factory=list)
