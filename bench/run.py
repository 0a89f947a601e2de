"""Benchmarks, run by `make bench`.

Each case is timed against a baseline measured in the same run on the same machine (a
trivial view through the full middleware stack), and printed as a ratio, so results
compare across machines. Nothing here asserts a time; tests assert query counts.

Runs against DATABASE_URL (default: a throwaway SQLite file) with a fresh schema.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import prepare  # noqa: E402

prepare()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Median seconds per call, after a warm-up."""
    for _ in range(min(10, rounds)):
        action()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    setup_test_environment()
    from django.db import connection

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.conf import settings

        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        settings.DEBUG = False
        from partners.models import User

        client = Client()
        client.force_login(User.objects.get(email="area-admin.essex@example.org"))

        from bench.agreements import big_agreement, officer_of
        from bench.gateways import add_gateways

        add_gateways(5000)
        officer = officer_of("essex")
        big = big_agreement(area_slug="essex", officer=officer)
        drafter = Client()
        drafter.force_login(officer)
        from bench.trade_off import weighed_agreement

        weighed, decliner = weighed_agreement(area_slug="essex", officer=officer)
        signatory = Client()
        signatory.force_login(decliner)
        reviewer = Client()
        reviewer.force_login(User.objects.get(email="reviewer.essex@example.org"))
        public = Client()
        baseline = timed(lambda: client.get("/healthz"))
        cases = {
            "dashboard": lambda: client.get("/"),
            "area page": lambda: client.get("/areas/essex/"),
            "members page": lambda: client.get("/areas/essex/members/"),
            "area audit ledger": lambda: client.get("/areas/essex/audit/"),
            "agreement page, 40 sections, 30 versions": lambda: drafter.get(big.get_absolute_url()),
            "agreement page, 60 views, 4 sign-offs": lambda: drafter.get(
                weighed.get_absolute_url()
            ),
            "its version page, as a reviewer": lambda: reviewer.get(
                weighed.get_absolute_url() + "versions/1/"
            ),
            "its sign-off page, as a signatory": lambda: signatory.get(
                weighed.get_absolute_url() + "sign-off/"
            ),
            "compare two 40-section versions": lambda: drafter.get(
                big.get_absolute_url() + "versions/compare/?a=1&b=30"
            ),
            "register, 5,000 gateways": lambda: public.get("/register/gateways/"),
            "search 'safeguarding'": lambda: public.get("/register/gateways/?q=safeguarding"),
            "search '115'": lambda: public.get("/register/gateways/?q=115"),
            "search + filter": lambda: public.get(
                "/register/gateways/?q=welfare&power_or_duty=duty&jurisdiction=wales"
            ),
        }
        print(f"baseline: GET /healthz, median {baseline * 1000:.2f} ms over {ROUNDS} rounds")
        print(f"{'case':<44}{'ratio to baseline':>20}")
        for name, action in cases.items():
            print(f"{name:<44}{timed(action) / baseline:>20.2f}")

        from bench import ledger

        ledger.run()

        from bench import documents

        documents.run()

        from bench import verification

        verification.run()

        from bench import register

        register.run()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
