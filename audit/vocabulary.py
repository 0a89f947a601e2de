"""The ledger in words.

The ledger keeps what happened as a verb (``agreement.signoff_requested``) and JSON data
(``{"status": {"from": "in_review", "to": "awaiting_signoff"}, "version": 2}``): exact,
hashable, and meant for machines. People read it as sentences: "Catherine Moore asked
for sign-off of version 2", with details such as "Status: in review → awaiting sign-off".

``audit`` imports no other app, so each app describes the verbs it records, in its
``AppConfig.ready``, with ``describe``: a sentence, a short form for lists and filters,
and for each key of its data a label and how its values read. Verbs no longer recorded
stay described, since the ledger keeps them for ever. Apps also say how to name what an
event is about (``describe_targets``), e.g. an agreement's reference and title.
"""

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.text import get_text_list

from .models import Event

SHOWN_LENGTH = 160
NOBODY = "The service"


@dataclass(frozen=True)
class Detail:
    """How one key of an event's data reads: its label, and its values either through
    ``values`` (codes to words) or ``show`` (anything else). ``hidden`` details stay in
    the ledger and the raw export (ids, diffs) but are not shown to people."""

    label: str
    values: Mapping[Any, str] | None = None
    show: Callable[[Any], str] | None = None
    hidden: bool = False
    limit: int = 0  # characters shown, when not SHOWN_LENGTH


HIDDEN = Detail("", hidden=True)


@dataclass(frozen=True)
class Verb:
    """How one verb reads. ``sentence`` follows the actor's name and may name data keys
    in braces ("asked for sign-off of version {version}"); ``short`` is the same without
    details ("asked for sign-off"), used in filters and when a key is missing from an
    old event. ``detail_for`` labels keys made at run time (one per question, say).
    ``nobody`` is the subject when no person acted."""

    sentence: str
    short: str
    details: Mapping[str, Detail] = field(default_factory=dict)
    detail_for: Callable[[str], Detail | None] | None = None
    nobody: str = NOBODY

    def detail(self, key: str) -> Detail | None:
        found = self.details.get(key)
        if found is None and self.detail_for is not None:
            found = self.detail_for(key)
        return found


@dataclass(frozen=True)
class Target:
    label: str
    url: str = ""


TargetDescriber = Callable[[list[str]], Mapping[str, Target]]

_verbs: dict[str, Verb] = {}
_targets: dict[str, TargetDescriber] = {}


def describe(verbs: Mapping[str, Verb]) -> None:
    """Add an app's verbs. A verb is described by one app only."""
    for name, verb in verbs.items():
        if name in _verbs and _verbs[name] != verb:
            raise ImproperlyConfigured(f"The audit verb {name} is described twice.")
        for placeholder in _placeholders(verb.sentence):
            if verb.detail(placeholder) is None:
                raise ImproperlyConfigured(f"{name}: no detail describes {{{placeholder}}}.")
        _verbs[name] = verb


def describe_targets(target_type: str, describer: TargetDescriber) -> None:
    """Say how to name the objects of ``target_type`` ("agreements.agreement") that
    events are about: ``describer(ids)`` -> {id: Target}, in one query for a page."""
    _targets[target_type] = describer


def described_verbs() -> frozenset[str]:
    return frozenset(_verbs)


def verb(name: str) -> Verb | None:
    return _verbs.get(name)


def _placeholders(sentence: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(sentence) if name]


def _humane(name: str) -> str:
    text = name.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label to use inside a sentence: "Local authority" -> "local authority", while
    "NHS body" and "UK GDPR" keep their capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def words_for(choices: Iterable[Any]) -> dict[Any, str]:
    """A model's choices as ``Detail.values``: each value to its label, in a sentence."""
    return {choice.value: lower_first(str(choice.label)) for choice in choices}


_CODE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")


