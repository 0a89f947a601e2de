"""Pages over HTTP, as people meet them: gunicorn with two sync workers on loopback,
against the benchmark's own database, driven by wrk when it is installed (else by a
small load tool in Python), each page paired with `/healthz` round by round in the same
run; then every page at once for BENCH_RSS_SECONDS (60) and each worker's resident
memory afterwards.

BENCH_HTTP_PORT (8101) is the port gunicorn listens on; BENCH_HTTP_ROUNDS (4) pairs of
BENCH_HTTP_SECONDS (2) seconds each per page.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.measure import TABLE, ratio_of

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BENCH_HTTP_PORT", "8101"))
ROUNDS = int(os.environ.get("BENCH_HTTP_ROUNDS", "4"))
SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "2"))
RSS_SECONDS = int(os.environ.get("BENCH_RSS_SECONDS", "60"))
RSS_GOAL_MB = 250
CONNECTIONS = 2  # one per worker


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str = ""  # a session's cookie ("name=value"): whose page it is
    goal: float | None = None  # at most this many times /healthz


@dataclass(frozen=True)
class Run:
    """One load of one URL: the median latency in seconds, requests, and failures."""

    median: float
    requests: int
    failures: int


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "ENV_FILE": os.devnull,
        # WhiteNoise looks for collected static files, which the benchmarks do not need.
        "PYTHONWARNINGS": "ignore:No directory at",
    }


def _url_of(database_name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database_name}"))


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until_up(server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _wrk(page: Page, seconds: float) -> Run:
    command = [
        "wrk", "--latency", "-t", str(CONNECTIONS), "-c", str(CONNECTIONS),
        "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
    ]  # fmt: skip
    if page.cookie:
        command += ["-H", f"Cookie: {page.cookie}"]
    output = subprocess.run(  # noqa: S603 - wrk, on loopback
        [*command, f"http://127.0.0.1:{PORT}{page.path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    median = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    requests = re.search(r"(\d+) requests in", output)
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if median is None or requests is None:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return Run(
        median=float(median.group(1)) * _UNITS[median.group(2)],
        requests=int(requests.group(1)),
        failures=(int(failures.group(1)) if failures else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
    )


def _python_load(pages: list[Page], seconds: float) -> Run:
    """``CONNECTIONS`` keep-alive connections, each asking for the pages in turn."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        n = offset
        while time.monotonic() < deadline:
            page = pages[n % len(pages)]
            n += 1
            headers = {"Cookie": page.cookie} if page.cookie else {}
            start = time.perf_counter()
            try:
                connection.request("GET", page.path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                failures[0] += 0 if ok else 1
        connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(
        median=statistics.median(latencies) if latencies else float("nan"),
        requests=len(latencies),
        failures=failures[0],
    )


def _load(page: Page, seconds: float) -> Run:
    if shutil.which("wrk"):
        return _wrk(page, seconds)
    return _python_load([page], seconds)


def _workers(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(entry.name))
    return children


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(*, database_name: str, pages: list[Page]) -> None:
    """Serve the benchmark's database with gunicorn and measure ``pages`` against it."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        TABLE.skip("pages over HTTP: they need PostgreSQL (set DATABASE_URL)")
        return
    if not Path("/proc/self/status").exists():
        TABLE.skip("pages over HTTP: they read workers' memory from /proc (Linux)")
        return
    if _port_taken(PORT):
        TABLE.skip(f"pages over HTTP: something listens on 127.0.0.1:{PORT} (set BENCH_HTTP_PORT)")
        return
    tool = "wrk" if shutil.which("wrk") else "a Python load tool (wrk is not installed)"
    print(
        f"Pages over HTTP: gunicorn, 2 sync workers on 127.0.0.1:{PORT}, {tool}, "
        f"{CONNECTIONS} connections; {ROUNDS} rounds of {SECONDS:g} s per page, each beside "
        "/healthz",
        flush=True,
    )
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            str(BIN / "gunicorn"), "datasharing.wsgi:application",
            "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--worker-class", "sync",
            "--timeout", "120", "--log-level", "warning",
        ],
        cwd=ROOT, env=_environment(_url_of(database_name)),
    )  # fmt: skip
    try:
        _wait_until_up(server)
        healthz = Page("/healthz", "/healthz")
        for page in pages:  # every worker has imported and rendered everything once
            _load(page, 1)
        started = {pid: _rss_mb(pid) for pid in _workers(server.pid)}
        for page in pages:
            cases: list[float] = []
            baselines: list[float] = []
            failures = 0
            for _ in range(ROUNDS):
                base = _load(healthz, SECONDS)
                case = _load(page, SECONDS)
                baselines.append(base.median)
                cases.append(case.median)
                failures += base.failures + case.failures
            figure = ratio_of(cases, baselines)
            TABLE.add(
                "HTTP, ratio to /healthz",
                page.name,
                f"{figure} p50 {figure.case_ms:.0f} ms vs {figure.baseline_ms:.1f} ms",
                goal=f"<= {page.goal:g}x" if page.goal else "",
                met=figure.median <= page.goal if page.goal else None,
                note=f"{failures} FAILED requests" if failures else "",
            )
        print(f"Every page at once for {RSS_SECONDS} s ...", flush=True)
        mixed = _python_load(pages, RSS_SECONDS)
        ended = {pid: _rss_mb(pid) for pid in _workers(server.pid)}
        largest = max(ended.values())
        TABLE.add(
            "HTTP, memory",
            f"gunicorn worker RSS after {RSS_SECONDS} s of every page",
            f"{largest:.0f} MB (at the start "
            + ", ".join(f"{started.get(pid, float('nan')):.0f}" for pid in ended)
            + f" MB; {mixed.requests} requests, {mixed.failures} failed)",
            goal=f"< {RSS_GOAL_MB} MB",
            met=largest < RSS_GOAL_MB and not mixed.failures,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
