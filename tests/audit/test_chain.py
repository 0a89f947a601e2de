"""The verifier's hand-written canonical form must equal the documented one."""

import json
import random
from datetime import UTC, datetime

from audit.chain import HASHED_FIELDS, canonical_json, format_timestamp
from audit.verification import _fast_canonical

AWKWARD = [
    "",
    "plain",
    'quote " and backslash \\',
    "new\nline\ttab\rreturn\bback\fform",
    "control \x01\x1f and delete \x7f",
    "accents: Zoë, Siân, Łódź",
    "emoji \U0001f642 and astral \U0001d518",
    "\u2028 line separator \u2029",
    "<script>alert(1)</script>",
]


def test_the_fast_canonical_form_matches_the_documented_one() -> None:
    rng = random.Random(11)
    for _ in range(500):
        values = {
            "seq": rng.randint(1, 10**12),
            "occurred_at": datetime(
                2026, 11, 25, 16, 0, rng.randint(0, 59), rng.randint(0, 999999), tzinfo=UTC
            ),
            "actor_id": rng.choice([None, rng.randint(1, 10**9)]),
            "area_id": rng.choice([None, rng.randint(1, 50)]),
            "data": {
                rng.choice(["b", "a", "Z", "key with space"]): rng.choice(AWKWARD),
                "list": [rng.choice(AWKWARD), rng.randint(-5, 5), None, True],
                "nested": {"z": {"y": rng.choice(AWKWARD)}, "a": False},
            },
        }
        for name in HASHED_FIELDS:
            values.setdefault(name, rng.choice(AWKWARD))
        row = (
            values["seq"],
            format_timestamp(values["occurred_at"]),
            values["actor_id"],
            values["actor_name"],
            values["actor_email"],
            values["actor_organisation"],
            values["actor_role"],
            values["area_id"],
            values["area_name"],
            values["verb"],
            values["target_type"],
            values["target_id"],
            json.dumps(values["data"]),  # as the database hands it back: JSON text
            values["request_id"],
            "prev",
            "hash",
        )
        assert _fast_canonical(row) == canonical_json(values)
