"""An assessment (a snapshot's "assessment" part, frozen or of the working copy) made
ready to show: questions grouped by test with labels, codes turned into words."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from .models import AssessmentTest, Beneficiary, DpiaState, RiskLevel
from .models.assessment import SCORE_LABELS
from .spread import assessment_scores

SAFES = (
    ("people", "Safe people"),
    ("projects", "Safe projects"),
    ("settings", "Safe settings"),
    ("data", "Safe data"),
    ("outputs", "Safe outputs"),
)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def assessment_for_display(
    frozen: dict[str, Any] | None,
    *,
    benefit_ids: Sequence[int] = (),
    risk_ids: Sequence[int] = (),
) -> dict[str, Any] | None:
    """``benefit_ids`` and ``risk_ids``, for the working copy, are the rows behind the
    benefits and risks (in the same order), so each can be changed."""
    if not frozen:
        return None
    means = assessment_scores(frozen)
    tests = []
    for test, label in AssessmentTest.choices:
        questions = [
            {**q, "score_label": SCORE_LABELS.get(q["score"], "") if q["score"] else ""}
            for q in frozen["questions"]
            if q["test"] == test
        ]
        if questions:
            tests.append(
                {"test": test, "label": label, "questions": questions, "mean": means.get(test)}
            )
    return {
        "tests": tests,
        "benefits": [
            {
                **b,
                "beneficiary_label": _label(Beneficiary, b["beneficiary"]),
                "expected_by": _date(b["expected_by"]),
                "id": benefit_ids[i] if i < len(benefit_ids) else None,
            }
            for i, b in enumerate(frozen["benefits"])
        ],
        "risks": [
            {**r, "id": risk_ids[i] if i < len(risk_ids) else None}
            for i, r in enumerate(frozen["risks"])
        ],
        "risk_of_not_sharing": frozen["risk_of_not_sharing"],
        "safes": [(label, frozen["five_safes"][part]) for part, label in SAFES],
        "dpia": {
            **frozen["dpia"],
            "label": _label(DpiaState, frozen["dpia"]["state"]),
            "date": _date(frozen["dpia"]["date"]),
        },
        "residual_risk": {
            **frozen["residual_risk"],
            "label": _label(RiskLevel, frozen["residual_risk"]["level"]),
        },
        "balance_statement": frozen["balance_statement"],
        "overall_position": frozen["overall_position"],
        "unscored": sum(1 for q in frozen["questions"] if q["score"] is None),
    }
