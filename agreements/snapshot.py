"""What a version freezes: everything in the agreement, as canonical JSON."""

import hashlib
import json
from typing import Any

from django.utils.text import get_text_list

from .models import Agreement, Assessment, AssessmentQuestion, OverallPosition
from .rendering import fill_placeholders

# 2: each section's source (as written) beside its filled-in text.
# 3: the trade-off assessment.
# 4: lawful bases per party (and per flow to another party), with every layer.
# 5: {{parties}} reads "A, B and C" (before: "A, B, C").
SNAPSHOT_SCHEMA = 5


def placeholder_values(agreement: Agreement, schema: int = SNAPSHOT_SCHEMA) -> dict[str, str]:
    """What the placeholders in sections stand for; ``schema`` fills them in as versions
    of that schema were, so the working copy compares with them."""
    names = [party.organisation.name for party in agreement.parties.all()]
    parties = get_text_list(names, "and") if schema >= 5 else ", ".join(names)
    return {
        "agreement_title": agreement.title,
        "reference": agreement.reference,
        "area": agreement.area.name,
        "lead_organisation": agreement.lead_organisation.name,
        "parties": parties or "[[the parties]]",
        "review_date": (
            agreement.review_date.strftime("%-d %B %Y")
            if agreement.review_date
            else "[[review date]]"
        ),
    }


def _basis(basis: Any) -> dict[str, str] | None:
    if basis is None:
        return None
    return {"code": basis.code, "reference": basis.reference, "title": basis.title}


def _optional_layers(basis: Any) -> dict[str, Any]:
    """Layers added to the stack during schema 3: present only when used, so a version
    frozen before them still compares equal to the same stack."""
    layers: dict[str, Any] = {}
    if annex1 := [_basis(b) for b in basis.annex1.all()]:
        layers["annex1"] = annex1
    if basis.official_authority:
        layers["official_authority"] = True
    if basis.policy_document:
        layers["policy_document"] = basis.policy_document
    return layers


def _stack(basis: Any) -> dict[str, Any]:
    return {
        "data_category": basis.data_category.name,
        "special_category": basis.data_category.special_category,
        "criminal_offence": basis.data_category.criminal_offence,
        "about_children": basis.data_category.about_children,
        "identifiability": basis.data_category.identifiability,
        "law_enforcement": basis.law_enforcement,
        "public_task": basis.public_task,
        "art6": _basis(basis.art6),
        "art9": _basis(basis.art9),
        "art10": basis.art10,
        "schedule1": [_basis(b) for b in basis.schedule1.all()],
        "part3": basis.part3,
        "schedule8": [_basis(b) for b in basis.schedule8.all()],
        "common_law": _basis(basis.common_law),
        "note": basis.note,
    }


def lawful_bases(agreement: Agreement, schema: int = SNAPSHOT_SCHEMA) -> list[dict[str, Any]]:
    """Each party's stack for each category (or flow), every layer named. Before schema 4
    one stack stood for every party: built for an older schema, the lead organisation's
    stack (or the first) stands for each category, as it was when that version froze."""
    bases = list(agreement.category_bases.all())
    if schema >= 4:
        return [
            _stack(basis)
            | {
                "party": basis.party.organisation.name,
                "recipient": basis.recipient.organisation.name if basis.recipient else None,
                "annex1": [_basis(b) for b in basis.annex1.all()],
                "official_authority": basis.official_authority,
                "policy_document": basis.policy_document,
            }
            for basis in bases
        ]
    # One entry per category stands for the stacks only where every party holds the same
    # one; otherwise every stack is listed, so the working copy differs from any version
    # of the older schema, as it does in substance.
    parties = {party.pk for party in agreement.parties.all()}
    entries: list[dict[str, Any]] = []
    by_category: dict[int, list[Any]] = {}
    for basis in bases:
        by_category.setdefault(basis.data_category_id, []).append(basis)
    for stacks in by_category.values():
        shapes = [_optional_layers(b) | _stack(b) for b in stacks]
        alike = all(shape == shapes[0] for shape in shapes)
        every_party = {b.party_id for b in stacks} == parties and len(stacks) == len(parties)
        if alike and every_party and not any(b.recipient_id for b in stacks):
            entries.append(shapes[0])
        else:
            entries.extend(
                shape | {"party": b.party.organisation.name}
                for shape, b in zip(shapes, stacks, strict=True)
            )
    return entries


