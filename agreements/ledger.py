"""The agreements app's ledger entries in words (see audit.vocabulary), old verbs the
ledger still holds included, and how to name the agreements and templates that events
are about. Entries about review, the trade-off and its sign-off, PDFs, and exports are
described beside this module (ledger_review, ledger_signoff, ledger_documents,
ledger_exports), each registered by register() below."""

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
    text,
    words_for,
)
from gateways.reference import lawful_basis_names

from .models import Agreement, AgreementKind, AgreementStatus, OverallPosition, PartyRole, Template
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
    from . import ledger_documents, ledger_exports, ledger_review, ledger_signoff

    describe(VERBS)
    ledger_review.register()
    ledger_signoff.register()
    ledger_documents.register()
    ledger_exports.register()
    describe_targets("agreements.agreement", _agreements)
    describe_targets("agreements.template", _templates)
