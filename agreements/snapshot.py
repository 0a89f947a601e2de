"""What a version freezes: everything in the agreement, as canonical JSON."""

import hashlib
import json
from typing import Any

from .models import Agreement
from .rendering import fill_placeholders

SNAPSHOT_SCHEMA = 2  # 2: each section's source (as written) beside its filled-in text


def placeholder_values(agreement: Agreement) -> dict[str, str]:
    parties = [party.organisation.name for party in agreement.parties.all()]
    return {
        "agreement_title": agreement.title,
        "reference": agreement.reference,
        "area": agreement.area.name,
        "lead_organisation": agreement.lead_organisation.name,
        "parties": ", ".join(parties) if parties else "[[the parties]]",
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


def build_snapshot(agreement: Agreement, schema: int = SNAPSHOT_SCHEMA) -> dict[str, Any]:
    """The agreement as it stands, with placeholders filled in. Everything a signatory
    would sign is here; nothing else is. ``schema`` builds it as an earlier schema did,
    to compare the working copy with a version frozen then: schema 1 had no "source"."""
    values = placeholder_values(agreement)
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
        "lawful_bases": [
            {
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
            for basis in agreement.category_bases.all()
        ],
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
        # The trade-off assessment joins the snapshot once it exists.
        "assessment": None,
    }
    if schema < 2:
        for section in snapshot["sections"]:
            del section["source"]
    return snapshot


def canonical(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(canonical_text: str) -> str:
    return hashlib.sha256(canonical_text.encode("utf-8")).hexdigest()
