"""The whole PDF pipeline on a real agreement, as a render job runs it.

- Time: a 30-page agreement (the demo's Essex lead organisation, parties, gateways and
  lawful bases, with long sections) goes snapshot -> HTML -> tagged PDF -> seal -> stored
  file and database row (``build_snapshot`` then ``services.documents.document_render``),
  beside raw WeasyPrint (``HTML(string=...).write_pdf()``) on the same HTML, interleaved,
  repeated; the median ratio of processor time and its spread are printed. Goal: <= 1.25.
- Memory: a fresh worker-like process (Django set up, the worker's modules imported) runs
  ``document_render`` for a 100-page agreement; its peak resident memory is printed.
  Goal: < 400 MB. The child needs the benchmark's database: on PostgreSQL it connects to
  it; with the default in-memory SQLite test database it cannot, and renders the same
  HTML through the same engine calls and storage instead (said in the output).

Called by bench.documents.run() (from `make bench`), after bench/run.py seeded the demo.
"""

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "9"))
# Sections of about 2,000 characters: about 30 and 100 pages with the rest of the document.
SECTIONS_30_PAGES = 34
SECTIONS_100_PAGES = 150

_SENTENCES = [
    "Each party keeps a record of what it discloses, to whom, when and under which power.",
    "Only named staff who need the data for the purpose in section 2 may see it.",
    "Data is sent through the secure exchange and never by ordinary e-mail.",
    "A personal data breach is reported to the other parties within 24 hours of its discovery.",
    "When the purpose ends, each party deletes the data within 30 days and confirms it in writing.",
    "Subject access requests are answered within one calendar month, with help from the others.",
    "The Caldicott Guardian is consulted before confidential patient information is shared.",
    "Access rights are reviewed every quarter and removed where they are no longer needed.",
]


def _body(n: int) -> str:
    paragraphs = []
    for p in range(4):
        start = (n + p) % len(_SENTENCES)
        sentences = (_SENTENCES[start:] + _SENTENCES[:start])[:5]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + f"\n\n- Item {n}.1: weekly\n- Item {n}.2: on request"


def printable_agreement(*, sections: int, title: str) -> Any:
    """An agreement of the demo's Essex council, issued once, with ``sections`` long
    sections on top of its template's, and a sealed document row waiting to be made."""
    from agreements import services
    from agreements.models import DocumentKind, RenderedDocument, Section, Template
    from partners.models import Organisation, OrganisationKind, Role, User

    lead = Organisation.objects.get(area__slug="essex", kind=OrganisationKind.LOCAL_AUTHORITY)
    officer = User.objects.filter(
        memberships__organisation=lead, memberships__role=Role.OFFICER
    ).first()
    agreement = services.agreement_create(
        area=lead.area,
        template=Template.objects.get(slug="information-sharing-protocol"),
        title=title,
        lead_organisation=lead,
        actor=officer,
    )
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=100 + n,
            key=f"schedule-{n}",
            heading=f"Schedule {n}: arrangements",
            body=_body(n),
        )
        for n in range(sections)
    )
    version = services.version_issue(agreement=agreement, actor=officer)
    # Sealed, as a signed agreement's: made directly, as signing this version would need
    # every party's sign-off first.
    document = RenderedDocument.objects.create(version=version, kind=DocumentKind.SEALED)
    return agreement, version, document


def _reset(document: Any) -> None:
    from agreements.models import DocumentStatus, RenderedDocument

    document.refresh_from_db()
    if document.file:
        document.file.delete(save=False)
    RenderedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.QUEUED, file="", sha256="", attempts=0
    )


def _pipeline(agreement: Any, document: Any) -> None:
    from agreements.services.documents import document_render
    from agreements.snapshot import build_snapshot, canonical, sha256

    sha256(canonical(build_snapshot(agreement)))  # the snapshot, as issuing a version makes it
    outcome = document_render(document_id=document.pk)
    assert outcome == "ready", outcome


