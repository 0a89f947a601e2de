"""Walks the chain and says where, if anywhere, it stops holding."""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from json.encoder import encode_basestring as _quote
from typing import Any

from django.db import connections, transaction

from .chain import GENESIS_HASH, HASHED_FIELDS, event_hash, format_timestamp

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


_PG_SELECT = (
    "SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "actor_id, actor_name, actor_email, actor_organisation, actor_role, area_id, area_name, "
    "verb, target_type, target_id, data::text, request_id, prev_hash, hash "
    "FROM {table} ORDER BY seq"
)


def _rows(table: str, batch_size: int, using: str) -> Iterator[tuple[Any, ...]]:
    """The table's rows in seq order, a batch at a time.

    On PostgreSQL: one server-side cursor in a REPEATABLE READ transaction, so the walk
    sees one consistent snapshot however long it takes while events keep being appended,
    with the timestamp already in canonical form and the JSON as text. On SQLite: keyset
    pages on the primary key."""
    connection = connections[using]
    quoted = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            if outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            raw = connection.connection
            assert raw is not None
            with raw.cursor(name="audit_verify_chain") as cursor:
                cursor.itersize = batch_size
                cursor.execute(_PG_SELECT.format(table=quoted))
                while batch := cursor.fetchmany(batch_size):
                    yield from batch
        return
    query = (
        f"SELECT {', '.join(_COLUMNS)} FROM {quoted} "  # noqa: S608 - fixed names
        "WHERE seq > %s ORDER BY seq LIMIT %s"
    )
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(query, [last, batch_size])
            batch = cursor.fetchall()
            if not batch:
                return
            yield from batch
            last = batch[-1][0]


def _refuse(value: object) -> object:
    raise TypeError(f"not JSON: {value!r}")


# json's C encoder, made once: sorted keys, no spaces, non-ASCII as itself. The same
# output as canonical_json's encoder, without building an encoder for every row.
_encode_data = c_make_encoder(None, _refuse, _quote, None, ":", ",", True, False, True)
_loads = json.loads


def _fast_canonical(row: tuple[Any, ...]) -> str:
    """canonical_json() for a row as _rows() gives it, written out by hand for speed:
    the keys in sorted order, strings escaped exactly as json does. A test checks it
    against canonical_json() on awkward values."""
    (
        seq, occurred, actor_id, actor_name, actor_email, actor_organisation, actor_role,
        area_id, area_name, verb, target_type, target_id, data, request_id, _prev, _hash,
    ) = row  # fmt: skip
    if not isinstance(occurred, str) or not occurred.endswith("Z"):
        occurred = _timestamp(occurred)
    data_json = "".join(_encode_data(_loads(data) if isinstance(data, str) else data, 0))
    return (
        f'{{"actor_email":{_quote(actor_email)}'
        f',"actor_id":{"null" if actor_id is None else int(actor_id)}'
        f',"actor_name":{_quote(actor_name)}'
        f',"actor_organisation":{_quote(actor_organisation)}'
        f',"actor_role":{_quote(actor_role)}'
        f',"area_id":{"null" if area_id is None else int(area_id)}'
        f',"area_name":{_quote(area_name)}'
        f',"data":{data_json}'
        f',"occurred_at":{_quote(occurred)}'
        f',"request_id":{_quote(request_id)}'
        f',"seq":{int(seq)}'
        f',"target_id":{_quote(target_id)}'
        f',"target_type":{_quote(target_type)}'
        f',"verb":{_quote(verb)}}}'
    )


def _timestamp(occurred: Any) -> str:
    if isinstance(occurred, str):  # SQLite without type conversion
        occurred = datetime.fromisoformat(occurred)
    if occurred.tzinfo is None:  # SQLite keeps UTC without an offset
        occurred = occurred.replace(tzinfo=UTC)
    return format_timestamp(occurred)


def _canonical(row: tuple[Any, ...], seq: int | None = None) -> str:
    if seq is not None:
        row = (seq, *row[1:])
    return _fast_canonical(row)


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
    progress: Callable[[int], None] | None = None,
) -> Verdict:
    """Re-compute every hash in seq order and check each event links to the one before.

    Reports the first problem: a row whose content no longer matches its hash (content
    changed), a gap in seq (row missing), an event moved to another position (order
    changed), or a row that does not link to its predecessor (link broken). With
    ``expect_head`` (a seq and hash published earlier), also checks that event is still
    in the chain with that hash: a chain cut and re-written after it fails here.
    ``progress``, if given, is called with the number of events checked so far after
    each ``batch_size`` of them.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    head_seq: int | None = None
    head_hash: str | None = None
    head_checked = expect_head is None
    published_seq = expect_head[0] if expect_head else -1
    sha256, canonical = hashlib.sha256, _fast_canonical
    for row in _rows(table, batch_size, using):
        seq, prev_hash, stored = row[0], row[14], row[15]
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
        if (
            prev_hash != expected_prev
            or sha256((prev_hash + canonical(row)).encode()).hexdigest() != stored
        ):
            if prev_hash != expected_prev and event_hash(prev_hash, canonical(row)) == stored:
                problem = Problem(
                    seq,
                    LINK_BROKEN,
                    f"it does not follow from seq {seq - 1}: one of the two was altered",
                )
            else:
                problem = _diagnose_mismatch(row, expected_prev, table, using)
            return Verdict(count, head_seq, head_hash, problem)
        if seq == published_seq:
            assert expect_head is not None
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
        expected_prev = stored
        expected_seq = seq + 1
        if progress is not None and count % batch_size == 0:
            progress(count)
    if count:
        head_seq, head_hash = expected_seq - 1, expected_prev
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
