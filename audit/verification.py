"""Walks the chain and says where, if anywhere, it stops holding."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections

from .chain import GENESIS_HASH, HASHED_FIELDS, canonical_json, event_hash, format_timestamp

CONTENT_CHANGED = "content changed"
ROW_MISSING = "row missing"
ORDER_CHANGED = "order changed"
LINK_BROKEN = "link broken"
HEAD_NOT_IN_CHAIN = "published head not in chain"

_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Verdict:
    count: int
    head_seq: int | None
    head_hash: str | None
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows(table: str, batch_size: int, using: str) -> Iterator[tuple[Any, ...]]:
    columns = ", ".join(_COLUMNS)
    last = 0
    connection = connections[using]
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {columns} FROM {connection.ops.quote_name(table)} "  # noqa: S608 - fixed names
                "WHERE seq > %s ORDER BY seq LIMIT %s",
                [last, batch_size],
            )
            batch = cursor.fetchall()
            if not batch:
                return
            yield from batch
            last = batch[-1][0]


def _canonical(row: tuple[Any, ...], seq: int | None = None) -> str:
    values = dict(zip(_COLUMNS, row, strict=True))
    if seq is not None:
        values["seq"] = seq
    data = values["data"]
    values["data"] = json.loads(data) if isinstance(data, str) else data
    occurred = values["occurred_at"]
    if isinstance(occurred, str):  # SQLite without type conversion
        occurred = datetime.fromisoformat(occurred)
    if occurred.tzinfo is None:  # SQLite keeps UTC without an offset
        occurred = occurred.replace(tzinfo=UTC)
    values["occurred_at"] = format_timestamp(occurred)
    return canonical_json(values)


def _diagnose_mismatch(row: tuple[Any, ...], expected_prev: str, table: str, using: str) -> Problem:
    seq, prev_hash, stored = row[0], row[-2], row[-1]
    canonical = _canonical(row)
    if prev_hash != expected_prev and event_hash(expected_prev, canonical) == stored:
        return Problem(seq, LINK_BROKEN, "its prev_hash was altered; its content is intact")
    # Does this row's content belong at another position in the chain?
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq FROM {connection.ops.quote_name(table)} WHERE hash = %s",  # noqa: S608
            [prev_hash],
        )
        found = cursor.fetchone()
    if prev_hash == GENESIS_HASH:
        original_seq = 1
    elif found:
        original_seq = found[0] + 1
    else:
        original_seq = None
    if (
        original_seq is not None
        and original_seq != seq
        and event_hash(prev_hash, _canonical(row, seq=original_seq)) == stored
    ):
        return Problem(seq, ORDER_CHANGED, f"it holds the event recorded at seq {original_seq}")
    return Problem(seq, CONTENT_CHANGED, "its stored hash does not match its content")


def verify_chain(
    *,
    batch_size: int = 10_000,
    expect_head: tuple[int, str] | None = None,
    table: str = "audit_event",
    using: str = "default",
) -> Verdict:
    """Re-compute every hash in seq order and check each event links to the one before.

    Reports the first problem: a row whose content no longer matches its hash (content
    changed), a gap in seq (row missing), an event moved to another position (order
    changed), or a row that does not link to its predecessor (link broken). With
    ``expect_head`` (a seq and hash published earlier), also checks that event is still
    in the chain with that hash: a chain cut and re-written after it fails here.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    head_seq: int | None = None
    head_hash: str | None = None
    head_checked = expect_head is None
    for row in _rows(table, batch_size, using):
        seq, prev_hash, stored = row[0], row[-2], row[-1]
        if seq != expected_seq:
            missing = (
                f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq} to {seq - 1}"
            )
            return Verdict(
                count,
                head_seq,
                head_hash,
                Problem(expected_seq, ROW_MISSING, f"no event at seq {missing}"),
            )
        if event_hash(prev_hash, _canonical(row)) != stored or prev_hash != expected_prev:
            if prev_hash != expected_prev and event_hash(prev_hash, _canonical(row)) == stored:
                problem = Problem(
                    seq,
                    LINK_BROKEN,
                    f"it does not follow from seq {seq - 1}: one of the two was altered",
                )
            else:
                problem = _diagnose_mismatch(row, expected_prev, table, using)
            return Verdict(count, head_seq, head_hash, problem)
        if expect_head is not None and seq == expect_head[0]:
            if stored != expect_head[1]:
                return Verdict(
                    count,
                    head_seq,
                    head_hash,
                    Problem(
                        seq,
                        HEAD_NOT_IN_CHAIN,
                        f"the published head has hash {expect_head[1]}, the chain has {stored}",
                    ),
                )
            head_checked = True
        count += 1
        expected_prev, expected_seq = stored, seq + 1
        head_seq, head_hash = seq, stored
    if not head_checked:
        assert expect_head is not None
        return Verdict(
            count,
            head_seq,
            head_hash,
            Problem(
                expect_head[0],
                HEAD_NOT_IN_CHAIN,
                f"the chain ends at seq {head_seq or 0}, before the published head",
            ),
        )
    return Verdict(count, head_seq, head_hash, None)
