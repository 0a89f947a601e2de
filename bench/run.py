"""Benchmarks, run by `make bench`.

Each case is timed against a baseline measured in the same run on the same machine
(`/healthz`, through the full middleware stack), interleaved with it pair by pair and
repeated, and printed as the median ratio with its spread, so results compare across
machines. Nothing here asserts a time; tests assert query counts.

The agreement is the one users meet after months of review (bench/reviewed.py): 40
sections of varied prose, 30 versions, 300 threads; the gateway register has 10,000
gateways. Pages are measured in this process and over HTTP (gunicorn and wrk,
bench/http.py); then issuing a version against the ledger's lock (bench/issuing.py), the
ledger, documents and the public register. Everything ends in one table.

Runs against DATABASE_URL (default: a throwaway SQLite file) with a fresh schema; what
needs PostgreSQL or Redis is skipped, and said so, without them. BENCH_ROUNDS (40) pairs
at most per in-process case, BENCH_CASE_SECONDS (2) of timing at most per case.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import prepare  # noqa: E402

prepare()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.measure import TABLE, interleaved  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
CASE_SECONDS = float(os.environ.get("BENCH_CASE_SECONDS", "2"))
GATEWAYS = int(os.environ.get("BENCH_GATEWAYS", "10000"))
ONLY = os.environ.get("BENCH_ONLY", "")  # e.g. "pages,http" for a quicker run


def wanted(part: str) -> bool:
    return not ONLY or part in ONLY.split(",")


def ok(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def rounds_for(action: object) -> int:
    """As many pairs as fit the case's time, at least 5 and at most ROUNDS."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    once = time.perf_counter() - started
    return max(5, min(ROUNDS, int(CASE_SECONDS / max(once, 1e-4) / 2)))


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def cookie(client: Client) -> str:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def agreement_pages(database_name: str) -> None:
    """The agreement users meet, its pages in this process and over HTTP, and issuing
    a version of it."""
    from bench.agreements import officer_of
    from bench.gateways import add_gateways
    from bench.reviewed import COMMENTS, SECTIONS, VERSIONS, reviewed_agreement
    from bench.trade_off import weighed_agreement
    from partners.models import User

    started = time.perf_counter()
    add_gateways(GATEWAYS)
    officer = officer_of("essex")
    reviewed = reviewed_agreement(area_slug="essex", officer=officer)
    weighed, decliner = weighed_agreement(area_slug="essex", officer=officer)
    print(f"(fixtures built in {time.perf_counter() - started:.0f} s)", flush=True)

    admin = signed_in(User.objects.get(email="area-admin.essex@example.org"))
    drafter = signed_in(officer)
    reviewer = signed_in(reviewed.reviewer)
    signatory = signed_in(decliner)
    public = Client()
    url = reviewed.agreement.get_absolute_url()
    edited = reviewed.agreement.sections.filter(locked=False).order_by("-position")[0].key
    size = f"{SECTIONS} sections, {VERSIONS} versions, {COMMENTS} threads"
    # name: (who, path, goal over HTTP as a ratio to /healthz)
    pages = {
        "reviewer's agreement page": (reviewer, url, 25),
        "officer's agreement page": (drafter, url, 25),
        f"compare versions 1 and {VERSIONS}": (
            drafter,
            f"{url}versions/compare/?a=1&b={VERSIONS}",
            30,
        ),
        "edit one section": (drafter, f"{url}sections/{edited}/", 10),
        f"gateway register, {GATEWAYS:,} gateways": (public, "/register/gateways/", 15),
    }
    if wanted("pages"):
        print(f"In this process, each beside GET /healthz ({size}):", flush=True)
        cases = {
            **{name: (client, path) for name, (client, path, _) in pages.items()},
            "a version page, as a reviewer": (reviewer, f"{url}versions/{VERSIONS - 1}/"),
            "dashboard, area admin": (admin, "/"),
            "dashboard, officer": (drafter, "/"),
            "area page": (admin, "/areas/essex/"),
            "members page": (admin, "/areas/essex/members/"),
            "area audit ledger": (admin, "/areas/essex/audit/"),
            "agreement page, 60 views, 4 sign-offs": (drafter, weighed.get_absolute_url()),
            "its sign-off page, as a signatory": (
                signatory,
                weighed.get_absolute_url() + "sign-off/",
            ),
            "search 'safeguarding'": (public, "/register/gateways/?q=safeguarding"),
            "search '115'": (public, "/register/gateways/?q=115"),
            "search + filter": (
                public,
                "/register/gateways/?q=welfare&power_or_duty=duty&jurisdiction=wales",
            ),
        }
        for name, (client, path) in cases.items():

            def case(client: Client = client, path: str = path) -> None:
                ok(client, path)

            def baseline() -> None:
                ok(public, "/healthz")

            figure = interleaved(case, baseline, rounds_for(case))
            TABLE.add(
                "in process, ratio to /healthz",
                name,
                f"{figure} p50 {figure.case_ms:.0f} ms vs {figure.baseline_ms:.1f} ms",
            )
    if wanted("http"):
        from bench import over_http

        over_http.run(
            database_name=database_name,
            pages=[
                over_http.Page(name, path, cookie(client) if client is not public else "", goal)
                for name, (client, path, goal) in pages.items()
            ],
        )
    if wanted("issuing"):
        from bench import issuing

        issuing.run(
            agreement=reviewed.agreement,
            officer=officer,
            database_name=database_name,
            busy=lambda: ok(reviewer, url),
        )


def main() -> None:
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # A database of its own, apart from the test suite's.
        connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # The test client's host, without the test environment's instrumented templates,
    # which would add their own cost to every page.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        settings.DEBUG = False
        if wanted("pages") or wanted("http") or wanted("issuing"):
            agreement_pages(connection.settings_dict["NAME"])
        if wanted("ledger"):
            from bench import ledger

            ledger.run()
        if wanted("documents"):
            from bench import documents

            documents.run()
        if wanted("verification"):
            from bench import verification

            verification.run()
        if wanted("register"):
            from bench import register

            register.run()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    TABLE.print()
    print(f"(all in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
