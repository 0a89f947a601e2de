"""The demo agreements' assessments: each officer writes their agreement's trade-off
through the same services officers use."""

from datetime import timedelta

from django.utils import timezone

from partners.models import User

from .. import services
from ..models import Agreement, AssessmentQuestion
from .trade_offs import ORDER, TradeOff
from .trade_offs_in_force import DISCHARGE, FAMILIES, HOMELESSNESS
from .trade_offs_not_in_force import ATTENDANCE, FUEL, MARAC, VIOLENCE

TRADE_OFFS: dict[str, TradeOff] = {
    "Preventing homelessness on leaving hospital": HOMELESSNESS,
    "Supporting Families: sharing to offer early help": FAMILIES,
    "School attendance data for early help": ATTENDANCE,
    "Serious Violence Duty: sharing between specified authorities": VIOLENCE,
    "Safe discharge from hospital into adult social care": DISCHARGE,
    "Multi-agency risk assessment conferences (MARAC)": MARAC,
    "Fuel poverty support under the Digital Economy Act": FUEL,
}


def assess(agreement: Agreement, officer: User) -> None:
    spec = TRADE_OFFS.get(agreement.title)
    if spec is None:
        return
    questions = set(AssessmentQuestion.objects.filter(active=True).values_list("code", flat=True))
    today = timezone.localdate()
    revision = agreement.assessment.revision
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=revision,
        answers={
            code: services.Answer(score, reason)
            for code, score, reason in zip(ORDER, spec.scores, spec.reasons, strict=True)
            if code in questions
        },
        fields={
            "balance_statement": spec.balance,
            "overall_position": spec.position,
            "risk_of_not_sharing": spec.not_sharing,
            "safe_people": spec.safes[0],
            "safe_projects": spec.safes[1],
            "safe_settings": spec.safes[2],
            "safe_data": spec.safes[3],
            "safe_outputs": spec.safes[4],
            "dpia": spec.dpia[0],
            "dpia_date": today - timedelta(days=spec.dpia[1]) if spec.dpia[1] else None,
            "dpia_outcome": spec.dpia[2],
            "dpo_advice": spec.dpia[3],
            "residual_risk": spec.residual[0],
            "residual_risk_note": spec.residual[1],
        },
    )
    for who, description, measure, days in spec.benefits:
        services.benefit_save(
            agreement=agreement,
            actor=officer,
            beneficiary=who,
            description=description,
            measure=measure,
            expected_by=today + timedelta(days=days) if days else None,
        )
    for description, who, likelihood, severity, mitigation in spec.risks:
        services.risk_save(
            agreement=agreement,
            actor=officer,
            description=description,
            who_is_affected=who,
            likelihood=likelihood,
            severity=severity,
            mitigation=mitigation,
        )
