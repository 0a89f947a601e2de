"""The agreements app's ledger entries in words (see audit.vocabulary), old verbs the
ledger still holds included, and how to name the agreements and templates that events
are about."""

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from audit.vocabulary import (
    HIDDEN,
    Detail,
    Target,
    Verb,
    as_date,
    as_hash,
    describe,
    describe_targets,
    mapping_text,
    text,
    words_for,
)
from gateways.reference import lawful_basis_names
from partners.models import StakeholderGroup

from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AssessmentTest,
    Beneficiary,
    CommentResolution,
    Decision,
    DpiaState,
    OverallPosition,
    PartyRole,
    RiskLevel,
    SignOffMethod,
    SuggestionState,
    Template,
)
from .models.public import Outcome
from .reference import QUESTIONS

_words = words_for
TEMPLATES = Path(__file__).resolve().parent / "data" / "templates.json"


@cache
def _template_words() -> tuple[dict[str, str], dict[str, str]]:
    """Template names by slug, and section headings by key, as the templates ship."""
    rows = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    headings: dict[str, str] = {}
    for row in rows:
        for section in row["sections"]:
            headings.setdefault(section["key"], section["heading"])
    return {row["slug"]: row["name"] for row in rows}, headings


def _template_name(slug: Any) -> str:
    return _template_words()[0].get(str(slug), str(slug).replace("-", " ").capitalize())


def _heading(key: Any) -> str:
    found = _template_words()[1].get(str(key))
    return f"\u201c{found}\u201d" if found else str(key).replace("-", " ").capitalize()


@cache
def _question_texts() -> dict[str, str]:
    rows = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    return {row["code"]: row["text"] for row in rows}


def _question(code: str) -> str:
    return _question_texts().get(code, "a question no longer asked")


def _basis(code: Any) -> str:
    return lawful_basis_names().get(str(code), "a basis no longer in the reference data")


def _scores(value: Any) -> str:
    if not isinstance(value, dict):
        return text(value)
    return "; ".join(f"\u201c{_question(code)}\u201d {score} of 5" for code, score in value.items())


def _assessment_key(key: str) -> Detail | None:
    """assessment.saved keeps each question's answer as "<code> score" and "<code> reason"."""
    code, _, part = key.rpartition(" ")
    if part == "score":
        return Detail(f"Score for \u201c{_question(code)}\u201d")
    if part == "reason":
        return Detail(f"Reason for \u201c{_question(code)}\u201d")
    return None


STATUS = Detail("Status", values=_words(AgreementStatus))
VERSION = Detail("Version")
FINGERPRINT = Detail("Fingerprint of the version (SHA-256)", show=as_hash)
ASSESSMENT_FINGERPRINT = Detail("Fingerprint of the trade-off (SHA-256)", show=as_hash)
SUPERSEDED = Detail("Sign-offs superseded")
POSITION = Detail("Overall position", values=_words(OverallPosition))

AGREEMENT: Mapping[str, Detail] = {
    "status": STATUS,
    "version": VERSION,
    "sha256": FINGERPRINT,
    "assessment_sha256": ASSESSMENT_FINGERPRINT,
    "version_sha256": FINGERPRINT,
    "signoffs_superseded": SUPERSEDED,
    "note": Detail("Note"),
    "reason": Detail("Reason"),
    "open_threads": Detail("Review threads still unresolved"),
    "reference": Detail("Reference"),
    "title": Detail("Title"),
    "kind": Detail("Kind", values=_words(AgreementKind)),
    "template": Detail("Template", show=_template_name),
    "template_version": Detail("Template version"),
    "lead_organisation": Detail("Lead organisation"),
    "review_date": Detail("Review date", show=as_date),
    "replaces_signed_version": Detail("Replaces the version signed before"),
    "from_reference": Detail("Adopted from"),
    "from_area": Detail("Adopted from the area"),
    "from_version": Detail("Version adopted"),
    "from_sha256": Detail("Fingerprint of the version adopted (SHA-256)", show=as_hash),
}

PARTY: Mapping[str, Detail] = {
    "organisation": Detail("Organisation"),
    "role": Detail("Part in the sharing", values=_words(PartyRole)),
    "signatory": Detail("Signs for it", values={None: "not chosen"}),
}

LAWFUL_BASIS: Mapping[str, Detail] = {
    "data_category": Detail("Data"),
    "party": Detail("Party"),
    "recipient": Detail("Disclosing to"),
    "law_enforcement": Detail("Processed for law enforcement (DPA 2018 Part 3)"),
    "public_task": Detail("Shared in carrying out public tasks"),
    "art6": Detail("UK GDPR Article 6", show=_basis),
    "annex1": Detail("Recognised legitimate interest", show=_basis),
    "art9": Detail("UK GDPR Article 9", show=_basis),
    "art10": Detail("UK GDPR Article 10 applies"),
    "official_authority": Detail("Under the control of official authority"),
    "schedule1": Detail("DPA 2018 Schedule 1", show=_basis),
    "part3": Detail("DPA 2018 section 35 applies"),
    "schedule8": Detail("DPA 2018 Schedule 8", show=_basis),
    "common_law": Detail("Common-law duty of confidentiality", show=_basis),
    "policy_document": Detail("Appropriate policy document"),
    "note": Detail("Note"),
}

