"""Writing the trade-off assessment (part of the working copy, so its changes are edits
like any other) and recording perspectives on an issued version. Every change is
recorded in the audit ledger. Its expected benefits and risks are in
benefits_and_risks."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from audit.services import changes, record_event
from partners import selectors as partner_selectors
from partners.models import User

from .. import lifecycle
from ..models import (
    Agreement,
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    Benefit,
    DpiaState,
    OverallPosition,
    Perspective,
    PerspectiveScore,
    Risk,
    RiskLevel,
    Version,
)
from ..models.assessment import ASSESSMENT_TEXT_LIMIT
from ..permissions import user_can_record_perspective
from .drafting import ensure_editable, working_copy_changed
from .errors import AgreementError

SCORE_OUT_OF_RANGE = "Choose a score from 1 to 5."
REASON_NEEDED = "Give the reason for this score."
TOO_LONG = "Write at most {limit:,} characters."
POSITION_NEEDED = "Choose where the balance falls."
DPIA_DATE_NEEDED = "Enter the date of the DPIA."
DPIA_DATE_FUTURE = "The date of the DPIA cannot be in the future."
UNKNOWN_QUESTION = "That question is not asked."
NOT_ON_A_VERSION = "A view of the trade-off is recorded on an issued version, not on a draft."
NOT_LATEST = "Record your view on the latest version, {number}."
NO_ASSESSMENT_IN_VERSION = (
    "Version {number} was issued before the trade-off assessment was part of each version. "
    "Views are recorded on versions that carry it."
)
NOT_ALLOWED = "You cannot record a view of this agreement's trade-off."
CLOSED = (
    "Views are recorded while an agreement is in review, awaiting sign-off, signed or "
    "published; this one is {status}."
)


class AssessmentConflict(Exception):
    """Someone saved the assessment since this edit began; nothing was overwritten."""

    def __init__(self, *, current_revision: int, saved_by: str) -> None:
        super().__init__(
            f"{saved_by} saved the assessment since you opened it. Your answers are below, "
            "not saved: check them against theirs, then save again."
        )
        self.current_revision = current_revision
        self.saved_by = saved_by


@dataclass(frozen=True)
class Answer:
    score: int | None
    reason: str


def _text(value: str, field: str, limit: int = ASSESSMENT_TEXT_LIMIT) -> str:
    text = value.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise AgreementError(TOO_LONG.format(limit=limit), field=field)
    return text


def _score(value: int | None, field: str, *, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise AgreementError(SCORE_OUT_OF_RANGE, field=field)
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise AgreementError(SCORE_OUT_OF_RANGE, field=field)
    return value


def _lock_assessment(agreement: Agreement) -> tuple[Agreement, Assessment]:
    locked = ensure_editable(agreement)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(agreement=locked)
        .first()
    )
    if assessment is None:
        assessment = Assessment.objects.create(agreement=locked)
    return locked, assessment


FIELDS = (
    "risk_of_not_sharing",
    "safe_people",
    "safe_projects",
    "safe_settings",
    "safe_data",
    "safe_outputs",
    "dpia",
    "dpia_date",
    "dpia_outcome",
    "dpo_advice",
    "residual_risk",
    "residual_risk_note",
    "balance_statement",
    "overall_position",
)


def _state(assessment: Assessment, answers: dict[str, AssessmentAnswer]) -> dict[str, Any]:
    state: dict[str, Any] = {
        name: getattr(assessment, name) for name in FIELDS if name != "dpia_date"
    }
    state["dpia_date"] = assessment.dpia_date.isoformat() if assessment.dpia_date else None
    for code, answer in answers.items():
        state[f"{code} score"] = answer.score
        state[f"{code} reason"] = answer.reason
    return state


@transaction.atomic
def assessment_save(
    *,
    agreement: Agreement,
    actor: User,
    base_revision: int,
    answers: dict[str, Answer],
    fields: dict[str, Any],
) -> Assessment:
    """Save the trade-off assessment: each question's score (1-5, or none yet) with its
    reason (needed with a score), and the rest of ``fields`` (see FIELDS): the risk of
    not sharing, Five Safes, DPIA, residual risk, the balance statement and the overall
    position. A save begun from an older revision raises AssessmentConflict (nothing is
    overwritten); bad values raise AgreementError naming the field. A change while the
    agreement awaits sign-off takes it back to draft, as any edit does.
    Audit: ``assessment.saved`` with what changed."""
    locked, assessment = _lock_assessment(agreement)
    if assessment.revision != base_revision:
        raise AssessmentConflict(
            current_revision=assessment.revision,
            saved_by=assessment.updated_by.full_name if assessment.updated_by else "Someone",
        )
    questions = {q.code: q for q in AssessmentQuestion.objects.filter(active=True)}
    for code in answers:
        if code not in questions:
            raise AgreementError(UNKNOWN_QUESTION, field=f"score_{code}")
    clean_answers: dict[str, Answer] = {}
    for code, answer in answers.items():
        score = _score(answer.score, f"score_{code}")
        reason = _text(answer.reason, f"reason_{code}")
        if score is not None and not reason:
            raise AgreementError(REASON_NEEDED, field=f"reason_{code}")
        clean_answers[code] = Answer(score, reason)
    values = _clean_fields(fields)
    existing = {a.question.code: a for a in assessment.answers.select_related("question")}
    before = _state(assessment, existing)
    for name, value in values.items():
        setattr(assessment, name, value)
    for code, answer in clean_answers.items():
        current = existing.get(code)
        if answer.score is None:
            if current is not None:
                current.delete()
                del existing[code]
        elif current is None:
            existing[code] = AssessmentAnswer.objects.create(
                assessment=assessment,
                question=questions[code],
                score=answer.score,
                reason=answer.reason,
            )
        elif (current.score, current.reason) != (answer.score, answer.reason):
            current.score, current.reason = answer.score, answer.reason
            current.save(update_fields=["score", "reason"])
    after = _state(assessment, existing)
    changed = changes(before, after | {key: None for key in before if key not in after})
    if not changed:
        return assessment
    assessment.revision += 1
    assessment.updated_by = actor
    assessment.save()
    working_copy_changed(locked, actor)
    record_event(
        actor=actor,
        verb="assessment.saved",
        target=locked,
        area=locked.area,
        data={"revision": assessment.revision, **changed},
    )
    return assessment


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    assert not unknown, f"not assessment fields: {unknown}"
    values: dict[str, Any] = {}
    for name in FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "dpia":
            if value not in ("", *DpiaState.values):
                raise AgreementError("Choose whether a DPIA was done.", field=name)
        elif name == "residual_risk":
            if value not in ("", *RiskLevel.values):
                raise AgreementError("Choose low, medium or high.", field=name)
        elif name == "overall_position":
            if value is not None and value not in OverallPosition.values:
                raise AgreementError(POSITION_NEEDED, field=name)
        elif name == "dpia_date":
            if value is not None and not isinstance(value, date):
                raise AgreementError(DPIA_DATE_NEEDED, field=name)
        else:
            value = _text(value or "", name)
        values[name] = value
    if values.get("dpia") == DpiaState.DONE:
        if values.get("dpia_date") is None:
            raise AgreementError(DPIA_DATE_NEEDED, field="dpia_date")
        from django.utils import timezone

        if values["dpia_date"] > timezone.localdate():
            raise AgreementError(DPIA_DATE_FUTURE, field="dpia_date")
    elif "dpia" in values:
        values["dpia_date"] = None
    return values


def assessment_from_snapshot(*, agreement: Agreement, frozen: dict[str, Any] | None) -> Assessment:
    """A new agreement's assessment, starting from a version's frozen one (when another
    area's agreement is adopted): answers to questions still asked, benefits, risks and
    the rest. Written as part of the adoption, which records its own event."""
    assessment = Assessment.objects.create(agreement=agreement)
    if not frozen:
        return assessment
    questions = {q.code: q for q in AssessmentQuestion.objects.filter(active=True)}
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(
            assessment=assessment,
            question=questions[entry["code"]],
            score=entry["score"],
            reason=entry["reason"],
        )
        for entry in frozen["questions"]
        if entry["code"] in questions and entry["score"] is not None
    )
    Benefit.objects.bulk_create(
        Benefit(
            assessment=assessment,
            beneficiary=entry["beneficiary"],
            description=entry["description"],
            measure=entry["measure"],
            expected_by=date.fromisoformat(entry["expected_by"]) if entry["expected_by"] else None,
        )
        for entry in frozen["benefits"]
    )
    Risk.objects.bulk_create(Risk(assessment=assessment, **entry) for entry in frozen["risks"])
    safes = frozen["five_safes"]
    dpia = frozen["dpia"]
    for part in ("people", "projects", "settings", "data", "outputs"):
        setattr(assessment, f"safe_{part}", safes[part])
    assessment.risk_of_not_sharing = frozen["risk_of_not_sharing"]
    assessment.dpia = dpia["state"]
    assessment.dpia_date = date.fromisoformat(dpia["date"]) if dpia["date"] else None
    assessment.dpia_outcome, assessment.dpo_advice = dpia["outcome"], dpia["dpo_advice"]
    assessment.residual_risk = frozen["residual_risk"]["level"]
    assessment.residual_risk_note = frozen["residual_risk"]["note"]
    assessment.balance_statement = frozen["balance_statement"]
    position = frozen["overall_position"]
    assessment.overall_position = position["value"] if position else None
    assessment.save()
    return assessment


@transaction.atomic
def perspective_record(
    *,
    version: Version,
    actor: User,
    scores: dict[str, int | None],
    overall_position: int | None,
    comment: str = "",
) -> Perspective:
    """Record (or change) the actor's own view of the latest version's trade-off: a score
    from 1 to 5 for each question of the version's assessment they can judge, their
    overall position and a comment, tagged with the stakeholder group they speak for.
    One current view per person per version; a change keeps the earlier one in the
    ledger.

    Raises AgreementError for someone who may not, a version that is not the latest or
    carries no assessment, an agreement not yet issued for review (or withdrawn or
    lapsed), a score outside 1-5, or no overall position.
    Audit: ``perspective.recorded`` or ``perspective.changed``, with every score."""
    from .review import _lock_agreement

    locked = _lock_agreement(version.agreement_id)
    if not user_can_record_perspective(actor, locked):
        raise AgreementError(NOT_ALLOWED)
    if not lifecycle.allows("record_perspective", locked.status):
        if locked.status == lifecycle.S.DRAFT:
            raise AgreementError(NOT_ON_A_VERSION)
        raise AgreementError(CLOSED.format(status=locked.get_status_display().lower()))
    latest = locked.versions.order_by("-number").values_list("number", flat=True).first()
    if version.number != latest:
        raise AgreementError(NOT_LATEST.format(number=latest))
    frozen = version.content.get("assessment")
    if not frozen:
        raise AgreementError(NO_ASSESSMENT_IN_VERSION.format(number=version.number))
    tests = {q["code"]: q["test"] for q in frozen["questions"]}
    clean: dict[str, int] = {}
    for code, value in scores.items():
        if code not in tests:
            raise AgreementError(UNKNOWN_QUESTION, field=f"score_{code}")
        score = _score(value, f"score_{code}")
        if score is not None:
            clean[code] = score
    if overall_position not in OverallPosition.values:
        raise AgreementError(POSITION_NEEDED, field="overall_position")
    text = _text(comment, "comment", limit=5_000)
    group = partner_selectors.stakeholder_group_of(user=actor, area=locked.area)
    perspective = (
        Perspective.objects.select_for_update()
        .filter(version=version, person=actor)
        .prefetch_related("scores")
        .first()
    )
    after = {"scores": clean, "overall_position": overall_position, "comment": text}
    if perspective is None:
        perspective = Perspective.objects.create(
            agreement=locked,
            version=version,
            person=actor,
            group=group,
            overall_position=overall_position,
            comment=text,
        )
        verb, data = "perspective.recorded", after
    else:
        before = {
            "scores": {s.question_code: s.score for s in perspective.scores.all()},
            "overall_position": perspective.overall_position,
            "comment": perspective.comment,
        }
        if before == after and perspective.group == group:
            return perspective
        perspective.overall_position, perspective.comment, perspective.group = (
            overall_position,
            text,
            group,
        )
        perspective.save()
        perspective.scores.all().delete()
        verb, data = "perspective.changed", {"before": before, **after}
    PerspectiveScore.objects.bulk_create(
        PerspectiveScore(perspective=perspective, question_code=code, test=tests[code], score=score)
        for code, score in clean.items()
    )
    record_event(
        actor=actor,
        verb=verb,
        target=locked,
        area=locked.area,
        data={"version": version.number, "group": group.value, **data},
    )
    return perspective
