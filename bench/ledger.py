"""Audit ledger benchmarks (PostgreSQL only).

- Appending with concurrent writers, each event in its own transaction as the services
  do, beside plain INSERTs of the same rows by the same writers (no lock, no chain).
- verify_audit's chain walk over a large ledger, beside a plain sequential read of the
  same table.
"""

import io
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.db import connection, connections, transaction

from audit.chain import GENESIS_HASH, canonical_json, event_hash
from audit.services import record_event
from audit.verification import _rows, verify_chain
from bench.measure import TABLE

WRITERS = int(os.environ.get("BENCH_LEDGER_WRITERS", "4"))
APPENDS_EACH = int(os.environ.get("BENCH_LEDGER_APPENDS", "500"))
# Enough for a steady rate (events per second do not change with the ledger's length)
# in a minute or so of `make bench`; BENCH_LEDGER_EVENTS=1000000 for the full size.
LEDGER_EVENTS = int(os.environ.get("BENCH_LEDGER_EVENTS", "250000"))

COLUMNS = (
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
    "prev_hash",
    "hash",
)


def _empty_ledger() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        cursor.execute("TRUNCATE audit_event")
        cursor.execute(
            "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_rows;"
            "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_truncate"
        )


def _in_threads(work: Callable[[int], None]) -> float:
    barrier = threading.Barrier(WRITERS + 1)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            work(number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed


def bench_appends() -> None:
    _empty_ledger()

    def plain(number: int) -> None:
        for index in range(APPENDS_EACH):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audit_event (seq, occurred_at, actor_name, actor_email, "
                    "actor_organisation, actor_role, area_name, verb, target_type, target_id, "
                    "data, request_id, prev_hash, hash) VALUES "
                    "(%s, now(), '', '', '', '', '', 'bench.plain', '', '', '{}', '', '', %s)",
                    [number * 10**7 + index + 1, f"{number}-{index}"],
                )

    plain_seconds = _in_threads(plain)
    _empty_ledger()

    def chained(number: int) -> None:
        for index in range(APPENDS_EACH):
            with transaction.atomic():
                record_event(actor=None, verb="bench.append", data={"writer": number, "i": index})

    chained_seconds = _in_threads(chained)
    total = WRITERS * APPENDS_EACH
    verdict = verify_chain()
    unforked = verdict.ok and verdict.count == total
    rate = total / chained_seconds
    TABLE.add(
        "ledger",
        f"appends, {WRITERS} writers x {APPENDS_EACH}, each its own transaction",
        f"{rate:,.0f} events/s; plain INSERTs {total / plain_seconds:,.0f} rows/s; "
        f"{chained_seconds / plain_seconds:.2f}x their time; chain "
        f"{'unforked' if unforked else 'BROKEN'} ({verdict.count} events)",
        goal=">= 500 events/s",
        met=rate >= 500 and unforked,
    )
    _empty_ledger()


def _fill(events: int) -> None:
    """Write a valid chain of ``events`` rows quickly, with COPY."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    prev = GENESIS_HASH
    raw = connection.connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY audit_event ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for seq in range(1, events + 1):
            values = {
                "seq": seq,
                "occurred_at": start + timedelta(milliseconds=seq),
                "actor_id": seq % 500,
                "actor_name": "Bench Person",
                "actor_email": "bench@example.org",
                "actor_organisation": "Bench Council",
                "actor_role": "Officer",
                "area_id": seq % 6 + 1,
                "area_name": "Bench",
                "verb": "bench.event",
                "target_type": "agreements.agreement",
                "target_id": str(seq % 1000),
                "data": {"n": seq, "note": "benchmark"},
                "request_id": "",
            }
            digest = event_hash(prev, canonical_json(values))
            copy.write_row(
                [
                    *(
                        json.dumps(values["data"]) if c == "data" else values[c]
                        for c in COLUMNS[:-2]
                    ),
                    prev,
                    digest,
                ]
            )
            prev = digest
    raw.commit()


def bench_verify() -> None:
    _empty_ledger()
    started = time.perf_counter()
    _fill(LEDGER_EVENTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_event")  # as autovacuum would have, in production
    print(f"(filled a ledger of {LEDGER_EVENTS:,} events in {time.perf_counter() - started:.1f} s)")

    started = time.perf_counter()
    rows = sum(1 for _ in _rows("audit_event", 10_000, "default"))
    read_seconds = time.perf_counter() - started

    output = io.StringIO()
    started = time.perf_counter()
    call_command("verify_audit", stdout=output)
    verify_seconds = time.perf_counter() - started
    assert f"{LEDGER_EVENTS} events verified" in output.getvalue(), output.getvalue()
    assert rows == LEDGER_EVENTS
    TABLE.add(
        "ledger",
        f"verify_audit over {LEDGER_EVENTS:,} events",
        f"{LEDGER_EVENTS / verify_seconds:,.0f} events/s; plain sequential read "
        f"{rows / read_seconds:,.0f} rows/s; {verify_seconds / read_seconds:.2f}x its time",
        goal=">= 50,000 events/s",
        met=LEDGER_EVENTS / verify_seconds >= 50_000,
    )
    _empty_ledger()


def run() -> None:
    if connection.vendor != "postgresql":
        TABLE.skip("ledger appends and verify_audit: they need PostgreSQL (set DATABASE_URL)")
        return
    bench_appends()
    bench_verify()
