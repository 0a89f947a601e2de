"""Issuing a version of an agreement with hundreds of open threads, and everyone
else's audited writes meanwhile (PostgreSQL only).

The ledger's lock serialises every audited write in the service, so it must be held
for the append alone: this prints how long issuing holds it (from the moment it is
granted to the commit) beside how long issuing takes, and how much slower audited
writes elsewhere (a section saved in another area's agreement, in another process, as
another person would) are while versions are issued than while they are not.

BENCH_ISSUES (5) versions are issued, each after a quiet spell.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.environment import prepare

    prepare()

from django.db import connection, transaction

from bench.measure import TABLE

ISSUES = int(os.environ.get("BENCH_ISSUES", "5"))
QUIET_SECONDS = 1.5
SLOWDOWN_GOAL = 2.0
ROOT = Path(__file__).resolve().parent.parent


def _change(agreement, officer, n: int) -> None:  # type: ignore[no-untyped-def]
    from agreements import services
    from agreements.models import Section

    section = Section.objects.filter(agreement=agreement, locked=False).order_by("position")[n % 5]
    services.section_save(
        section=section,
        body=section.body + f"\n\nChanged for the benchmark, take {n}.",
        base_revision=section.revision,
        actor=officer,
    )


def _issue_timed(agreement, officer) -> tuple[float, float, float, float, float]:  # type: ignore[no-untyped-def]
    """Issue a version; (started, ended) on the monotonic clock, the seconds it took,
    the seconds the ledger's lock was held, and of those the seconds until the last
    append (the rest is the commit)."""
    from agreements import services

    granted: list[float] = []
    appended: list[float] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        result = execute(sql, params, many, context)
        if "pg_advisory_xact_lock" in sql and not granted:
            granted.append(time.monotonic())
        if sql.startswith('INSERT INTO "audit_event"'):
            appended.append(time.monotonic())
        return result

    committed: list[float] = []
    with connection.execute_wrapper(watch):
        started = time.monotonic()
        with transaction.atomic():
            # First in line after the commit, before the work the change owes (e-mails
            # handed to the broker), which runs after the lock has gone.
            transaction.on_commit(lambda: committed.append(time.monotonic()))
            services.version_issue(agreement=agreement, actor=officer, note="Benchmark")
        ended = time.monotonic()
    return (
        started,
        ended,
        committed[0] - started,
        committed[0] - granted[0],
        appended[-1] - granted[0],
    )


def _elsewhere(area_slug: str):  # type: ignore[no-untyped-def]
    """A draft of another area and its officer, for the writes elsewhere."""
    from agreements import services
    from agreements.models import Template
    from bench.agreements import officer_of
    from partners.models import Organisation, OrganisationKind

    officer = officer_of(area_slug)
    lead = Organisation.objects.filter(
        area__slug=area_slug, kind=OrganisationKind.LOCAL_AUTHORITY
    ).first()
    agreement = services.agreement_create(
        area=lead.area,  # type: ignore[union-attr]
        template=Template.objects.get(slug="information-sharing-protocol"),
        title="Benchmark: written to while another area issues",
        lead_organisation=lead,  # type: ignore[arg-type]
        actor=officer,
    )
    section = agreement.sections.filter(locked=False).order_by("position").first()
    return section, officer


def writer(section_id: int, officer_id: int, seconds: float, out: str) -> None:
    """Save one section over and over for ``seconds``, writing each save's start and
    duration (monotonic seconds) to ``out``."""
    from agreements import services
    from agreements.models import Section
    from partners.models import User

    officer = User.objects.get(pk=officer_id)
    deadline = time.monotonic() + seconds
    n = 0
    with open(out, "w", buffering=1) as file:  # a line at a time: it is stopped by a signal
        while time.monotonic() < deadline:
            section = Section.objects.get(pk=section_id)
            n += 1
            started = time.monotonic()
            services.section_save(
                section=section,
                body=f"Written elsewhere, take {n}.",
                base_revision=section.revision,
                actor=officer,
            )
            file.write(f"{started} {time.monotonic() - started}\n")
            time.sleep(0.01)


def _classify(
    samples: Path, windows: list[tuple[float, float]], busy: list[tuple[float, float]]
) -> tuple[list[float], list[float], list[float]]:
    """Writes that overlapped an issue, ones that overlapped the control's busy spells,
    and ones well clear of both."""
    during: list[float] = []
    beside: list[float] = []
    quiet: list[float] = []

    def overlaps(
        start_at: float, took: float, spells: list[tuple[float, float]], margin: float = 0.0
    ) -> bool:
        return any(
            start_at < end + margin and start_at + took > start - margin for start, end in spells
        )

    for line in samples.read_text().splitlines():
        started_at, duration = (float(x) for x in line.split())
        if overlaps(started_at, duration, windows):
            during.append(duration)
        elif overlaps(started_at, duration, busy):
            beside.append(duration)
        elif not overlaps(started_at, duration, windows + busy, margin=0.2):
            quiet.append(duration)
    return during, beside, quiet


def run(*, agreement, officer, database_name: str, busy: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    """Issue versions of ``agreement`` while another process saves sections elsewhere;
    as a control, run ``busy`` (work of the same process that appends nothing, a page
    rendered) for as long as an issue takes, so the lock's share of any slowdown can be
    told from the machine's."""
    if connection.vendor != "postgresql":
        TABLE.skip("issuing and the ledger's lock: they need PostgreSQL (set DATABASE_URL)")
        return
    from agreements.models import Comment

    threads = Comment.objects.filter(agreement=agreement, resolved_at=None).count()
    print(
        f"Issuing {ISSUES} versions of an agreement with {threads} open threads, with audited "
        "writes elsewhere ...",
        flush=True,
    )
    section, other = _elsewhere("leeds")
    samples = Path(tempfile.mkdtemp(prefix="bench-writes-")) / "writes.txt"
    parts = os.environ["DATABASE_URL"].rsplit("/", 1)
    env = {**os.environ, "DATABASE_URL": f"{parts[0]}/{database_name}"}
    process = subprocess.Popen(  # noqa: S603 - this very module
        [sys.executable, __file__, str(section.pk), str(other.pk), "600", str(samples)],
        cwd=ROOT,
        env=env,
    )
    windows: list[tuple[float, float]] = []
    spells: list[tuple[float, float]] = []
    took: list[float] = []
    held: list[float] = []
    appending: list[float] = []
    try:
        time.sleep(QUIET_SECONDS * 2)
        for n in range(ISSUES):
            _change(agreement, officer, n)
            time.sleep(QUIET_SECONDS)
            started, ended, seconds_taken, seconds_held, seconds_appending = _issue_timed(
                agreement, officer
            )
            windows.append((started, ended))
            took.append(seconds_taken)
            held.append(seconds_held)
            appending.append(seconds_appending)
            time.sleep(QUIET_SECONDS)
            started = time.monotonic()
            while time.monotonic() < started + seconds_taken:
                busy()
            spells.append((started, time.monotonic()))
        time.sleep(QUIET_SECONDS)
    finally:
        process.terminate()
        process.wait(timeout=30)
    during, beside, quiet = _classify(samples, windows, spells)
    samples.unlink(missing_ok=True)
    TABLE.add(
        "ledger",
        f"issuing a version, {threads} open threads: time held the ledger's lock",
        f"{statistics.median(held) * 1000:.1f} ms of {statistics.median(took) * 1000:.0f} ms "
        f"({statistics.median(held) / statistics.median(took):.1%}; appending "
        f"{statistics.median(appending) * 1000:.2f} ms, the rest the commit; worst "
        f"{max(held) * 1000:.1f} ms; {ISSUES} issues)",
        goal="the append only",
    )
    if not during or not quiet:
        TABLE.skip("writes elsewhere while issuing: too few samples")
        return
    slowdown = statistics.median(during) / statistics.median(quiet)
    control = (
        f"; {statistics.median(beside) / statistics.median(quiet):.2f}x while the same "
        f"process renders pages instead ({len(beside)} writes)"
        if beside
        else ""
    )
    TABLE.add(
        "ledger",
        "audited writes elsewhere while issuing, slowdown",
        f"{slowdown:.2f}x (p50 {statistics.median(during) * 1000:.1f} ms vs "
        f"{statistics.median(quiet) * 1000:.1f} ms quiet; worst "
        f"{max(during) * 1000:.0f} ms; {len(during)} and {len(quiet)} writes{control})",
        goal=f"<= {SLOWDOWN_GOAL:g}x",
        met=slowdown <= SLOWDOWN_GOAL,
    )


if __name__ == "__main__":
    writer(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
