"""Render jobs through the real queue: a Celery worker process killed mid-render, and
Redis down when a PDF is asked for. Each test runs its own Redis (tests/brokers.py).

- A worker's pool process killed with SIGKILL while it makes a PDF: the task comes back
  (acks_late, reject_on_worker_lost), another process makes it, and there is exactly one
  file and one ready document.
- Redis down when an officer asks for a PDF: the request answers at once, the document
  shows as queued, and it is made once Redis is back and the scheduled relay runs.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from django.conf import settings as django_settings
from django.test import Client

from agreements import services
from agreements.models import Agreement, DocumentStatus, RenderedDocument, Section
from agreements.services.documents import document_request
from agreements.tasks import render_documents_left_behind_task
from audit.models import Event
from datasharing.celery import app
from documents.check import Verdict, check_pdf
from notifications.models import Job
from notifications.tasks import relay_outbox_task
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft, sign_all
from tests.conftest import celery_worker_on
from tests.notifications.test_broker_outage import in_a_thread
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPH = (
    "Each party keeps the shared data secure, gives access only to named staff who need it, "
    "records every disclosure with the power it relies on, and deletes the data when the "
    "purpose ends, confirming the deletion in writing to the lead organisation. "
) * 5


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="essex", name="Essex")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    return area


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _long_agreement(area: Area, officer: User, sections: int = 40) -> Agreement:
    """An agreement long enough (about 30 pages) that making its PDF takes seconds."""
    agreement = complete(draft(area=area, officer=officer, title="Long agreement"), officer)
    Section.objects.bulk_create(
        Section(
            agreement=agreement,
            position=100 + n,
            key=f"schedule-{n}",
            heading=f"Schedule {n}",
            body=f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}",
        )
        for n in range(sections)
    )
    services.version_issue(agreement=agreement, actor=officer)
    return agreement


def _database_url() -> str:
    database = django_settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{database['USER']}{password}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def worker_process(
    private_broker: Any, media: Path, signing_certificate: dict[str, str]
) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start `celery worker` as production runs it (prefork, one pool process) against
    the test's Redis and the test database."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **signing_certificate,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": private_broker.url,
            "MEDIA_ROOT": str(media),
            "DJANGO_SETTINGS_MODULE": "datasharing.settings",
        }
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "datasharing", "worker",
                "--pool=prefork", "--concurrency=1", "--loglevel=WARNING",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _pool_processes(worker: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return psutil.Process(worker.pid).children(recursive=True)


def _files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def test_a_worker_killed_mid_render_comes_back_and_makes_exactly_one_pdf(
    area: Area, media: Path, worker_process: Callable[[], subprocess.Popen[bytes]]
) -> None:
    officer = member_of(area, Role.OFFICER)
    agreement = _long_agreement(area, officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)  # owes the sealed PDF; the commit hands it to the broker
    document = RenderedDocument.objects.get()
    assert document.status == DocumentStatus.QUEUED

    worker = worker_process()

    def rendering() -> bool:
        document.refresh_from_db()
        return document.status == DocumentStatus.RENDERING

    wait_for(rendering, "the worker to start making the PDF")
    (pool,) = _pool_processes(worker)
    time.sleep(0.3)  # well inside the render, which takes seconds
    pool.send_signal(signal.SIGKILL)
    pool.wait(timeout=10)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING, "the kill came too late to test anything"
    assert document.attempts == 1

    def ready() -> bool:
        document.refresh_from_db()
        return document.status in (DocumentStatus.READY, DocumentStatus.FAILED)

    wait_for(ready, "the PDF to be made again")
    assert worker.poll() is None  # the worker lived on; only its pool process died
    assert document.status == DocumentStatus.READY, document.failure_reason
    assert document.attempts == 2
    assert RenderedDocument.objects.count() == 1
    assert Event.objects.filter(verb="document.ready").count() == 1
    (stored,) = _files(media)
    assert stored.relative_to(media).as_posix() == document.file.name
    content = stored.read_bytes()
    assert len(content) == document.size
    assert check_pdf(content).verdict == Verdict.SEALED_HERE
    assert document.pages is not None
    assert document.pages >= 20


def test_with_redis_down_asking_for_a_pdf_answers_and_it_is_made_when_redis_returns(
    area: Area, media: Path, private_broker: Any
) -> None:
    officer = member_of(area, Role.OFFICER)
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)

    private_broker.stop()
    client = Client()
    client.force_login(officer)
    url = f"{agreement.get_absolute_url()}versions/1/pdf/"
    response = in_a_thread(lambda: client.post(f"{url}make/"))
    assert response.status_code == 302
    document = RenderedDocument.objects.get()
    assert document.status == DocumentStatus.QUEUED
    page = in_a_thread(lambda: client.get(url))
    assert page.status_code == 200
    assert "waiting to be made" in page.content.decode()

    private_broker.start()
    with celery_worker_on(app):
        relay_outbox_task.delay()  # as Celery beat does every minute

        def ready() -> bool:
            document.refresh_from_db()
            return document.status == DocumentStatus.READY

        wait_for(ready, "the PDF to be made")
    assert len(_files(media)) == 1
    assert check_pdf(document.file.read()).verdict == Verdict.UNSEALED  # a draft


def test_the_scheduled_job_sends_again_a_pdf_whose_job_was_lost(
    area: Area, media: Path, private_broker: Any
) -> None:
    officer = member_of(area, Role.OFFICER)
    agreement = complete(draft(area=area, officer=officer), officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    private_broker.stop()
    document = in_a_thread(lambda: document_request(version=version, user=officer))
    # Its outbox job is lost (say, the relay's message with it), and time passes.
    Job.objects.all().delete()
    RenderedDocument.objects.filter(pk=document.pk).update(
        requested_at=document.requested_at - timedelta(minutes=11)
    )
    private_broker.start()
    with celery_worker_on(app):
        render_documents_left_behind_task.delay()

        def ready() -> bool:
            document.refresh_from_db()
            return document.status == DocumentStatus.READY

        wait_for(ready, "the PDF to be made")
    assert document.attempts == 1