GATEWAY_LINK: Mapping[str, Detail] = {
    "gateway": Detail("Gateway"),
    "note": Detail("How it applies"),
    "gateway_id": HIDDEN,
}

SECTION: Mapping[str, Detail] = {
    "section": HIDDEN,
    "heading": Detail("Section"),
    "revision": Detail("Revision"),
    "characters": Detail("Characters"),
    "sha256": Detail("Fingerprint of the text (SHA-256)", show=as_hash),
    "diff": HIDDEN,
}

TEMPLATE: Mapping[str, Detail] = {
    "name": Detail("Template"),
    "sections": Detail("Sections", show=lambda keys: text([_heading(k) for k in keys], limit=2000)),
    "version": Detail("Template version"),
    "section": Detail("Section", show=_heading),
    "note": Detail("What changed, and why"),
    "heading": Detail("Heading"),
    "guidance": Detail("Guidance"),
    "default_text": Detail("Default text"),
    "locked": Detail("Locked clause"),
    "required": Detail("Required"),
    "revision": Detail("Revision of the template as shipped"),
    "proposed_from": Detail("Proposed from"),
    "approved_from": Detail("Approved from"),
    "rejected_from": Detail("Turned down from"),
    "proposed_by": Detail("Proposed by"),
    "reason": Detail("Reason"),
}

RESOLUTION = Detail("Resolved as", values=_words(CommentResolution))
COMMENT: Mapping[str, Detail] = {
    "comment": HIDDEN,
    "reply": HIDDEN,
    "version": VERSION,
    "section": Detail("Section", show=_heading),
    "quote": Detail("On the words"),
    "text": Detail("Comment"),
    "replacement": Detail("Suggested wording"),
    "suggested_by": Detail("Suggested by"),
    "reason": Detail("Reason"),
    "resolution": RESOLUTION,
    "note": Detail("Note to the reviewer"),
    "suggestion": Detail("Suggested wording", values=_words(SuggestionState)),
    "moved": Detail("Moved to the new version"),
    "outdated": Detail("Marked as on words no longer there"),
    "was": Detail(
        "Had been resolved",
        show=mapping_text(
            {
                "resolution": RESOLUTION,
                "note": Detail("Note"),
                "version": VERSION,
                "by": Detail("By"),
                "at": Detail("On", show=lambda v: as_date(str(v)[:10]) if v else "none"),
            }
        ),
    ),
}

INVITATION: Mapping[str, Detail] = {
    "email": Detail("E-mail address"),
    "name": Detail("Name"),
    "new_account": Detail("New account"),
    "note": Detail("Message"),
}

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

PUBLIC_VIEW: Mapping[str, Detail] = {
    "reference": Detail("Agreement"),
    "version": VERSION,
    # A keyed hash of the address: the address itself is never kept in the ledger.
    "email_hash": Detail("Whose view (a keyed hash of their address)", show=as_hash),
    "overall_position": POSITION,
    "scores": Detail("Scores", show=_scores, limit=3000),
    "comment_sha256": Detail("Fingerprint of the comment (SHA-256)", show=as_hash),
    "reason": Detail("Reason"),
}

PUBLIC_WINDOW: Mapping[str, Detail] = {"version": VERSION}

REVIEW_REMINDER: Mapping[str, Detail] = {
    "kind": Detail(
        "Reminder",
        values={"due_soon": "the review date is near", "passed": "the review date has passed"},
    ),
    "review_date": Detail("Review date", show=as_date),
    "people": Detail("People told"),
}

