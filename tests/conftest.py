"""Test-suite wiring.

Under CI (the CI environment variable set), the suite refuses to run without the real
parts it is meant to prove things against: PostgreSQL, Redis and Chromium. And any
skipped test fails the run, so nothing quietly stops being tested.
"""

import importlib
import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings, testcases

from agreements.reference import load_assessment_questions
from gateways.reference import load_reference_data

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


def _missing_real_parts() -> list[str]:
    missing = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...)")
    if not settings.REDIS_URL:
        missing.append("Redis (set REDIS_URL=redis://...)")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing.append(f"Chromium (expected at {CHROMIUM})")
    return missing


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and (missing := _missing_real_parts()):
        raise pytest.UsageError("CI needs the real services; missing: " + "; ".join(missing))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(f"CI: {skipped} test(s) skipped; skipped tests fail CI.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_TRIGGERS = importlib.import_module("audit.migrations.0002_append_only_triggers")


@contextmanager
def ledger_triggers_suspended(using: str = "default") -> Iterator[None]:
    """As the table's owner, switch the ledger's append-only triggers off and back on.
    Only the test suite does this: to empty the database between transactional tests,
    and to tamper with the ledger on purpose."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        else:
            for statement in _TRIGGERS.SQLITE_REMOVE:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_rows;"
                    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_append_only_truncate"
                )
            else:
                for statement in _TRIGGERS.SQLITE_INSTALL:
                    cursor.execute(statement)


_original_fixture_teardown = testcases.TransactionTestCase._fixture_teardown


def _fixture_teardown_with_ledger(self: testcases.TransactionTestCase) -> None:
    # Transactional tests empty every table afterwards, the ledger included; the
    # reference data that migrations load goes back in for the tests that follow.
    with ledger_triggers_suspended():
        _original_fixture_teardown(self)
    load_reference_data(django_apps)
    load_assessment_questions(django_apps)


testcases.TransactionTestCase._fixture_teardown = _fixture_teardown_with_ledger  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings: Any) -> Iterator[None]:
    """Tasks run eagerly unless a test starts a real worker (see tests/test_queue.py)."""
    from datasharing.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A signing certificate of the test run's own, made once by create_signing_cert in a
    temporary directory, so that sealing works and the developer's own is never touched."""
    directory = tmp_path_factory.mktemp("signing")
    paths = {
        "SIGNING_KEY_PATH": str(directory / "signing-key.pem"),
        "SIGNING_CERT_PATH": str(directory / "signing-cert.pem"),
        "SIGNING_ROOT_CERT_PATH": str(directory / "root-cert.pem"),
        "SIGNING_ROOT_KEY_PATH": str(directory / "root-key.pem"),
        "SIGNING_KEY_PASSPHRASE": "",
        "SIGNING_TSA_URL": "",
        "SIGNING_TSA_ROOT_CERT_PATH": "",
    }
    with override_settings(**paths):
        call_command("create_signing_cert", stdout=io.StringIO())
        yield paths


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Stored files (PDFs) go to a directory of the test run's own, never the developer's."""
    directory = str(tmp_path_factory.mktemp("media"))
    with override_settings(MEDIA_ROOT=directory):
        yield directory


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Playwright: use the machine's Chromium; Playwright's own browser download is not
# available here.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def private_broker(settings: Any) -> Iterator[Any]:
    """A Redis of this test's own as the Celery broker (see tests/brokers.py), with
    tasks sent through it rather than run in-process. The test stops, freezes and
    restarts it; ``celery_worker_on`` starts a real worker against it."""
    from datasharing.celery import app
    from notifications import outbox
    from tests.brokers import private_redis

    previous = app.conf.broker_url, app.conf.task_always_eager
    with private_redis() as server:
        app.conf.broker_url = server.url
        app.conf.task_always_eager = False
        _forget_broker_connections(app)
        outbox.forget_broker_failures()
        try:
            yield server
        finally:
            app.conf.broker_url, app.conf.task_always_eager = previous
            _forget_broker_connections(app)
            outbox.forget_broker_failures()


def _forget_broker_connections(app: Any) -> None:
    # The app keeps a pool of connections to the broker it was first given.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_worker_on(app: Any) -> Iterator[Any]:
    """A real Celery worker thread consuming from the app's broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
