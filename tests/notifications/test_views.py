"""Admins see the e-mails that are not getting through, and can try them again."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import Event
from notifications import outbox
from notifications.models import Job
from partners.models import Area, Role, User
from tests.notifications import tasks
from tests.partners.factories import AreaFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.tasks.flaky_task"


@pytest.fixture(autouse=True)
def _fresh_runs() -> Any:
    tasks.reset()
    yield
    tasks.reset()


def _failed(area: Area | None, recipient: User | None, description: str, item: int) -> Job:
    job = outbox.enqueue(FLAKY, area=area, recipient=recipient, description=description, item=item)
    Job.objects.filter(pk=job.pk).update(
        attempts=outbox.MAX_ATTEMPTS,
        failed_at=timezone.now(),
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    return job


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_area_admin_sees_and_retries_their_areas_failed_e_mails(
    django_capture_on_commit_callbacks: Any,
) -> None:
    home, other = AreaFactory(slug="home"), AreaFactory(slug="other")
    admin = member_of(home, Role.AREA_ADMIN, email="admin@home.example.org")
    member = member_of(home, Role.OFFICER, email="officer@home.example.org")
    stranger = member_of(other, Role.OFFICER, email="officer@other.example.org")
    ours = _failed(home, member, "Invitation for officer@home.example.org", 1)
    to_our_member = _failed(None, member, "E-mail to officer@home.example.org: Hello", 2)
    theirs = _failed(other, stranger, "Invitation for officer@other.example.org", 3)

    page = _client(admin).get(f"/areas/{home.slug}/undelivered/").content.decode()
    assert ours.description in page
    assert to_our_member.description in page
    assert theirs.description not in page
    assert "mailbox unavailable" in page

    # Another area's job is not found through this area's page.
    response = _client(admin).post(f"/areas/{home.slug}/undelivered/retry/", {"job": theirs.pk})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.failed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(admin).post(f"/areas/{home.slug}/undelivered/retry/", {"job": ours.pk})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.done_at is not None  # run at once, in-process here
    assert tasks.runs == [("flaky", 1)]
    event = Event.objects.get(verb="outbox.job_retried")
    assert event.actor_id == admin.pk
    assert event.area_id == home.pk


def test_only_area_admins_and_platform_admins_see_the_page() -> None:
    home = AreaFactory(slug="home")
    officer = member_of(home, Role.OFFICER)
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert _client(officer).get(f"/areas/{home.slug}/undelivered/").status_code == 403
    assert _client(staff).get(f"/areas/{home.slug}/undelivered/").status_code == 200


def test_platform_admins_retry_from_the_django_admin(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = UserFactory(is_staff=True, is_superuser=True)
    job = _failed(None, None, "A stuck job", 4)
    client = _client(staff)
    listing = client.get("/admin/notifications/job/?state=failed").content.decode()
    assert "A stuck job" in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/notifications/job/",
            {"action": "try_again", "_selected_action": [job.pk]},
        )
    job.refresh_from_db()
    assert job.done_at is not None
