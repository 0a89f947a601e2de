"""The outbox: work owed is written in the change's own transaction and run once."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications import outbox
from notifications.models import Job, JobState
from tests.notifications import tasks

RECORD = "tests.notifications.tasks.record_task"
FLAKY = "tests.notifications.tasks.flaky_task"


@pytest.fixture(autouse=True)
def _fresh_runs() -> Iterator[None]:
    tasks.reset()
    yield
    tasks.reset()


@pytest.mark.django_db
def test_work_is_owed_with_the_change_and_done_after_it_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = outbox.enqueue(RECORD, item=1, description="A test job")
        assert tasks.runs == []  # nothing runs before the commit
    assert tasks.runs == [("record", 1)]
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 1


@pytest.mark.django_db
def test_work_owed_by_a_change_that_rolls_back_is_never_done(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue(RECORD, item=1)
        transaction.set_rollback(True)
    assert tasks.runs == []
    assert not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "task", ["os.system", "partners.services.user_create", "partners.tasks._private", "nothing"]
)
def test_only_an_apps_task_functions_can_be_queued(task: str) -> None:
    with pytest.raises(ValueError, match="tasks module"):
        outbox.enqueue(task)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_arguments_are_ids_and_short_strings() -> None:
    with pytest.raises(ValueError, match="ids and short strings"):
        outbox.enqueue(RECORD, item=[1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ids and short strings"):
        outbox.enqueue(RECORD, item="x" * 501)
    assert outbox.enqueue(tasks.record_task, item=3).task == RECORD


@pytest.mark.django_db
def test_a_job_runs_once_however_often_the_relay_runs() -> None:
    outbox.enqueue(RECORD, item=1)
    outbox.enqueue(RECORD, item=2)
    assert outbox.relay() == 2
    assert outbox.relay() == 0
    assert outbox.relay(job_ids=list(Job.objects.values_list("pk", flat=True))) == 0
    assert sorted(tasks.runs) == [("record", 1), ("record", 2)]


@pytest.mark.django_db
def test_a_failing_job_is_tried_again_later_with_growing_pauses() -> None:
    tasks.failures_left[7] = 2
    job = outbox.enqueue(FLAKY, item=7)
    assert outbox.relay() == 0
    job.refresh_from_db()
    assert job.state == JobState.RETRYING
    assert "mail server unreachable" in job.last_error
    first_pause = job.run_after - timezone.now()
    assert timedelta(seconds=50) < first_pause <= timedelta(minutes=1)
    assert outbox.relay() == 0  # not due yet: nothing is tried
    assert job.attempts == 1

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert outbox.relay() == 0
    job.refresh_from_db()
    assert job.attempts == 2
    assert timedelta(minutes=1) < job.run_after - timezone.now() <= timedelta(minutes=2)

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert outbox.relay() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert tasks.runs == [("flaky", 7)]


def test_pauses_grow_to_an_hour_at_most() -> None:
    pauses = [outbox.pause_after(n) for n in range(1, 10)]
    assert pauses[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(pauses) == timedelta(hours=1)
    assert pauses == sorted(pauses)


@pytest.mark.django_db
def test_after_too_many_failures_a_job_is_given_up_and_left_for_an_admin() -> None:
    tasks.failures_left[9] = outbox.MAX_ATTEMPTS + 5
    job = outbox.enqueue(FLAKY, item=9)
    for _ in range(outbox.MAX_ATTEMPTS + 2):
        Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
        outbox.relay()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.attempts == outbox.MAX_ATTEMPTS
    assert tasks.runs == []


@pytest.mark.django_db
def test_a_job_another_worker_holds_is_left_alone_until_its_claim_lapses() -> None:
    job = outbox.enqueue(RECORD, item=1)
    Job.objects.filter(pk=job.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert outbox.relay() == 0
    # That worker died: once its claim lapses the job runs.
    Job.objects.filter(pk=job.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox.relay() == 1
    assert tasks.runs == [("record", 1)]


@pytest.mark.django_db(transaction=True)
def test_relays_running_at_once_never_run_a_job_twice() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    Job.objects.bulk_create(Job(task=RECORD, arguments={"item": n}) for n in range(60))
    start = threading.Barrier(3)

    def relay() -> None:
        try:
            start.wait()
            outbox.relay()
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(item for _, item in tasks.runs) == list(range(60))
    assert Job.objects.filter(done_at=None).count() == 0


@pytest.mark.django_db
def test_the_relay_command_runs_what_is_due() -> None:
    from io import StringIO

    from django.core.management import call_command

    outbox.enqueue(RECORD, item=5)
    out = StringIO()
    call_command("relay_outbox", stdout=out)
    assert tasks.runs == [("record", 5)]
    assert out.getvalue().startswith("1 job(s) done; 0 still due")