BENEFIT_OUTCOME: Mapping[str, Detail] = {
    "version": VERSION,
    "benefit": Detail("Expected benefit"),
    "outcome": Detail("What came of it", values=_words(Outcome)),
    "evidence": Detail("Evidence"),
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
    "agreement.created": Verb(
        "started {reference}, \u201c{title}\u201d, from a template",
        "started an agreement",
        AGREEMENT,
    ),
    "agreement.changed": Verb("changed the agreement's details", "changed the details", AGREEMENT),
    "agreement.reopened": Verb(
        "changed the draft while it awaited sign-off, so it went back to draft",
        "took the agreement back to draft",
        AGREEMENT,
    ),
    "agreement.adopted": Verb(
        "adopted {from_reference} from {from_area} as {reference}",
        "adopted another area's agreement",
        AGREEMENT,
    ),
    "agreement.review_resumed": Verb(
        "put version {version} back in review", "put the agreement back in review", AGREEMENT
    ),
    "agreement.signoff_requested": Verb(
        "asked for sign-off of version {version}", "asked for sign-off", AGREEMENT
    ),
    "agreement.signed": Verb(
        "completed the sign-off of version {version}: every party approved",
        "completed the sign-off",
        AGREEMENT,
    ),
    "agreement.signed_offline": Verb(
        "recorded version {version} as signed outside the service",
        "recorded a signature made outside the service",
        AGREEMENT,
    ),
    "agreement.published": Verb(
        "published version {version} on the public register",
        "published the agreement",
        AGREEMENT,
    ),
    "agreement.withdrawn": Verb("withdrew the agreement", "withdrew the agreement", AGREEMENT),
    "agreement.lapsed": Verb(
        "marked the agreement lapsed: its review date, {review_date}, had passed",
        "marked the agreement lapsed",
        AGREEMENT,
    ),
    "agreement.revision_started": Verb("started a revision", "started a revision", AGREEMENT),
    "version.issued": Verb(
        "issued version {version} for review", "issued a version for review", AGREEMENT
    ),
    "version.published": Verb(
        "issued version {version} for review", "issued a version for review", AGREEMENT
    ),
    "section.saved": Verb(
        "changed the section \u201c{heading}\u201d", "changed a section", SECTION
    ),
    "party.added": Verb("added {organisation} as a party", "added a party", PARTY),
    "party.changed": Verb("changed the party {organisation}", "changed a party", PARTY),
    "party.removed": Verb("removed the party {organisation}", "removed a party", PARTY),
    "gateway.linked": Verb(
        "named {gateway} as a legal gateway", "named a legal gateway", GATEWAY_LINK
    ),
    "gateway.unlinked": Verb(
        "removed the legal gateway {gateway}", "removed a legal gateway", GATEWAY_LINK
    ),
    "lawful_basis.saved": Verb(
        "saved the lawful bases for {data_category}", "saved lawful bases", LAWFUL_BASIS
    ),
    "lawful_basis.removed": Verb(
        "removed the lawful bases for {data_category}", "removed lawful bases", LAWFUL_BASIS
    ),
    "template.created": Verb("added the template {name}", "added a template", TEMPLATE),
    "template.revised": Verb(
        "made version {version} of a template the one in use", "revised a template", TEMPLATE
    ),
    "template.revision_proposed": Verb(
        "proposed version {version} of a template", "proposed a template revision", TEMPLATE
    ),
    "template.revision_rejected": Verb(
        "turned down version {version} of a template",
        "turned down a template revision",
        TEMPLATE,
    ),
    "comment.added": Verb("commented on version {version}", "commented", COMMENT),
    "comment.replied": Verb("replied to a review thread", "replied to a thread", COMMENT),
    "comment.resolved": Verb(
        "resolved a review thread as {resolution}", "resolved a thread", COMMENT
    ),
    "comment.reopened": Verb("reopened a review thread", "reopened a thread", COMMENT),
    "comments.reanchored": Verb(
        "carried open comments over to version {version}",
        "carried comments over to a new version",
        COMMENT,
    ),
    "suggestion.made": Verb("suggested new wording", "suggested wording", COMMENT),
    "suggestion.accepted": Verb(
        "accepted wording suggested by {suggested_by} into the draft",
        "accepted suggested wording",
        COMMENT,
    ),
    "suggestion.rejected": Verb(
        "turned down suggested wording", "turned down suggested wording", COMMENT
    ),
    "reviewer.invited": Verb(
        "invited {name} to review the agreement", "invited a reviewer", INVITATION
    ),
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
    "public_view.confirmed": Verb(
        "confirmed a member of the public's view of version {version}",
        "confirmed a member of the public's view",
        PUBLIC_VIEW,
    ),
    "public_view.hidden": Verb(
        "hid a member of the public's comment on version {version}",
        "hid a member of the public's comment",
        PUBLIC_VIEW,
    ),
    "agreement.public_comment_opened": Verb(
        "opened version {version} to the public's views",
        "opened the agreement to the public's views",
        PUBLIC_WINDOW,
    ),
    "agreement.public_comment_closed": Verb(
        "closed version {version} to the public's views",
        "closed the agreement to the public's views",
        PUBLIC_WINDOW,
    ),
    "agreement.review_reminder_sent": Verb(
        "reminded the lead organisation of the review date",
        "sent a review-date reminder",
        REVIEW_REMINDER,
    ),
    "benefit.outcome_recorded": Verb(
        "recorded what came of an expected benefit",
        "recorded a benefit realised",
        BENEFIT_OUTCOME,
    ),
    "assessment_question.added": Verb(
        "added an assessment question", "added an assessment question", QUESTION
    ),
    "assessment_question.changed": Verb(
        "changed an assessment question", "changed an assessment question", QUESTION
    ),
}


def _agreements(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(a.pk): Target(f"{a.reference}: {a.title}", a.get_absolute_url())
        for a in Agreement.objects.filter(pk__in=numbers).select_related("area")
    }


def _templates(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {str(t.pk): Target(t.name) for t in Template.objects.filter(pk__in=numbers)}


def register() -> None:
    from . import ledger_documents, ledger_exports

    describe(VERBS)
    ledger_documents.register()
    ledger_exports.register()
    describe_targets("agreements.agreement", _agreements)
    describe_targets("agreements.template", _templates)
