"""The gateways app's ledger entries in words (see audit.vocabulary), and how to name the
gateways that events are about."""

from collections.abc import Mapping
from typing import Any

from django.utils.text import get_text_list

from audit.vocabulary import (
    HIDDEN,
    Detail,
    Target,
    Verb,
    as_date,
    describe,
    describe_targets,
    mapping_text,
    words_for,
)

from .models import JURISDICTIONS, ExpressOrImplied, Gateway, OverridesConfidentiality, PowerOrDuty
from .reference import purpose_names


def _purposes(value: Any) -> str:
    names = purpose_names()
    return get_text_list([names.get(str(slug), str(slug)) for slug in value], "and") or "none"


GATEWAY: Mapping[str, Detail] = {
    "act_title": Detail("Act"),
    "act_year": Detail("Year"),
    "act_chapter": Detail("Chapter"),
    "provision": Detail("Provision"),
    "power_or_duty": Detail("Power or duty", values=words_for(PowerOrDuty)),
    "express_or_implied": Detail("Express or implied", values=words_for(ExpressOrImplied)),
    **{code: Detail(f"Applies in {name}") for code, name in JURISDICTIONS},
    "legislation_url": Detail("Address on legislation.gov.uk"),
    "summary": Detail("Plain-English summary"),
    "who_may_share": Detail("Who may share"),
    "permitted_purposes": Detail("Permitted purposes"),
    "purposes": Detail("Purposes", show=_purposes),
    "limits_and_exclusions": Detail("Limits and exclusions"),
    "overrides_confidentiality": Detail(
        "Overrides the duty of confidentiality",
        values=words_for(OverridesConfidentiality),
    ),
    "register_requirement": Detail("Register requirement"),
    "verified": Detail("Checked against the legislation"),
    "verified_on": Detail("Date checked", show=as_date),
    "verification_note": Detail("Notes on checking"),
    "reason": Detail("Reason"),
    "note": Detail("Note"),
}
CHANGE: Mapping[str, Detail] = {
    "change": HIDDEN,
    "proposed_by": HIDDEN,
    "changes": Detail("Changes", show=mapping_text(GATEWAY), limit=3000),
    "reason": Detail("Reason"),
    "note": Detail("Note"),
}

VERBS: Mapping[str, Verb] = {
    "gateway.proposed": Verb(
        "proposed {act_title} {act_year}, {provision} for the register",
        "proposed a gateway",
        GATEWAY,
    ),
    "gateway.approved": Verb("approved a proposed gateway", "approved a gateway", GATEWAY),
    "gateway.rejected": Verb("turned down a proposed gateway", "turned down a gateway", GATEWAY),
    "gateway.changed": Verb("changed a gateway's details", "changed a gateway", GATEWAY),
    "gateway.change_proposed": Verb(
        "proposed a change to a gateway in the register",
        "proposed a change to a gateway",
        CHANGE,
    ),
    "gateway.change_approved": Verb(
        "approved a proposed change to a gateway", "approved a change to a gateway", CHANGE
    ),
    "gateway.change_rejected": Verb(
        "turned down a proposed change to a gateway", "turned down a change to a gateway", CHANGE
    ),
    "gateway.catalogued": Verb(
        "added {act_title} {act_year}, {provision} from the catalogue",
        "added a gateway from the catalogue",
        GATEWAY,
    ),
}


def _gateways(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(g.pk): Target(g.title, g.get_absolute_url())
        for g in Gateway.objects.filter(pk__in=numbers)
    }


def register() -> None:
    describe(VERBS)
    describe_targets("gateways.gateway", _gateways)