def verb_label(name: str) -> str:
    """A verb for a list or a filter: "Asked for sign-off"."""
    described = _verbs.get(name)
    return _humane(described.short) if described else _humane(name)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: Any) -> str:
    """``show`` for dates kept as ISO text: "2027-12-01" -> "1 December 2027"."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date_format(date.fromisoformat(value))
        except ValueError:
            return value
    return text(value)


def as_hash(value: Any) -> str:
    """``show`` for a SHA-256: the whole of it, never cut short, so it can be compared
    with a version's or a sealed PDF's fingerprint."""
    return value if isinstance(value, str) else text(value)


def _known(value: Any, detail: Detail | None) -> str | None:
    """The word ``detail.values`` gives this value, if it names it."""
    if detail is None or detail.values is None or isinstance(value, list | dict):
        return None
    for key, word in detail.values.items():
        # True == 1 in Python: a yes/no value only matches a yes/no key.
        if key == value and isinstance(key, bool) == isinstance(value, bool):
            return word
    return None


def text(value: Any, detail: Detail | None = None, *, limit: int = SHOWN_LENGTH) -> str:
    """One value in words: through the detail's ``values`` or ``show``; yes or no; lists
    joined with "and"; an edit's {"from", "to"} as "old → new"; nothing as "none"."""
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        before = text(value["from"], detail, limit=limit)
        return f"{before} → {text(value['to'], detail, limit=limit)}"
    known = _known(value, detail)
    if known is not None:
        shown = known
    elif value is None or value == "" or value == [] or value == {}:
        return "none"
    elif detail is not None and detail.show is not None:
        shown = detail.show(value)
    elif (
        detail is not None
        and detail.values is not None
        and isinstance(value, str)
        and _CODE.match(value)
    ):
        # A code this version does not know (from an older or newer release).
        shown = value.replace("_", " ").replace("-", " ")
    elif isinstance(value, bool):
        return "yes" if value else "no"
    elif isinstance(value, list):
        return get_text_list([text(item, detail, limit=limit) for item in value], "and")
    elif isinstance(value, dict):
        shown = "; ".join(
            f"{_humane(str(key))}: {text(item, limit=limit)}" for key, item in value.items()
        )
    else:
        shown = " ".join(str(value).split())
    if detail is not None and detail.limit:
        limit = detail.limit
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def mapping_text(details: Mapping[str, Detail]) -> Callable[[Any], str]:
    """``show`` for a value that is itself an object of details: "Label: value; ..."."""

    def show(value: Any) -> str:
        if not isinstance(value, dict):
            return text(value)
        parts = []
        for key, item in value.items():
            detail = details.get(key)
            if detail is not None and detail.hidden:
                continue
            label = detail.label if detail else _humane(key)
            parts.append(f"{label}: {text(item, detail)}")
        return "; ".join(parts) or "none"

    return show


@dataclass(frozen=True)
class InWords:
    sentence: str
    details: list[tuple[str, str]]
    described: bool


class _Missing(KeyError):
    pass


def in_words(event: Event) -> InWords:
    """The event as a sentence with its details, each as (label, text)."""
    described = _verbs.get(event.verb)
    data = event.data if isinstance(event.data, dict) else {}
    if described is None:
        actor = event.actor_name or NOBODY
        return InWords(
            f"{actor} recorded \u201c{_humane(event.verb).lower()}\u201d",
            [(_humane(key), text(value)) for key, value in sorted(data.items())],
            False,
        )
    actor = event.actor_name or described.nobody
    used = _placeholders(described.sentence)
    try:
        values = {}
        for name in used:
            if name not in data:
                raise _Missing(name)
            values[name] = text(data[name], described.detail(name), limit=SHOWN_LENGTH)
        sentence = f"{actor} {described.sentence.format(**values)}"
    except _Missing:
        sentence, used = f"{actor} {described.short}", []
    details = []
    ordered = [key for key in described.details if key in data]
    ordered += sorted(key for key in data if key not in described.details)
    for key in ordered:
        if key in used:
            continue
        detail = described.detail(key)
        if detail is not None and detail.hidden:
            continue
        if detail is None and key.endswith("_id"):
            continue
        if _empty(data[key]) and _known(data[key], detail) is None:
            continue  # nothing to say ("Website: none" on a new organisation)
        details.append((detail.label if detail else _humane(key), text(data[key], detail)))
    return InWords(sentence, details, True)


def annotate_targets(events: Iterable[Event]) -> None:
    """Set ``about`` (a Target or None) on each event, one lookup per kind of target."""
    events = list(events)
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.target_type in _targets and event.target_id:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    found = {target_type: _targets[target_type](sorted(ids)) for target_type, ids in wanted.items()}
    for event in events:
        event.about = found.get(event.target_type, {}).get(event.target_id)  # type: ignore[attr-defined]
