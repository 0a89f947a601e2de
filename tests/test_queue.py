"""Tasks through the real queue: Redis as broker and a real Celery worker thread."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from datasharing.celery import app
from partners import services
from partners.models import Role
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of


@pytest.fixture
def celery_worker() -> Iterator[Any]:
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL")
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.django_db(transaction=True)
def test_invitation_is_sent_by_a_worker_after_commit(celery_worker: Any) -> None:
    area = AreaFactory(name="Sheffield")
    admin = member_of(area, Role.AREA_ADMIN, full_name="Chris Walker")
    council = OrganisationFactory(area=area)
    _membership, invited = services.member_add(
        area=area,
        email="ben@example.org",
        full_name="Ben Hartley",
        job_title="",
        organisation=council,
        role=Role.OFFICER,
        actor=admin,
    )
    assert invited
    # The worker consumes the task from Redis; wait for it to finish.
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    assert "Chris Walker has added you to Sheffield" in mail.outbox[0].body
