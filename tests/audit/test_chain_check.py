"""Area admins check the ledger's chain from its page: in the background, with progress,
a plain result, and the check itself recorded in the ledger."""

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from audit import services
from audit.models import ChainCheck, ChainCheckState, Event
from audit.services import CHECK_PROGRESS_KEY, record_event
from partners.models import Area, Role, User
from tests.conftest import ledger_triggers_suspended
from tests.partners.factories import AreaFactory, member_of
from tests.test_queue import celery_worker  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

PAGE = "/areas/leeds/audit/"


@pytest.fixture
def leeds() -> Area:
    return AreaFactory(name="Leeds", slug="leeds")


@pytest.fixture
def admin(leeds: Area) -> User:
    return member_of(leeds, Role.AREA_ADMIN, full_name="Tom Brennan")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_ledger(count: int) -> None:
    for index in range(count):
        record_event(actor=None, verb="demo.seeded", data={"areas": [], "new_roles": index})


def test_an_area_admin_checks_the_chain_from_the_page_and_it_is_recorded(
    leeds: Area, admin: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    a_ledger(30)
    client = signed_in(admin)
    page = client.get(PAGE).content.decode()
    assert "Check the ledger now" in page
    assert "No check has been run from this page yet." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{PAGE}check/start/")
    assert response.status_code == 302
    check = ChainCheck.objects.get()
    assert check.state == ChainCheckState.INTACT
    assert (check.started_by_name, check.area_name) == ("Tom Brennan", "Leeds")
    page = client.get(PAGE).content.decode()
    assert "The ledger is intact" in page
    assert f"All {check.checked} entries were checked" in page
    assert "Check the ledger again" in page
    assert "python manage.py verify_audit --expect-head" in page  # still there, folded away
    event = Event.objects.get(verb="ledger.checked")
    assert event.actor_name == "Tom Brennan"
    assert event.area_id == leeds.pk
    assert event.data["intact"] is True
    assert event.data["entries"] == check.checked
    assert "Tom Brennan checked the ledger&#x27;s hash chain: every entry is intact" in page


def test_a_broken_chain_is_said_plainly(
    leeds: Area, admin: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    a_ledger(12)
    victim = Event.objects.order_by("seq")[5]
    with ledger_triggers_suspended():
        Event.objects.filter(seq=victim.seq).update(actor_name="Someone else")
    with django_capture_on_commit_callbacks(execute=True):
        services.chain_check_start(actor=admin, area=leeds)
    check = ChainCheck.objects.get()
    assert check.state == ChainCheckState.BROKEN
    assert check.problem_seq == victim.seq
    page = signed_in(admin).get(PAGE).content.decode()
    assert f"The ledger is broken at entry {victim.seq}" in page
    assert "An entry was changed after it was recorded" in page
    assert f"The {victim.seq - 1} entries before it are intact" in page
    recorded = Event.objects.get(verb="ledger.checked")
    assert recorded.data["intact"] is False
    assert recorded.data["problem_seq"] == victim.seq


def test_a_running_check_shows_its_progress_and_asks_to_be_polled(leeds: Area, admin: User) -> None:
    check = ChainCheck.objects.create(
        area_id=leeds.pk,
        area_name="Leeds",
        started_by_id=admin.pk,
        started_by_name="Tom Brennan",
        requested_at=timezone.now(),
        state=ChainCheckState.RUNNING,
        total=50_000,
    )
    cache.set(CHECK_PROGRESS_KEY.format(pk=check.pk), 20_000)
    client = signed_in(admin)
    status = client.get(f"{PAGE}check/").content.decode()
    assert "Checking: 20,000 of 50,000 entries so far (40%)." in status
    assert 'data-poll="/areas/leeds/audit/check/"' in status
    assert '<progress class="dsa-progress" max="50000" value="20000"' in status
    page = client.get(PAGE).content.decode()
    assert "Check the ledger now" not in page  # one check at a time per area
    # Starting again while it runs gives the same check.
    assert services.chain_check_start(actor=admin, area=leeds) == check


def test_progress_is_reported_as_the_walk_goes(leeds: Area, admin: User) -> None:
    a_ledger(25)
    check = ChainCheck.objects.create(
        area_id=leeds.pk, area_name="Leeds", started_by_id=admin.pk, requested_at=timezone.now()
    )
    seen: list[int] = []
    original = cache.set

    def watch(key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        if key == CHECK_PROGRESS_KEY.format(pk=check.pk):
            seen.append(value)
        original(key, value, *args, **kwargs)

    cache.set = watch  # type: ignore[method-assign]
    try:
        services.chain_check_run(check_id=check.pk, batch_size=10)
    finally:
        cache.set = original  # type: ignore[method-assign]
    assert seen == [10, 20]
    check.refresh_from_db()
    assert (check.state, check.checked, check.total) == (ChainCheckState.INTACT, 25, 25)
    # Run again (a retried task): the work is not done twice.
    services.chain_check_run(check_id=check.pk)
    assert Event.objects.filter(verb="ledger.checked").count() == 1


def test_a_check_that_never_starts_or_fails_can_be_started_again(leeds: Area, admin: User) -> None:
    stale = ChainCheck.objects.create(
        area_id=leeds.pk,
        area_name="Leeds",
        started_by_id=admin.pk,
        requested_at=timezone.now() - timedelta(minutes=30),
    )
    client = signed_in(admin)
    page = client.get(PAGE).content.decode()
    assert "has not started: the service's background workers may be stopped" in page
    assert "Check the ledger again" in page
    fresh = services.chain_check_start(actor=admin, area=leeds)
    assert fresh != stale
    services.chain_check_failed(
        check_id=fresh.pk, reason="OperationalError: the database went away"
    )
    fresh.refresh_from_db()
    assert fresh.state == ChainCheckState.FAILED
    page = client.get(PAGE).content.decode()
    assert "could not finish, so it says nothing about the ledger either way" in page
    failed = Event.objects.get(verb="ledger.check_failed")
    assert failed.actor_name == "Tom Brennan"


def test_only_the_area_admins_may_check(leeds: Area) -> None:
    officer = member_of(leeds, Role.OFFICER)
    assert signed_in(officer).post(f"{PAGE}check/start/").status_code == 403
    outsider = member_of(AreaFactory(slug="essex"), Role.AREA_ADMIN)
    assert signed_in(outsider).post(f"{PAGE}check/start/").status_code == 404
    assert not ChainCheck.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_the_chain(celery_worker: Any) -> None:  # noqa: F811
    leeds = AreaFactory(name="Leeds", slug="leeds")
    admin = member_of(leeds, Role.AREA_ADMIN, full_name="Tom Brennan")
    a_ledger(40)
    response = signed_in(admin).post(f"{PAGE}check/start/")
    assert response.status_code == 302
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        check = ChainCheck.objects.get()
        if check.done:
            break
        time.sleep(0.2)
    assert check.state == ChainCheckState.INTACT
    assert Event.objects.filter(verb="ledger.checked").count() == 1


def test_a_check_that_fails_says_so_and_is_recorded(
    leeds: Area, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from audit import tasks

    def broken(**kwargs: Any) -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(services, "verify_chain", broken)
    check = ChainCheck.objects.create(
        area_id=leeds.pk, area_name="Leeds", started_by_id=admin.pk, requested_at=timezone.now()
    )
    assert tasks.check_chain_task(check_id=check.pk) == "failed"
    check.refresh_from_db()
    assert check.state == ChainCheckState.FAILED
    assert "the database went away" in check.failure
    assert Event.objects.get(verb="ledger.check_failed").data["reason"] == check.failure
