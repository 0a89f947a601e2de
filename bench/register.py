"""The public register over 10,000 published agreements: the list, search with filters,
an agreement's page, the JSON export page by page, the whole CSV and the insights, each
as a ratio to a trivial view measured in the same run, with its query count.

Run after seed_demo (it copies the demo's published agreement), by bench/run.py or on
its own: `python bench/register.py` (a throwaway database of its own)."""

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.environment import prepare

    prepare()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.measure import TABLE, interleaved

AGREEMENTS = int(os.environ.get("BENCH_REGISTER_AGREEMENTS", "10000"))
ROUNDS = int(os.environ.get("BENCH_REGISTER_ROUNDS", "15"))


def _call(client: Client, url: str) -> int:
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response.status_code


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        _call(client, url)
    return len(context.captured_queries)


def fill(count: int = AGREEMENTS) -> None:
    """``count`` agreements on the register, copies of the demo's first published one
    spread over the six areas and the service themes."""
    from agreements.models import Publication
    from partners.models import Area
    from tests.register.bulk import copies_of

    source = Publication.objects.order_by("pk").first()
    assert source is not None, "run seed_demo first"
    missing = count - Publication.objects.count()
    areas = list(Area.objects.order_by("name"))
    while missing > 0:
        made = copies_of(source, min(missing, 2000), areas=areas)
        missing -= len(made)


def run() -> None:
    from agreements.models import Publication

    started = time.perf_counter()
    fill()
    built = time.perf_counter() - started
    publication = Publication.objects.exclude(reference__startswith="BULK").order_by("pk").first()
    assert publication is not None
    gateway = publication.gateways.first()
    client = Client()
    pages = Publication.objects.count() // 20
    cases = {
        "register home": ("/register/", ROUNDS),
        "agreements list, first page": ("/register/agreements/", ROUNDS),
        f"agreements list, page {pages // 2}": (f"/register/agreements/?page={pages // 2}", ROUNDS),
        "search 'hospital discharge'": ("/register/agreements/?q=hospital+discharge", ROUNDS),
        "search + area + theme + status": (
            "/register/agreements/?q=early+help&area=essex&theme=children-and-families"
            "&status=in_force",
            ROUNDS,
        ),
        "filter by gateway": (
            f"/register/agreements/?gateway={gateway.slug if gateway else ''}",
            ROUNDS,
        ),
        "an agreement's page": (f"/register/agreements/{publication.reference}/", ROUNDS),
        "JSON export, page 1 of 100": ("/register/agreements.json", ROUNDS),
        "JSON export, page 50 of 100": ("/register/agreements.json?page=50", ROUNDS),
        "CSV export, all": ("/register/agreements.csv", 3),
        "insights": ("/register/insights/", ROUNDS),
    }
    print(
        f"Public register: {Publication.objects.count():,} published agreements "
        f"(built in {built:.0f} s), each page beside GET /healthz",
        flush=True,
    )
    for name, (url, rounds) in cases.items():
        queries = _queries(client, url)
        figure = interleaved(
            lambda url=url: _call(client, url), lambda: _call(client, "/healthz"), rounds
        )
        TABLE.add(
            f"public register, {Publication.objects.count():,} agreements",
            name,
            f"{figure} p50 {figure.case_ms:.0f} ms, {queries} queries",
        )


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        settings.DEBUG = True
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        settings.DEBUG = False
        run()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    TABLE.print()


if __name__ == "__main__":
    main()
