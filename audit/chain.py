"""The ledger's canonical form and hash. Documented in docs/audit-ledger.md so that
anyone can re-check an export of the chain with a script of their own.

    canonical = JSON of the event's columns other than prev_hash and hash, keys sorted,
                separators "," and ":", UTF-8, non-ASCII characters as themselves;
                occurred_at as UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ"; no floating-point numbers
    hash      = lowercase hex SHA-256 of the UTF-8 bytes of prev_hash + canonical
    prev_hash = the previous event's hash; 64 zeros for the first event (seq 1)

For the values the ledger holds (strings, integers, booleans, null, lists, objects with
ASCII keys) this canonical JSON is the same as RFC 8785 (JCS).
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64

# Every column but prev_hash and hash, in the order the documentation lists them.
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_email",
    "actor_organisation",
    "actor_role",
    "area_id",
    "area_name",
    "verb",
    "target_type",
    "target_id",
    "data",
    "request_id",
)


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _refuse_floats(value: Any, path: str = "data") -> None:
    if isinstance(value, float):
        raise ValueError(f"{path}: audit data holds no floating-point numbers; use a string")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_floats(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_floats(item, f"{path}[{index}]")


def normalise_data(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The event data exactly as the database will give it back: dates, decimals and
    UUIDs become strings (Django's JSON encoder); floats are refused, since their text
    form differs between systems."""
    result: dict[str, Any] = json.loads(json.dumps(dict(data or {}), cls=DjangoJSONEncoder))
    _refuse_floats(result)
    return result


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(values: Mapping[str, Any]) -> str:
    """``values`` maps each name in HASHED_FIELDS to its stored value; occurred_at may be
    a datetime or its canonical string."""
    document = {name: values[name] for name in HASHED_FIELDS}
    if isinstance(document["occurred_at"], datetime):
        document["occurred_at"] = format_timestamp(document["occurred_at"])
    return _ENCODER.encode(document)


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
