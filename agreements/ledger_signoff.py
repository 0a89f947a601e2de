"""The ledger's entries about the trade-off and its sign-off, in words (see
audit.vocabulary): the assessment with its benefits and risks, the questions it asks,
people's views of it, and each party's sign-off decision."""

from collections.abc import Mapping

from audit.vocabulary import HIDDEN, Detail, Verb, as_date, describe, mapping_text, words_for
from partners.models import StakeholderGroup

from .ledger import ASSESSMENT_FINGERPRINT, FINGERPRINT, POSITION, VERSION, _question, _scores
from .models import AssessmentTest, Beneficiary, Decision, DpiaState, RiskLevel, SignOffMethod

_words = words_for


def _assessment_key(key: str) -> Detail | None:
    """assessment.saved keeps each question's answer as "<code> score" and "<code> reason"."""
    code, _, part = key.rpartition(" ")
    if part == "score":
        return Detail(f"Score for \u201c{_question(code)}\u201d")
    if part == "reason":
        return Detail(f"Reason for \u201c{_question(code)}\u201d")
    return None


ASSESSMENT: Mapping[str, Detail] = {
    "revision": Detail("Revision"),
    "risk_of_not_sharing": Detail("Risk of not sharing"),
    "safe_people": Detail("Safe people"),
    "safe_projects": Detail("Safe projects"),
    "safe_settings": Detail("Safe settings"),
    "safe_data": Detail("Safe data"),
    "safe_outputs": Detail("Safe outputs"),
    "dpia": Detail("Data protection impact assessment", values=_words(DpiaState)),
    "dpia_date": Detail("Date of the DPIA", show=as_date),
    "dpia_outcome": Detail("What the DPIA found"),
    "dpo_advice": Detail("The data protection officer's advice"),
    "residual_risk": Detail("Risk that remains", values=_words(RiskLevel)),
    "residual_risk_note": Detail("About the risk that remains"),
    "balance_statement": Detail("Balance statement"),
    "overall_position": POSITION,
    # Benefits and risks
    "beneficiary": Detail("Who benefits", values=_words(Beneficiary)),
    "description": Detail("Description"),
    "measure": Detail("How it will be measured"),
    "expected_by": Detail("Expected by", show=as_date),
    "who_is_affected": Detail("Who is affected"),
    "likelihood": Detail("Likelihood (1 to 5)"),
    "severity": Detail("Severity (1 to 5)"),
    "mitigation": Detail("What reduces it"),
}

PERSPECTIVE: Mapping[str, Detail] = {
    "version": VERSION,
    "group": Detail("Speaking for", values=_words(StakeholderGroup)),
    "scores": Detail("Scores", show=_scores, limit=3000),
    "overall_position": POSITION,
    "comment": Detail("Comment"),
}
PERSPECTIVE_CHANGED: Mapping[str, Detail] = {
    **PERSPECTIVE,
    "before": Detail("Before", show=mapping_text(PERSPECTIVE)),
}

SIGNOFF: Mapping[str, Detail] = {
    "organisation": Detail("For"),
    "signatory": Detail("Signed by"),
    "capacity": Detail("In the capacity of"),
    "decision": Detail(
        "Decision",
        values={
            Decision.APPROVE: "approved",
            Decision.APPROVE_WITH_CONDITIONS: "approved with conditions",
            Decision.DECLINE: "declined",
        },
    ),
    "conditions": Detail("Conditions or reasons"),
    "balance_accepted": Detail("Accepts the balance statement"),
    "method": Detail("How", values=_words(SignOffMethod)),
    "version": VERSION,
    "version_sha256": FINGERPRINT,
    "assessment_sha256": ASSESSMENT_FINGERPRINT,
    "evidence": Detail("Evidence"),
    "signed_on": Detail("Signed on", show=as_date),
}

QUESTION: Mapping[str, Detail] = {
    "code": HIDDEN,
    "test": Detail("Test", values=_words(AssessmentTest)),
    "position": Detail("Position"),
    "text": Detail("Question"),
    "help_text": Detail("Help"),
    "source": Detail("Source"),
    "to_check": Detail("To be checked against the source"),
    "active": Detail("Asked"),
}

VERBS: Mapping[str, Verb] = {
    "assessment.saved": Verb(
        "changed the trade-off assessment",
        "changed the trade-off assessment",
        ASSESSMENT,
        detail_for=_assessment_key,
    ),
    "assessment.benefit_added": Verb("added an expected benefit", "added a benefit", ASSESSMENT),
    "assessment.benefit_changed": Verb(
        "changed an expected benefit", "changed a benefit", ASSESSMENT
    ),
    "assessment.benefit_removed": Verb(
        "removed an expected benefit", "removed a benefit", ASSESSMENT
    ),
    "assessment.risk_added": Verb("added a risk", "added a risk", ASSESSMENT),
    "assessment.risk_changed": Verb("changed a risk", "changed a risk", ASSESSMENT),
    "assessment.risk_removed": Verb("removed a risk", "removed a risk", ASSESSMENT),
    "perspective.recorded": Verb(
        "recorded their view of the trade-off in version {version}",
        "recorded their view of the trade-off",
        PERSPECTIVE,
    ),
    "perspective.changed": Verb(
        "changed their view of the trade-off in version {version}",
        "changed their view of the trade-off",
        PERSPECTIVE_CHANGED,
    ),
    "signoff.recorded": Verb(
        "recorded that {organisation} {decision} version {version}",
        "recorded a sign-off decision",
        SIGNOFF,
    ),
    "assessment_question.added": Verb(
        "added an assessment question", "added an assessment question", QUESTION
    ),
    "assessment_question.changed": Verb(
        "changed an assessment question", "changed an assessment question", QUESTION
    ),
}


def register() -> None:
    describe(VERBS)