def bench_time() -> None:
    # The baseline is raw WeasyPrint by definition: the one import of it outside the
    # documents app.
    from weasyprint import HTML  # noqa: TID251

    from agreements.models import RenderedDocument
    from agreements.services.printing import document_html

    agreement, version, document = printable_agreement(
        sections=SECTIONS_30_PAGES, title="Benchmark: a 30-page agreement"
    )
    html = document_html(version=version, kind=document.kind)
    _pipeline(agreement, document)  # warm-up: fonts, caches, the signing key
    HTML(string=html).write_pdf()
    pages = RenderedDocument.objects.get(pk=document.pk).pages
    cases = {
        "raw": lambda: HTML(string=html).write_pdf(),
        # The same with WeasyPrint's own PDF/UA tagging, which the pipeline needs.
        "tagged": lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"),
        "pipeline": lambda: _pipeline(agreement, document),
    }
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    wall: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for round_number in range(ROUNDS):
        # Each round starts with a different case, so none always meets a warmer machine.
        shift = round_number % len(names)
        for which in names[shift:] + names[:shift]:
            if which == "pipeline":
                _reset(document)
            started, started_cpu = time.perf_counter(), time.process_time()
            cases[which]()
            cpu[which].append(time.process_time() - started_cpu)
            wall[which].append(time.perf_counter() - started)

    def ratios(over: str, under: str, times: dict[str, list[float]]) -> list[float]:
        return [a / b for a, b in zip(times[over], times[under], strict=True)]

    against_raw = ratios("pipeline", "raw", cpu)
    low, _, high = statistics.quantiles(against_raw, n=4)
    print(
        f"PDF whole pipeline (snapshot, HTML, tagged PDF, seal, stored) / raw WeasyPrint "
        f"write_pdf on the same HTML, {pages} pages, {ROUNDS} interleaved rounds: median "
        f"ratio {statistics.median(against_raw):.2f} (goal <= 1.25; min {min(against_raw):.2f}, "
        f"quartiles {low:.2f}-{high:.2f}, max {max(against_raw):.2f}; ratio of the medians "
        f"{statistics.median(cpu['pipeline']) / statistics.median(cpu['raw']):.2f}); wall-clock "
        f"{statistics.median(ratios('pipeline', 'raw', wall)):.2f}. Processor time per "
        f"document: raw {statistics.median(cpu['raw']):.2f} s, raw with PDF/UA tagging "
        f"{statistics.median(cpu['tagged']):.2f} s, pipeline "
        f"{statistics.median(cpu['pipeline']):.2f} s; of which tagging alone is "
        f"{statistics.median(ratios('tagged', 'raw', cpu)):.2f} x raw, and the pipeline "
        f"{statistics.median(ratios('pipeline', 'tagged', cpu)):.2f} x tagged WeasyPrint"
    )


def _database_url() -> str | None:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def bench_memory() -> None:
    from agreements.services.printing import document_html, document_metadata

    _, version, document = printable_agreement(
        sections=SECTIONS_100_PAGES, title="Benchmark: a 100-page agreement"
    )
    with tempfile.TemporaryDirectory() as directory:
        env = {**os.environ, "MEDIA_ROOT": directory}
        database = _database_url()
        if database:
            env["DATABASE_URL"] = database
            arguments = ["service", str(document.pk)]
        else:
            html_path = Path(directory) / "agreement.html"
            html_path.write_text(document_html(version=version, kind=document.kind))
            metadata = document_metadata(version=version, kind=document.kind)
            env["BENCH_PDF_TITLE"] = metadata.title
            arguments = ["engine", str(html_path)]
        result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "bench.document_pipeline", "--child", *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=True,
        )
    kilobytes, maxrss, pages, how = result.stdout.split()[-4:]
    what = (
        "ran the render job (services.document_render) against the benchmark database"
        if how == "service"
        else "rendered, sealed and stored the agreement's HTML (SQLite: no shared database)"
    )
    print(
        f"PDF worker memory: a fresh worker process that {what} for a {pages}-page agreement "
        f"peaked at {int(kilobytes) / 1024:.0f} MB resident (VmHWM; goal < 400 MB; "
        f"ru_maxrss {int(maxrss) / 1024:.0f} MB, which on Linux also counts the process "
        "it was started from)"
    )


def _child(mode: str, argument: str) -> None:
    """In a fresh process, as a render worker: Django set up, the worker's modules
    imported, one 100-page document made; print peak memory, pages and the mode."""
    import resource

    from bench.environment import prepare

    prepare()
    import agreements.tasks  # noqa: F401 - what a worker imports
    from agreements.models import RenderedDocument
    from agreements.services.documents import document_render

    if mode == "service":
        assert document_render(document_id=int(argument)) == "ready"
        pages = RenderedDocument.objects.get(pk=int(argument)).pages
    else:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from documents.render import PdfMetadata, render_pdf
        from documents.seal import seal_pdf

        html = Path(argument).read_text()
        rendered = render_pdf(html, metadata=PdfMetadata(title=os.environ["BENCH_PDF_TITLE"]))
        sealed = seal_pdf(rendered.content)
        hashlib.sha256(sealed).hexdigest()
        default_storage.save("bench/agreement.pdf", ContentFile(sealed))
        pages = rendered.page_count
    from bench.documents import _peak_resident_kilobytes

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(_peak_resident_kilobytes(), maxrss, pages, mode)


def run() -> None:
    bench_time()
    bench_memory()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