def build_snapshot(agreement: Agreement, schema: int = SNAPSHOT_SCHEMA) -> dict[str, Any]:
    """The agreement as it stands, with placeholders filled in. Everything a signatory
    would sign is here; nothing else is. ``schema`` builds it as an earlier schema did,
    to compare the working copy with a version frozen then: schema 1 had no "source",
    schema 2 no assessment, before schema 4 one stack stood for every party, and before
    schema 5 the parties were listed with commas alone."""
    values = placeholder_values(agreement, schema)
    origin = agreement.adopted_from
    snapshot: dict[str, Any] = {
        "schema": schema,
        "agreement": {
            "reference": agreement.reference,
            "title": agreement.title,
            "kind": agreement.kind,
            "area": agreement.area.name,
            "lead_organisation": agreement.lead_organisation.name,
            "review_date": agreement.review_date.isoformat() if agreement.review_date else None,
            "adopted_from": (
                {
                    "reference": origin.agreement.reference,
                    "area": origin.agreement.area.name,
                    "version": origin.number,
                    "sha256": origin.sha256,
                }
                if origin is not None
                else None
            ),
        },
        "template": {
            "slug": agreement.template_version.template.slug,
            "version": agreement.template_version.number,
        },
        "parties": [
            {
                "organisation": party.organisation.name,
                "kind": party.organisation.kind,
                "role": party.role,
                "signatory": party.signatory.full_name if party.signatory else None,
            }
            for party in agreement.parties.all()
        ],
        "gateways": [
            {
                "id": link.gateway.slug,
                "title": link.gateway.title,
                "legislation_url": link.gateway.legislation_url,
                "note": link.note,
            }
            for link in agreement.gateway_links.all()
        ],
        "lawful_bases": lawful_bases(agreement, schema),
        "sections": [
            {
                "key": section.key,
                "position": section.position,
                "heading": section.heading,
                "locked": section.locked,
                "text": fill_placeholders(section.body, values),
                # As written, placeholders and all: what another area adopts.
                "source": section.body,
            }
            for section in agreement.sections.all()
        ],
        "assessment": build_assessment(agreement) if schema >= 3 else None,
    }
    if schema < 2:
        for section in snapshot["sections"]:
            del section["source"]
    return snapshot


def active_questions() -> list[AssessmentQuestion]:
    """The questions asked now, in the order of the three tests."""
    from .models.assessment import TEST_ORDER

    questions = list(AssessmentQuestion.objects.filter(active=True))
    return sorted(questions, key=lambda q: (TEST_ORDER[q.test], q.position, q.code))


def build_assessment(agreement: Agreement) -> dict[str, Any]:
    """The assessment part of a snapshot: every question asked now with its score and
    reason (None where not yet scored), benefits, risks, the risk of not sharing, Five
    Safes, DPIA, residual risk, the balance statement and the overall position."""
    try:
        assessment: Assessment | None = agreement.assessment
    except Assessment.DoesNotExist:
        assessment = None
    answers = {a.question_id: a for a in assessment.answers.all()} if assessment else {}
    position = assessment.overall_position if assessment else None
    return {
        "questions": [
            {
                "code": question.code,
                "test": question.test,
                "text": question.text,
                "score": answers[question.pk].score if question.pk in answers else None,
                "reason": answers[question.pk].reason if question.pk in answers else "",
            }
            for question in active_questions()
        ],
        "benefits": [
            {
                "beneficiary": benefit.beneficiary,
                "description": benefit.description,
                "measure": benefit.measure,
                "expected_by": benefit.expected_by.isoformat() if benefit.expected_by else None,
            }
            for benefit in (assessment.benefits.all() if assessment else [])
        ],
        "risks": [
            {
                "description": risk.description,
                "who_is_affected": risk.who_is_affected,
                "likelihood": risk.likelihood,
                "severity": risk.severity,
                "mitigation": risk.mitigation,
            }
            for risk in (assessment.risks.all() if assessment else [])
        ],
        "risk_of_not_sharing": assessment.risk_of_not_sharing if assessment else "",
        "five_safes": {
            part: getattr(assessment, f"safe_{part}") if assessment else ""
            for part in ("people", "projects", "settings", "data", "outputs")
        },
        "dpia": {
            "state": assessment.dpia if assessment else "",
            "date": assessment.dpia_date.isoformat()
            if assessment and assessment.dpia_date
            else None,
            "outcome": assessment.dpia_outcome if assessment else "",
            "dpo_advice": assessment.dpo_advice if assessment else "",
        },
        "residual_risk": {
            "level": assessment.residual_risk if assessment else "",
            "note": assessment.residual_risk_note if assessment else "",
        },
        "balance_statement": assessment.balance_statement if assessment else "",
        "overall_position": (
            {"value": position, "label": OverallPosition(position).label}
            if position is not None
            else None
        ),
    }


def assessment_is_blank(frozen: dict[str, Any]) -> bool:
    """Whether an assessment part has nothing in it: no score, reason, text or choice."""
    if any(q["score"] is not None or q["reason"] for q in frozen["questions"]):
        return False
    if frozen["benefits"] or frozen["risks"] or frozen["overall_position"] is not None:
        return False
    texts = [frozen["risk_of_not_sharing"], frozen["balance_statement"]]
    texts += list(frozen["five_safes"].values())
    texts += [v or "" for v in frozen["dpia"].values()]
    texts += list(frozen["residual_risk"].values())
    return not any(texts)


def assessment_sha256(snapshot: dict[str, Any]) -> str:
    """The hash of a snapshot's assessment part alone, as a sign-off names it."""
    return sha256(canonical(snapshot["assessment"]))


def canonical(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(canonical_text: str) -> str:
    return hashlib.sha256(canonical_text.encode("utf-8")).hexdigest()
