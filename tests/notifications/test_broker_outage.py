"""With the broker frozen or gone, requests still answer and nothing owed is lost: once
it is back, the relay and a real worker send each e-mail exactly once.

Each test runs its own Redis (tests/brokers.py) and stops, freezes or restarts it.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import redis
from django.core import mail
from django.db import connection
from django.test import Client

from agreements import services as agreement_services
from agreements.models import Agreement, Section
from datasharing.celery import app
from notifications import outbox
from notifications.models import Job
from notifications.tasks import relay_outbox_task
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft
from tests.conftest import celery_worker_on
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

# Generous: a request that has not answered by then is hanging on the broker.
HANGING = 60


def in_a_thread(action: Callable[[], Any]) -> Any:
    """Run ``action`` (a request) in a thread and return its result, failing the test if
    it has not finished within HANGING seconds."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = action()
        except BaseException as error:  # reported in the test's own thread
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=HANGING)
    assert not thread.is_alive(), f"the request was still waiting after {HANGING} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def settle(broker_url: str) -> None:
    """Every job done and every message the broker holds consumed, then a moment more
    for anything a late message would still send."""
    wait_for(lambda: not Job.objects.filter(done_at=None).exists(), "the outbox to empty")
    client = redis.Redis.from_url(broker_url)
    try:
        wait_for(lambda: client.llen("celery") == 0, "the queue to drain")
    finally:
        client.close()
    time.sleep(1.5)


def mail_count_to(*users: User) -> Counter[str]:
    counts = Counter(address for message in mail.outbox for address in message.to)
    return Counter({user.email: counts[user.email] for user in users})


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(area=area, kind=OrganisationKind.LOCAL_AUTHORITY)
    OrganisationFactory(area=area, kind=OrganisationKind.VOLUNTARY)
    return area


def _quiet_start(broker_url: str) -> None:
    """Forget what setting up the test owed, so only the test's own e-mails count."""
    outbox.relay()
    redis.Redis.from_url(broker_url).flushall()
    mail.outbox.clear()


def _in_review(area: Area, officer: User) -> Agreement:
    agreement = complete(draft(area=area, officer=officer), officer)
    agreement_services.version_issue(agreement=agreement, actor=officer)
    return agreement


def test_a_frozen_broker_neither_hangs_a_request_nor_loses_its_e_mails(
    private_broker: Any, area: Area
) -> None:
    officers = [member_of(area, Role.OFFICER, email=f"officer{n}@example.org") for n in (1, 2)]
    reviewer = member_of(area, Role.REVIEWER, email="reviewer@example.org")
    forgetful = member_of(area, Role.OFFICER, email="forgetful@example.org")
    agreement = _in_review(area, officers[0])
    _quiet_start(private_broker.url)

    private_broker.freeze()
    commenter = Client()
    commenter.force_login(reviewer)
    comment_url = f"{agreement.get_absolute_url()}versions/1/comments/"
    response = in_a_thread(
        lambda: commenter.post(comment_url, {"section_key": "purpose", "body": "Who decides?"})
    )
    assert response.status_code == 302
    reset = in_a_thread(
        lambda: Client().post("/account/password-reset/", {"email": forgetful.email})
    )
    assert reset.status_code == 302
    # Saved and owed, not sent: the broker is still frozen.
    assert agreement.comments.filter(body="Who decides?").exists()
    assert mail.outbox == []
    assert Job.objects.filter(done_at=None).count() == 4  # three officers told, one reset

    private_broker.thaw()
    with celery_worker_on(app):
        relay_outbox_task.delay()  # as Celery beat does every minute
        settle(private_broker.url)
    assert mail_count_to(*officers, forgetful, reviewer) == {
        "officer1@example.org": 1,
        "officer2@example.org": 1,
        # The reset e-mail, and the comment's notice to every officer.
        "forgetful@example.org": 2,
        "reviewer@example.org": 0,  # not told of their own comment
    }


def test_with_the_broker_gone_everything_owed_goes_out_once_when_it_returns(
    private_broker: Any, area: Area
) -> None:
    officer = member_of(area, Role.OFFICER, email="officer@example.org")
    admin = member_of(area, Role.AREA_ADMIN, email="admin@example.org")
    reviewers = [member_of(area, Role.REVIEWER, email=f"r{n}@example.org") for n in range(25)]
    agreement = complete(draft(area=area, officer=officer), officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    agreement_services.section_save(
        section=purpose, body="Care in place on the day.", base_revision=purpose.revision,
        actor=officer,
    )  # fmt: skip
    _quiet_start(private_broker.url)

    private_broker.stop()
    as_officer, as_admin = Client(), Client()
    as_officer.force_login(officer)
    as_admin.force_login(admin)
    published = in_a_thread(
        lambda: as_officer.post(f"{agreement.get_absolute_url()}versions/issue/", {"note": ""})
    )
    assert published.status_code == 302
    assert agreement.versions.count() == 1
    invited = in_a_thread(
        lambda: as_officer.post(
            f"{agreement.get_absolute_url()}reviewers/",
            {"email": "expert@example.org", "full_name": "Dr Expert", "note": ""},
        )
    )
    assert invited.status_code == 302
    council = area.organisations.get(kind=OrganisationKind.LOCAL_AUTHORITY)
    added = in_a_thread(
        lambda: as_admin.post(
            f"/areas/{area.slug}/members/add/",
            {
                "email": "newcomer@example.org",
                "full_name": "New Comer",
                "job_title": "",
                "organisation": council.pk,
                "role": Role.OFFICER,
            },
        )
    )
    assert added.status_code == 302
    assert mail.outbox == []

    private_broker.start()
    with celery_worker_on(app):
        relay_outbox_task.delay()
        settle(private_broker.url)
    counts = Counter(address for message in mail.outbox for address in message.to)
    assert {r.email: counts[r.email] for r in reviewers} == {r.email: 1 for r in reviewers}
    assert counts["expert@example.org"] == 1
    assert counts["newcomer@example.org"] == 1
    assert sum(counts.values()) == len(reviewers) + 2
