"""Showing ledger events to people: readable verbs and details."""

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def audit_verb(verb: str) -> str:
    """'membership.granted' -> 'Membership granted'."""
    text = verb.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


SHOWN_LENGTH = 160
# Details kept in the ledger (and its CSV export) but too long to show in a trail.
NOT_SHOWN = {"diff"}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


@register.filter
def audit_details(data: Any) -> list[tuple[str, str]]:
    """Each detail as (name, text); an edit's {"from", "to"} as "old → new". Internal
    ids are left out (the CSV export keeps them)."""
    if not isinstance(data, dict):
        return []
    details = []
    for key in sorted(data):
        if key.endswith("_id") or key in NOT_SHOWN:
            continue
        value = data[key]
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            details.append(
                (key.replace("_", " "), f"{_text(value['from'])} → {_text(value['to'])}")
            )
        else:
            details.append((key.replace("_", " "), _text(value)))
    return details
