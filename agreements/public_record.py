"""What the public register keeps of a published version: its open-data facts, taken
from the frozen snapshot alone (and the sign-offs bound to its hash). Pure: no database
access, so the same version always gives the same record."""

from typing import Any

from gateways.models import Identifiability

from .anchoring import plain_text
from .models import AgreementKind, Beneficiary, PartyRole
from .spread import assessment_scores

# Sections that answer a resident's questions, by template: the first one present wins.
PURPOSE_KEYS = ("purpose", "request-why")
DATA_KEYS = ("data-items", "request-what")
RETENTION_KEYS = ("retention",)
RIGHTS_KEYS = ("rights-and-requests", "rights")
SECURITY_KEYS = ("security",)
SHARING_KEYS = ("sharing-and-access", "when")


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _section(sections: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, str]:
    by_key = {section["key"]: section for section in sections}
    for key in keys:
        if key in by_key:
            section = by_key[key]
            return {"key": key, "heading": section["heading"], "text": section["text"]}
    return {"key": "", "heading": "", "text": ""}


def _basis_words(stack: dict[str, Any]) -> list[str]:
    """Every layer of a lawful-basis stack, as "reference: title"."""
    words: list[str] = []
    for key in ("art6", "art9", "common_law"):
        if stack.get(key):
            words.append(f"{stack[key]['reference']}: {stack[key]['title']}")
    for key in ("annex1", "schedule1", "schedule8"):
        words.extend(f"{b['reference']}: {b['title']}" for b in stack.get(key) or [])
    if stack.get("art10"):
        words.append("UK GDPR Article 10: criminal offence data")
    if stack.get("official_authority"):
        words.append("Under the control of official authority (UK GDPR Article 10)")
    if stack.get("part3"):
        words.append("Data Protection Act 2018 Part 3: law enforcement processing")
    return words


def _categories(bases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for stack in bases:
        name = stack["data_category"]
        found.setdefault(
            name,
            {
                "name": name,
                "identifiability": stack.get("identifiability", ""),
                "identifiability_words": _label(Identifiability, stack.get("identifiability", "")),
                "special_category": bool(stack.get("special_category")),
                "criminal_offence": bool(stack.get("criminal_offence")),
                "about_children": bool(stack.get("about_children")),
            },
        )
    return sorted(found.values(), key=lambda c: c["name"])


def build_public_record(
    content: dict[str, Any], *, signatures: list[dict[str, Any]], themes: list[str]
) -> dict[str, Any]:
    """The facts of a version (its ``content``) that the register shows and the open
    data carries. ``signatures``: each party's approval of this version (organisation,
    signatory, capacity, decision, conditions, signed_on); ``themes``: its service
    themes."""
    agreement = content["agreement"]
    sections = content.get("sections", [])
    assessment = content.get("assessment") or {}
    bases = content.get("lawful_bases") or []
    purpose = _section(sections, PURPOSE_KEYS)
    return {
        "reference": agreement["reference"],
        "title": agreement["title"],
        "kind": agreement["kind"],
        "kind_label": _label(AgreementKind, agreement["kind"]),
        "area": agreement["area"],
        "lead_organisation": agreement["lead_organisation"],
        "review_date": agreement.get("review_date"),
        "parties": [
            {
                "organisation": party["organisation"],
                "kind": party["kind"],
                "role": party["role"],
                "role_words": _label(PartyRole, party["role"]),
            }
            for party in content.get("parties", [])
        ],
        "gateways": [
            {
                "id": gateway["id"],
                "title": gateway["title"],
                "legislation_url": gateway["legislation_url"],
            }
            for gateway in content.get("gateways", [])
        ],
        "lawful_bases": [
            {
                "party": stack.get("party"),
                "recipient": stack.get("recipient"),
                "data_category": stack["data_category"],
                "law_enforcement": bool(stack.get("law_enforcement")),
                "bases": _basis_words(stack),
            }
            for stack in bases
        ],
        "data_categories": _categories(bases),
        "purpose": plain_text(purpose["text"]),
        "purpose_section": purpose["key"],
        "data_shared": plain_text(_section(sections, DATA_KEYS)["text"]),
        "retention": plain_text(_section(sections, RETENTION_KEYS)["text"]),
        "rights_and_complaints": plain_text(_section(sections, RIGHTS_KEYS)["text"]),
        "security": plain_text(_section(sections, SECURITY_KEYS)["text"]),
        "how_shared": plain_text(_section(sections, SHARING_KEYS)["text"]),
        "expected_benefits": [
            {
                "beneficiary": benefit["beneficiary"],
                "beneficiary_words": _label(Beneficiary, benefit["beneficiary"]),
                "description": benefit["description"],
                "measure": benefit["measure"],
                "expected_by": benefit.get("expected_by"),
            }
            for benefit in assessment.get("benefits", [])
        ],
        "risks": [
            {
                "description": risk["description"],
                "who_is_affected": risk["who_is_affected"],
                "likelihood": risk["likelihood"],
                "severity": risk["severity"],
                "mitigation": risk["mitigation"],
            }
            for risk in assessment.get("risks", [])
        ],
        "risk_of_not_sharing": assessment.get("risk_of_not_sharing", ""),
        "five_safes": assessment.get("five_safes") or {},
        "balance_statement": assessment.get("balance_statement", ""),
        "overall_position": assessment.get("overall_position"),
        "assessment_scores": assessment_scores(assessment or None),
        "signatures": signatures,
        "themes": themes,
    }
