"""The cost of checking an upload in a bounded child process (documents.bounded) beside
checking it in the web process (documents.check), on the same sealed 30-page agreement,
interleaved and repeated; and how long a file built to take minutes is allowed before it
is stopped. Wall-clock time: the child's processor time is not this process's.

Run by `make bench` (bench/run.py), or alone: `python -m bench.verification`.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.documents import ROUNDS, SECTIONS_30_PAGES, _signing_files, agreement_html, pipeline


def _slow_pdf() -> bytes:
    # Hundreds of thousands of form fields: within every parsing limit, yet long to read.
    from tests.documents.pdfs import hand_made_pdf

    fields = b" ".join(b"3 0 R" for _ in range(400_000))
    return hand_made_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + fields + b"] >> >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /FT /Sig /V 4 0 R >>",
            b"<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>",
        ]
    )


def run() -> None:
    from documents.bounded import Bounds, check_pdf_bounded
    from documents.check import check_pdf

    with tempfile.TemporaryDirectory() as directory:
        files = _signing_files(Path(directory))
        sealed, _, pages = pipeline(agreement_html(sections=SECTIONS_30_PAGES), files)
        check_pdf(sealed, files=files)  # warm-up, and the child server started
        check_pdf_bounded(sealed, files=files)
        times: dict[str, list[float]] = {"in-process": [], "bounded": []}
        rounds = max(ROUNDS, 15)
        for round_number in range(rounds):
            order = ("in-process", "bounded") if round_number % 2 else ("bounded", "in-process")
            for which in order:
                started = time.perf_counter()
                if which == "bounded":
                    check_pdf_bounded(sealed, files=files)
                else:
                    check_pdf(sealed, files=files)
                times[which].append(time.perf_counter() - started)
        ratios = [b / i for b, i in zip(times["bounded"], times["in-process"], strict=True)]
        low, _, high = statistics.quantiles(ratios, n=4)
        print(
            f"Checking a sealed {pages}-page PDF in a bounded child / in-process, {rounds} "
            f"interleaved rounds: median ratio {statistics.median(ratios):.2f} (quartiles "
            f"{low:.2f}-{high:.2f}); medians {statistics.median(times['in-process']) * 1000:.0f} ms "
            f"and {statistics.median(times['bounded']) * 1000:.0f} ms"
        )
        slow = _slow_pdf()
        started = time.perf_counter()
        check_pdf(slow, files=files)
        unbounded = time.perf_counter() - started
        started = time.perf_counter()
        stopped = check_pdf_bounded(slow, files=files, bounds=Bounds(seconds=2.0))
        bounded = time.perf_counter() - started
        print(
            f"A {len(slow) // 1024} KB PDF of 400,000 form fields: {unbounded:.1f} s to check "
            f"in-process; bounded to 2 s, stopped after {bounded:.1f} s ({stopped.verdict})"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.environment import prepare

    prepare()
    run()
