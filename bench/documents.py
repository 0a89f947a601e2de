"""PDF benchmarks: the documents engine against raw WeasyPrint, and a process's memory.

`make bench` runs the whole pipeline on a real agreement instead (bench/document_pipeline.py:
snapshot, HTML, PDF, seal, stored); this module's own cases, on synthetic HTML and the
engine alone, run with `python -m bench.documents`.

- Time: a realistic 30-page agreement (plain block layout, varied prose, tables, a running
  header and a "page X of Y" footer in page-margin boxes) through the whole pipeline
  (render a tagged PDF with metadata, seal it, hash it) beside raw WeasyPrint
  (``HTML(string=...).write_pdf()``) on the same HTML, interleaved, repeated; the ratio's
  median and spread are printed. Goal: at most 1.25.
- Memory: a fresh process renders, seals and hashes a 100-page agreement; its peak
  resident memory, as the operating system counts it, is printed beside that of a fresh
  process that only imports what it needs. Goal: under 400 MB.

Run by `make bench` (bench/run.py), or alone: `python -m bench.documents`.
"""

import hashlib
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from documents.certificates import SigningFiles

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "9"))

_OPENINGS = [
    "Each party",
    "The lead organisation",
    "Where a data subject asks for their records, the receiving party",
    "Before any disclosure, the disclosing party",
    "Unless the law requires otherwise, every party",
    "The information governance leads of the parties",
    "Staff with access to the shared data",
    "When the purpose of the sharing ends, each party",
]
_DUTIES = [
    "keeps a record of what it discloses, to whom, when and under which power",
    "shares only the minimum data needed for the purpose described in section 2",
    "checks that the request relies on a gateway listed in the schedule",
    "tells the other parties within 24 hours of finding a personal data breach",
    "reviews access rights every quarter and removes those no longer needed",
    "sends data through the secure exchange and never by ordinary e-mail",
    "deletes or returns the data within 30 days, and confirms it in writing",
    "answers subject access requests within one calendar month",
    "records the lawful basis and the condition for special category data",
    "consults its Caldicott Guardian before sharing confidential patient information",
]
_REASONS = [
    "so that families receive help before problems escalate",
    "because the common law duty of confidentiality still applies",
    "as the Information Commissioner's data sharing code recommends",
    "to keep the sharing proportionate to the public benefit it brings",
    "so that the public can see how and why their data is used",
    "which the residents' panel asked for during the review",
]
_CATEGORIES = [
    ("Names, addresses and dates of birth", "No", "Art 6(1)(e)", "-"),
    ("School attendance and exclusions", "No", "Art 6(1)(e)", "-"),
    ("Health conditions of children", "Yes", "Art 6(1)(e)", "Art 9(2)(h)"),
    ("Police call-outs for domestic abuse", "Criminal", "Art 6(1)(e)", "Sch 1 para 10"),
    ("Housing tenure and arrears", "No", "Art 6(1)(e)", "-"),
    ("Ethnicity, for equality monitoring", "Yes", "Art 6(1)(e)", "Sch 1 para 8"),
]
_CSS = """
@page {
  size: A4; margin: 2.6cm 2cm 2.4cm;
  @top-left { content: "ESX-2026-0042 Early help information sharing"; font-size: 8.5pt; color: #505a5f }
  @top-right { content: "Version 7"; font-size: 8.5pt; color: #505a5f }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #0b0c0c }
h1 { font-size: 22pt; margin: 0 0 12pt } h2 { font-size: 15pt; margin: 18pt 0 6pt; break-after: avoid }
h3 { font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid }
p { margin: 0 0 7pt; orphans: 2; widows: 2 }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; font-size: 9.5pt }
th, td { border: 0.5pt solid #b1b4b6; padding: 3pt 5pt; text-align: left; vertical-align: top }
th { background: #f3f2f1 } tr { break-inside: avoid }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all }
.cover { break-after: page } .cover dl { margin-top: 24pt } .cover dt { font-weight: bold }
"""


def _paragraph(chance: random.Random) -> str:
    sentences = [
        f"{chance.choice(_OPENINGS)} {chance.choice(_DUTIES)}, {chance.choice(_REASONS)}."
        for _ in range(chance.randint(3, 7))
    ]
    return "<p>" + " ".join(sentences) + "</p>"


