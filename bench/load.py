"""The load test, run by `make bench-load` (and `make bench`): gunicorn with two
workers (LOAD_THREADS threads each), a Celery worker, PostgreSQL and Redis, all on this
machine; Locust drives 50 simulated people (the public and every role) for 60 seconds on loopback, then prints
requests per second, the median, 95th and 99th percentile response times and the
errors, and checks the audit ledger end to end.

Needs DATABASE_URL (PostgreSQL; a database named after it with "_load" appended is
made afresh) and REDIS_URL. LOAD_USERS, LOAD_SECONDS and LOAD_PORT change the size.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
# Threads per gunicorn worker: a sign-in spends most of a second hashing the password
# (outside the GIL), and other requests go on meanwhile.
THREADS = int(os.environ.get("LOAD_THREADS", "4"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# People start (and sign in) at this rate; the figures count from when all have started,
# so they measure the mixed journeys rather than a burst of password hashing.
SPAWN_RATE = int(os.environ.get("LOAD_SPAWN_RATE", "2"))
# A port nothing else listens on, so the load never reaches another server.
PORT = int(os.environ.get("LOAD_PORT") or _free_port())


def fail(message: str) -> None:
    print(f"bench-load: {message}", file=sys.stderr)
    sys.exit(2)


def load_database_url() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        fail("needs DATABASE_URL pointing at PostgreSQL (the load runs against a real server)")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_load"
    return urlunsplit(parts._replace(path=f"/{name}")), name


def recreate_database(url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(database_url: str) -> dict[str, str]:
    if not os.environ.get("REDIS_URL"):
        fail("needs REDIS_URL (the broker and cache, as in production)")
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "CONN_MAX_AGE": "60",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "ENV_FILE": os.devnull,
        # Every simulated person signs in from this machine's one address.
        "AXES_FAILURE_LIMIT": "1000",
        "PASSWORD_RESET_RATE_PER_CLIENT": "100000/h",
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        capture_output=True,
    )  # fmt: skip


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            fail("gunicorn exited before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    fail(f"the server did not answer at {url}")


def summary(stats_csv: Path) -> dict[str, str]:
    with stats_csv.open(newline="") as file:
        rows = list(csv.DictReader(file))
    return {"rows": rows, "total": next(r for r in rows if r["Name"] == "Aggregated")}  # type: ignore[dict-item]


def main() -> int:
    database_url, name = load_database_url()
    env = environment(database_url)
    if port_taken(PORT):
        fail(f"something already listens on 127.0.0.1:{PORT}; set LOAD_PORT to a free port")
    print(f"Database {name}: migrating and loading the demo data ...", flush=True)
    recreate_database(database_url, name)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--force")
    processes: list[subprocess.Popen[bytes]] = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    "datasharing.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{PORT}",
                    "--workers",
                    "2",
                    "--threads",
                    str(THREADS),
                    # Longer than any person's pause between pages, so a connection is
                    # never closed just as the next request goes out on it.
                    "--keep-alive",
                    "30",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "celery"),
                    "-A",
                    "datasharing",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_until_up(f"http://127.0.0.1:{PORT}/healthz", processes[0])
        ramp = max(USERS // SPAWN_RATE, 1)
        print(
            f"Locust: {USERS} people (signing in over {ramp} s, then measured for {SECONDS} s) "
            f"against gunicorn (2 workers, {THREADS} threads each) ...",
            flush=True,
        )
        subprocess.run(  # noqa: S603
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE), "--reset-stats",
             "--run-time", f"{SECONDS + ramp}s", "--stop-timeout", "10",
             "--host", f"http://127.0.0.1:{PORT}", "--csv", str(workdir / "load"),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    results = summary(workdir / "load_stats.csv")
    total = results["total"]
    print()
    print(
        f"{'journey step':<28}{'requests':>10}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for row in sorted(results["rows"], key=lambda r: r["Name"]):  # type: ignore[arg-type,index]
        print(
            f"{row['Name'][:27]:<28}{row['Request Count']:>10}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    print()
    print(
        f"requests/s {float(total['Requests/s']):.1f}   p50 {total['50%']} ms   "
        f"p95 {total['95%']} ms   p99 {total['99%']} ms   errors {total['Failure Count']} "
        f"of {total['Request Count']}"
    )
    failures = workdir / "load_failures.csv"
    if failures.exists() and int(total["Failure Count"]):
        print(failures.read_text())
    audit = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, text=True,
        capture_output=True, check=False,
    )  # fmt: skip
    print(f"verify_audit: {(audit.stdout or audit.stderr).strip()}")
    return 0 if audit.returncode == 0 and not int(total["Failure Count"]) else 1


if __name__ == "__main__":
    sys.exit(main())
