"""Tampering with the ledger is caught.

As the database owner, with the append-only triggers switched off, make hundreds of
random single-row changes to the test database's copy of the ledger, one at a time,
each rolled back afterwards, and check that verification catches every one, naming
the right place. A tail cut off and re-written with valid-looking rows passes a plain
check (nothing in the chain itself can tell), and is caught by --expect-head.
"""

import json
import random
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from audit.chain import canonical_json, event_hash
from audit.models import Event
from audit.services import record_event
from audit.verification import verify_chain
from tests.conftest import ledger_triggers_suspended

pytestmark = pytest.mark.django_db

EVENTS = 40
MUTATIONS = 240
TEXT_COLUMNS = (
    "actor_name",
    "actor_email",
    "actor_organisation",
    "actor_role",
    "area_name",
    "verb",
    "target_type",
    "target_id",
    "request_id",
)


class UndoTamperingError(Exception):
    """Raised to roll a tampering attempt back."""


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def build_ledger() -> list[Event]:
    rng = random.Random(7)
    for index in range(EVENTS):
        record_event(
            actor=None,
            verb=rng.choice(["membership.granted", "agreement.signed", "auth.signed_in"]),
            target=("partners.membership", index),
            data={"index": index, "note": f"event {index}", "nested": {"ok": True}},
        )
    return list(Event.objects.order_by("seq"))


def edit_column(rng: random.Random, events: list[Event]) -> tuple[str, set[int]]:
    event = rng.choice(events)
    s = event.seq
    column = rng.choice(
        [*TEXT_COLUMNS, "occurred_at", "actor_id", "area_id", "data", "prev_hash", "hash", "seq"]
    )
    if column in TEXT_COLUMNS:
        sql(f"UPDATE audit_event SET {column} = {column} || 'x' WHERE seq = %s", [s])
    elif column == "occurred_at":
        sql(
            "UPDATE audit_event SET occurred_at = %s WHERE seq = %s",
            [event.occurred_at + timedelta(seconds=1), s],
        )
    elif column in ("actor_id", "area_id"):
        sql(f"UPDATE audit_event SET {column} = %s WHERE seq = %s", [rng.randint(1, 10**6), s])
    elif column == "data":
        changed = {**event.data, "note": "rewritten"}
        sql("UPDATE audit_event SET data = %s WHERE seq = %s", [json.dumps(changed), s])
    elif column in ("prev_hash", "hash"):
        value = getattr(event, column)
        flipped = value[:-1] + ("0" if value[-1] != "0" else "1")
        sql(f"UPDATE audit_event SET {column} = %s WHERE seq = %s", [flipped, s])
    else:  # seq: move the row past the end
        sql("UPDATE audit_event SET seq = %s WHERE seq = %s", [EVENTS + 50, s])
    return f"edit {column} of seq {s}", {s, s + 1} if s < EVENTS else {s}


def delete_row(rng: random.Random, events: list[Event]) -> tuple[str, set[int]]:
    s = rng.randint(1, EVENTS - 1)
    sql("DELETE FROM audit_event WHERE seq = %s", [s])
    return f"delete seq {s}", {s}


def swap_rows(rng: random.Random, events: list[Event]) -> tuple[str, set[int]]:
    a, b = sorted(rng.sample(range(1, EVENTS + 1), 2))
    sql("UPDATE audit_event SET seq = -1 WHERE seq = %s", [a])
    sql("UPDATE audit_event SET seq = %s WHERE seq = %s", [a, b])
    sql("UPDATE audit_event SET seq = %s WHERE seq = -1", [b])
    return f"swap seq {a} and {b}", {a}


def insert_row(rng: random.Random, events: list[Event]) -> tuple[str, set[int]]:
    template = rng.choice(events)
    gap = rng.choice([0, 2])
    seq = EVENTS + 1 + gap
    sql(
        "INSERT INTO audit_event (seq, occurred_at, actor_id, actor_name, actor_email, "
        "actor_organisation, actor_role, area_id, area_name, verb, target_type, target_id, "
        "data, request_id, prev_hash, hash) "
        "SELECT %s, occurred_at, actor_id, actor_name, actor_email, actor_organisation, "
        "actor_role, area_id, area_name, verb, target_type, target_id, data, request_id, "
        "%s, %s FROM audit_event WHERE seq = %s",
        [seq, events[-1].hash, "f" * 64, template.seq],
    )
    return f"insert a forged row at seq {seq}", {EVENTS + 1}


MUTATORS: list[Callable[[random.Random, list[Event]], tuple[str, set[int]]]] = [
    edit_column,
    edit_column,
    delete_row,
    swap_rows,
    insert_row,
]


def test_every_random_single_row_change_is_caught() -> None:
    events = build_ledger()
    assert verify_chain().ok
    rng = random.Random(2026)
    kinds_seen: set[str] = set()
    for attempt in range(MUTATIONS):
        mutate = rng.choice(MUTATORS)
        try:
            with transaction.atomic(), ledger_triggers_suspended():
                description, where = mutate(rng, events)
                verdict = verify_chain(batch_size=rng.choice([3, 7, 1000]))
                assert verdict.problem is not None, f"not caught: {description}"
                assert verdict.problem.seq in where, f"{description}: reported {verdict.problem}"
                kinds_seen.add(verdict.problem.kind)
                if attempt % 20 == 0:  # the command itself, now and then
                    with pytest.raises(SystemExit) as exited:
                        call_command("verify_audit")
                    assert exited.value.code == 1
                raise UndoTamperingError
        except UndoTamperingError:
            pass
    assert verify_chain().ok
    assert kinds_seen >= {"content changed", "row missing", "order changed", "link broken"}


def test_a_tail_cut_and_rewritten_is_caught_by_the_published_head() -> None:
    events = build_ledger()
    published = (events[-1].seq, events[-1].hash)
    cut = 5
    try:
        with transaction.atomic(), ledger_triggers_suspended():
            sql("DELETE FROM audit_event WHERE seq > %s", [EVENTS - cut])
            prev = events[-cut - 1].hash
            for seq in range(EVENTS - cut + 1, EVENTS + 1):
                original = events[seq - 1]
                values = {
                    field: getattr(original, field)
                    for field in (
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
                        "request_id",
                    )
                }
                values["data"] = {**original.data, "note": "quietly rewritten"}
                digest = event_hash(prev, canonical_json(values))
                Event.objects.bulk_create([Event(**values, prev_hash=prev, hash=digest)])
                prev = digest
            # Nothing inside the chain can tell...
            assert verify_chain().ok
            call_command("verify_audit")
            # ...but the head published before the rewrite is no longer there.
            verdict = verify_chain(expect_head=published)
            assert verdict.problem is not None
            assert verdict.problem.seq == published[0]
            assert verdict.problem.kind == "published head not in chain"
            with pytest.raises(SystemExit) as exited:
                call_command("verify_audit", expect_head=f"{published[0]}:{published[1]}")
            assert exited.value.code == 1
            raise UndoTamperingError
    except UndoTamperingError:
        pass


def test_a_tail_simply_cut_off_is_caught_by_the_published_head() -> None:
    events = build_ledger()
    published = (events[-1].seq, events[-1].hash)
    try:
        with transaction.atomic(), ledger_triggers_suspended():
            sql("DELETE FROM audit_event WHERE seq > %s", [EVENTS - 3])
            assert verify_chain().ok
            verdict = verify_chain(expect_head=published)
            assert verdict.problem is not None
            assert "chain ends at seq 37" in verdict.problem.detail
            raise UndoTamperingError
    except UndoTamperingError:
        pass
