"""The expected benefits and the risks of the trade-off assessment: adding, changing and
removing them. They are part of the working copy, so each change is an edit like any
other, recorded in the audit ledger."""

from datetime import date
from typing import Any

from django.db import transaction

from audit.services import changes, record_event
from partners.models import User

from ..models import Agreement, Assessment, Beneficiary, Benefit, Risk
from .assessment import _lock_assessment, _score, _text
from .drafting import working_copy_changed
from .errors import AgreementError

DESCRIPTION_NEEDED = "Describe it."
MEASURE_NEEDED = "Say how it will be measured."
WHO_NEEDED = "Say who is affected."
MITIGATION_NEEDED = "Say what is done to reduce it."
CHOOSE_WHO_BENEFITS = "Choose who benefits."


def _benefit_fields(
    beneficiary: str, description: str, measure: str, expected_by: date | None
) -> dict[str, Any]:
    if beneficiary not in Beneficiary.values:
        raise AgreementError(CHOOSE_WHO_BENEFITS, field="beneficiary")
    text = _text(description, "description")
    if not text:
        raise AgreementError(DESCRIPTION_NEEDED, field="description")
    how = _text(measure, "measure")
    if not how:
        raise AgreementError(MEASURE_NEEDED, field="measure")
    return {
        "beneficiary": beneficiary,
        "description": text,
        "measure": how,
        "expected_by": expected_by,
    }


def _risk_fields(
    description: str, who_is_affected: str, likelihood: int, severity: int, mitigation: str
) -> dict[str, Any]:
    text = _text(description, "description")
    if not text:
        raise AgreementError(DESCRIPTION_NEEDED, field="description")
    who = _text(who_is_affected, "who_is_affected")
    if not who:
        raise AgreementError(WHO_NEEDED, field="who_is_affected")
    reduce = _text(mitigation, "mitigation")
    if not reduce:
        raise AgreementError(MITIGATION_NEEDED, field="mitigation")
    return {
        "description": text,
        "who_is_affected": who,
        "likelihood": _score(likelihood, "likelihood", required=True),
        "severity": _score(severity, "severity", required=True),
        "mitigation": reduce,
    }


def _describe(item: Benefit | Risk) -> dict[str, Any]:
    if isinstance(item, Benefit):
        return {
            "beneficiary": item.beneficiary,
            "description": item.description,
            "measure": item.measure,
            "expected_by": item.expected_by.isoformat() if item.expected_by else None,
        }
    return {
        "description": item.description,
        "who_is_affected": item.who_is_affected,
        "likelihood": item.likelihood,
        "severity": item.severity,
        "mitigation": item.mitigation,
    }


def _item_saved(
    locked: Agreement, assessment: Assessment, actor: User, verb: str, data: dict[str, Any]
) -> None:
    assessment.revision += 1
    assessment.updated_by = actor
    assessment.save(update_fields=["revision", "updated_by", "updated_at"])
    working_copy_changed(locked, actor)
    record_event(actor=actor, verb=verb, target=locked, area=locked.area, data=data)


@transaction.atomic
def benefit_save(
    *,
    agreement: Agreement,
    actor: User,
    beneficiary: str,
    description: str,
    measure: str,
    expected_by: date | None,
    benefit: Benefit | None = None,
) -> Benefit:
    """Add an expected benefit, or change one. Raises AgreementError naming the field
    for anything missing. Audit: ``assessment.benefit_added`` / ``..._changed``."""
    locked, assessment = _lock_assessment(agreement)
    values = _benefit_fields(beneficiary, description, measure, expected_by)
    if benefit is None:
        benefit = Benefit.objects.create(assessment=assessment, **values)
        _item_saved(locked, assessment, actor, "assessment.benefit_added", _describe(benefit))
        return benefit
    current = Benefit.objects.select_for_update().get(pk=benefit.pk, assessment=assessment)
    before = _describe(current)
    for name, value in values.items():
        setattr(current, name, value)
    if changed := changes(before, _describe(current)):
        current.save()
        _item_saved(locked, assessment, actor, "assessment.benefit_changed", changed)
    return current


@transaction.atomic
def risk_save(
    *,
    agreement: Agreement,
    actor: User,
    description: str,
    who_is_affected: str,
    likelihood: int,
    severity: int,
    mitigation: str,
    risk: Risk | None = None,
) -> Risk:
    """Add a risk with its likelihood and severity (1-5 each) and mitigation, or change
    one. Raises AgreementError naming the field for anything missing or out of range.
    Audit: ``assessment.risk_added`` / ``..._changed``."""
    locked, assessment = _lock_assessment(agreement)
    values = _risk_fields(description, who_is_affected, likelihood, severity, mitigation)
    if risk is None:
        risk = Risk.objects.create(assessment=assessment, **values)
        _item_saved(locked, assessment, actor, "assessment.risk_added", _describe(risk))
        return risk
    current = Risk.objects.select_for_update().get(pk=risk.pk, assessment=assessment)
    before = _describe(current)
    for name, value in values.items():
        setattr(current, name, value)
    if changed := changes(before, _describe(current)):
        current.save()
        _item_saved(locked, assessment, actor, "assessment.risk_changed", changed)
    return current


@transaction.atomic
def assessment_item_remove(*, item: Benefit | Risk, actor: User) -> None:
    """Remove an expected benefit or a risk. Audit: ``assessment.benefit_removed`` /
    ``assessment.risk_removed``, with what it said."""
    locked, assessment = _lock_assessment(item.assessment.agreement)
    kind = "benefit" if isinstance(item, Benefit) else "risk"
    described = _describe(item)
    type(item).objects.filter(pk=item.pk, assessment=assessment).delete()
    _item_saved(locked, assessment, actor, f"assessment.{kind}_removed", described)