def agreement_html(*, sections: int, seed: int = 42) -> str:
    """An agreement as the print template would lay it out: cover, sections, a table of
    data categories and their lawful bases, a signature page and an audit certificate."""
    chance = random.Random(seed)
    parts = [
        "<section class='cover'><h1>Early help information sharing</h1>"
        "<p>An information sharing protocol between Essex County Council, the Mid and South "
        "Essex NHS Foundation Trust and Essex Police.</p><dl>"
        "<dt>Reference</dt><dd>ESX-2026-0042</dd><dt>Version</dt><dd>7</dd>"
        f"<dt>Version SHA-256</dt><dd><code>{'3fa9' * 16}</code></dd>"
        "<dt>Status</dt><dd>Signed by every party</dd></dl></section>"
    ]
    for number in range(1, sections + 1):
        parts.append(f"<h2>{number}. {escape(chance.choice(_OPENINGS))} and its duties</h2>")
        for sub in range(1, chance.randint(2, 4)):
            parts.append(f"<h3>{number}.{sub} Arrangements</h3>")
            parts.extend(_paragraph(chance) for _ in range(chance.randint(1, 3)))
            if chance.random() < 0.3:
                items = "".join(f"<li>{chance.choice(_DUTIES)}</li>" for _ in range(4))
                parts.append(f"<ul>{items}</ul>")
        if number % 4 == 0:
            rows = "".join(
                f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>"
                for a, b, c, d in _CATEGORIES
            )
            parts.append(
                "<table><caption>Data categories and lawful bases</caption><thead><tr>"
                "<th scope='col'>Data</th><th scope='col'>Special</th>"
                "<th scope='col'>Article 6</th><th scope='col'>Condition</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
    signatures = "".join(
        f"<tr><td>{name}</td><td>{organisation}</td><td>Agreed</td>"
        f"<td>2026-11-{10 + i:02d} 14:{i:02d} GMT</td><td><code>{'b7c1' * 16}</code></td></tr>"
        for i, (name, organisation) in enumerate(
            [
                ("Helen Ward", "Essex County Council"),
                ("Dr Samuel Okoro", "Mid and South Essex NHS Foundation Trust"),
                ("Ch Supt Anne Marsh", "Essex Police"),
            ]
        )
    )
    parts.append(
        "<h2 style='break-before: page'>Signatures</h2><table><thead><tr><th>Name</th>"
        "<th>Organisation</th><th>Decision</th><th>Time</th><th>Version SHA-256</th></tr>"
        f"</thead><tbody>{signatures}</tbody></table>"
    )
    events = "".join(
        f"<tr><td>{seq}</td><td>2026-10-{1 + seq % 28:02d} 09:{seq % 60:02d}</td>"
        f"<td>Priya Shah</td><td>section.saved</td>"
        f"<td><code>{hashlib.sha256(str(seq).encode()).hexdigest()}</code></td></tr>"
        for seq in range(1, 41)
    )
    parts.append(
        "<h2 style='break-before: page'>Audit certificate</h2><table><thead><tr><th>Seq</th>"
        "<th>Time</th><th>By</th><th>What</th><th>Hash</th></tr></thead>"
        f"<tbody>{events}</tbody></table>"
    )
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>Early help information sharing</title><style>{_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


# Sections giving about 30 and about 100 pages.
SECTIONS_30_PAGES = 22
SECTIONS_100_PAGES = 76


def _signing_files(directory: Path) -> "SigningFiles":
    from documents.certificates import (
        SigningFiles,
        make_root,
        make_signing_certificate,
        write_certificates,
        write_private_key,
    )

    root_key, root = make_root(common_name="Bench root", organisation="Bench")
    key, certificate = make_signing_certificate(
        root_key=root_key, root=root, common_name="Bench seal", organisation="Bench"
    )
    files = SigningFiles(
        key=directory / "key.pem", certificate=directory / "cert.pem", root=directory / "root.pem"
    )
    write_private_key(files.key, key, passphrase="")
    write_certificates(files.certificate, certificate)
    write_certificates(files.root, root)
    return files


def pipeline(html: str, files: "SigningFiles") -> tuple[bytes, str, int]:
    """What a render job does: a tagged PDF with its metadata, sealed, hashed."""
    from documents.render import PdfMetadata, render_pdf
    from documents.seal import seal_pdf

    rendered = render_pdf(
        html,
        metadata=PdfMetadata(
            title="Early help information sharing",
            custom={
                "AgreementReference": "ESX-2026-0042",
                "VersionNumber": "7",
                "VersionSHA256": "3fa9" * 16,
            },
            created=datetime.now(UTC),
        ),
    )
    sealed = seal_pdf(rendered.content, files=files)
    return sealed, hashlib.sha256(sealed).hexdigest(), rendered.page_count


def bench_time() -> None:
    # The baseline is raw WeasyPrint by definition, so this is the one import of it outside
    # the documents app.
    from weasyprint import HTML  # noqa: TID251

    html = agreement_html(sections=SECTIONS_30_PAGES)
    with tempfile.TemporaryDirectory() as directory:
        files = _signing_files(Path(directory))
        _, _, pages = pipeline(html, files)  # warm-up: fonts, caches
        HTML(string=html).write_pdf()
        cpu: dict[str, list[float]] = {"raw": [], "pipeline": []}
        wall: dict[str, list[float]] = {"raw": [], "pipeline": []}
        for round_number in range(ROUNDS):
            # Alternate which goes first, so neither always meets a warmer machine.
            order = ("raw", "pipeline") if round_number % 2 == 0 else ("pipeline", "raw")
            for which in order:
                started, started_cpu = time.perf_counter(), time.process_time()
                if which == "raw":
                    HTML(string=html).write_pdf()
                else:
                    pipeline(html, files)
                cpu[which].append(time.process_time() - started_cpu)
                wall[which].append(time.perf_counter() - started)
    # Processor time is the cost measure: on a shared machine, wall-clock time also counts
    # the time other processes held the processor.
    ratios = [p / r for p, r in zip(cpu["pipeline"], cpu["raw"], strict=True)]
    wall_ratios = [p / r for p, r in zip(wall["pipeline"], wall["raw"], strict=True)]
    low, _, high = statistics.quantiles(ratios, n=4)
    print(
        f"PDF pipeline (tagged render + seal + hash) / raw WeasyPrint write_pdf, {pages} pages, "
        f"{ROUNDS} interleaved rounds: median ratio {statistics.median(ratios):.2f} "
        f"(goal <= 1.25; spread: min {min(ratios):.2f}, quartiles {low:.2f}-{high:.2f}, "
        f"max {max(ratios):.2f}); processor time per document: raw "
        f"{statistics.median(cpu['raw']):.2f} s, pipeline {statistics.median(cpu['pipeline']):.2f} s; "
        f"wall-clock median ratio {statistics.median(wall_ratios):.2f}"
    )


def _child(mode: str, sections: int) -> None:
    """In a fresh process: import what a worker imports, then (for "render") run the
    pipeline once; print the peak resident memory in kilobytes."""
    from bench.environment import prepare

    prepare()
    # What a worker that renders has imported (documents.render brings WeasyPrint).
    import documents.check
    import documents.render
    import documents.seal  # noqa: F401

    pages = 0
    if mode == "render":
        with tempfile.TemporaryDirectory() as directory:
            _, _, pages = pipeline(
                agreement_html(sections=sections), _signing_files(Path(directory))
            )
    print(_peak_resident_kilobytes(), pages)


def _peak_resident_kilobytes() -> int:
    """This process's own peak resident memory. Linux's VmHWM belongs to the process's
    memory since it started its program; getrusage's figure would also carry the peak of
    the parent it was forked from."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def _peak(mode: str, sections: int) -> tuple[float, int]:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "bench.documents", "--child", mode, str(sections)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    kilobytes, pages = result.stdout.split()[-2:]
    return int(kilobytes) / 1024, int(pages)


def bench_memory() -> None:
    idle, _ = _peak("import", SECTIONS_100_PAGES)
    peak, pages = _peak("render", SECTIONS_100_PAGES)
    print(
        f"PDF pipeline memory: a fresh process rendering, sealing and hashing {pages} pages "
        f"peaks at {peak:.0f} MB resident (goal < 400 MB); the same process with only its "
        f"imports done: {idle:.0f} MB"
    )


def run() -> None:
    """From `make bench` (bench/run.py, with the demo seeded): the whole pipeline."""
    from bench import document_pipeline

    document_pipeline.run()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]))
    else:
        from bench.environment import prepare

        prepare()
        bench_time()
        bench_memory()
