"""The transactional outbox: work owed after a change is a row written in the change's
own transaction, and a relay runs it once the change has committed.

A request never waits on the broker. ``enqueue`` only inserts a row; after commit the
service asks a worker to run it at once (one attempt, with short timeouts, and none for
a while after the broker failed to answer). Whatever that misses, Celery beat's
once-a-minute relay picks up, so a broker outage delays work without losing it. Each
job is claimed before it runs, so two relays never run it together; a job that fails is
tried again with growing pauses, and after MAX_ATTEMPTS it is left for an admin to see
and retry.

A job names a function in an app's ``tasks`` module and takes only ids (and short
strings): it loads what it needs when it runs, and is safe to run again. A worker that
dies mid-job leaves its claim to lapse after CLAIM_LEASE, and the job runs again then.

Without REDIS_URL (the embedded default), the request asks Celery as usual and Celery
runs the job in-process, right after the commit.
"""

import logging
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from partners.models import Area, User

from .models import Job

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Longer than any task may run (CELERY_TASK_TIME_LIMIT), so a live worker's claim
# never lapses under it.
CLAIM_LEASE = timedelta(minutes=10)
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)
# After the broker fails to answer, this process stops asking it for a while and
# leaves the work to the scheduled relay, so requests during an outage are not each
# held up by a timeout.
BROKER_QUIET_SECONDS = 30.0

TaskRef = str | Callable[..., Any]

NOT_A_TASK = "Outbox jobs run functions in an app's tasks module; {name} is not one."


def _task_name(task: TaskRef) -> str:
    name = task if isinstance(task, str) else f"{task.__module__}.{task.__qualname__}"
    resolve_task(name)
    return name


def resolve_task(name: str) -> Callable[..., Any]:
    """The function a job runs. Only functions in an installed app's ``tasks`` module
    may be named; raises ValueError for anything else."""
    module, _, attribute = name.rpartition(".")
    if not module.endswith(".tasks") and module != "tasks":
        raise ValueError(NOT_A_TASK.format(name=name))
    try:
        found = import_string(name)
    except ImportError as error:
        raise ValueError(NOT_A_TASK.format(name=name)) from error
    if not callable(found) or attribute.startswith("_"):
        raise ValueError(NOT_A_TASK.format(name=name))
    return found


def enqueue(
    task: TaskRef,
    /,
    *,
    area: Area | None = None,
    recipient: User | None = None,
    description: str = "",
    **arguments: int | str | None,
) -> Job:
    """Owe the work ``task(**arguments)``, in the caller's transaction: it happens after
    the transaction commits, and not at all if it rolls back. ``area`` and ``recipient``
    say whose admins see it if it fails; ``description`` is what they read. Raises
    ValueError for a task that is not an app's task function or arguments that are not
    ids and short strings."""
    for key, value in arguments.items():
        if not (value is None or isinstance(value, int | str)) or isinstance(value, bool):
            raise ValueError(f"Outbox job arguments are ids and short strings; {key} is not.")
        if isinstance(value, str) and len(value) > 500:
            raise ValueError(f"Outbox job arguments are ids and short strings; {key} is long.")
    job = Job.objects.create(
        task=_task_name(task),
        arguments=arguments,
        area=area,
        recipient=recipient,
        description=" ".join(description.split())[:300],
    )
    job_id = job.pk
    transaction.on_commit(lambda: request_run(job_ids=[job_id]), robust=True)
    return job


_broker_quiet_until = 0.0


def request_run(*, job_ids: list[int]) -> bool:
    """Ask a worker to run these jobs now (in-process, without a broker). Never raises
    and never waits long: if the broker does not answer, the scheduled relay runs them.
    Returns whether the request went through."""
    global _broker_quiet_until
    from .tasks import relay_outbox_task

    if relay_outbox_task.app.conf.task_always_eager:
        try:
            relay_outbox_task.apply(kwargs={"job_ids": job_ids})
        except Exception:
            logger.exception("Running outbox jobs %s in-process failed", job_ids)
            return False
        return True
    if time.monotonic() < _broker_quiet_until:
        return False
    try:
        relay_outbox_task.apply_async(kwargs={"job_ids": job_ids}, retry=False)
    except Exception:
        _broker_quiet_until = time.monotonic() + BROKER_QUIET_SECONDS
        logger.warning(
            "The broker did not take outbox jobs %s; the scheduled relay will run them",
            job_ids,
            exc_info=True,
        )
        return False
    return True


def _due(now: Any) -> Q:
    return Q(done_at=None, failed_at=None, run_after__lte=now) & (
        Q(claimed_until=None) | Q(claimed_until__lt=now)
    )


def _claim(job_ids: Iterable[int] | None) -> Job | None:
    """Take one due job for this worker: marked as claimed (and the attempt counted)
    in its own short transaction, skipping rows another worker holds."""
    now = timezone.now()
    with transaction.atomic():
        candidates = Job.objects.select_for_update(skip_locked=True).filter(_due(now))
        if job_ids is not None:
            candidates = candidates.filter(pk__in=list(job_ids))
        job = candidates.order_by("run_after", "pk").first()
        if job is None:
            return None
        Job.objects.filter(pk=job.pk).update(
            claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1
        )
    job.attempts += 1
    return job


def pause_after(attempts: int) -> timedelta:
    """How long to wait before trying a job again after its ``attempts``-th failure:
    1, 2, 4, 8, ... minutes, at most an hour."""
    return min(FIRST_PAUSE * (2 ** max(attempts - 1, 0)), LONGEST_PAUSE)


def _run(job: Job) -> bool:
    try:
        task = resolve_task(job.task)
        task(**job.arguments)
    except Exception as error:
        now = timezone.now()
        gave_up = job.attempts >= MAX_ATTEMPTS
        message = f"{error.__class__.__name__}: {error}"[:2000]
        Job.objects.filter(pk=job.pk).update(
            claimed_until=None,
            last_error=message,
            run_after=now + pause_after(job.attempts),
            failed_at=now if gave_up else None,
        )
        log = logger.error if gave_up else logger.warning
        log(
            "Outbox job %s (%s) failed on attempt %s%s",
            job.pk,
            job.task,
            job.attempts,
            "; giving up" if gave_up else "",
            exc_info=True,
        )
        return False
    Job.objects.filter(pk=job.pk).update(done_at=timezone.now(), claimed_until=None)
    return True


def relay(*, job_ids: Iterable[int] | None = None, limit: int = 500, budget: float = 120.0) -> int:
    """Run due jobs (only ``job_ids``, if given), one claimed at a time, until none is
    due, ``limit`` have run, or ``budget`` seconds have passed. Returns how many
    succeeded. Safe to run in several workers at once."""
    ids = list(job_ids) if job_ids is not None else None
    started = time.monotonic()
    succeeded = 0
    for _ in range(limit):
        if time.monotonic() - started > budget:
            break
        job = _claim(ids)
        if job is None:
            break
        succeeded += _run(job)
    return succeeded


def outbox_backlog() -> dict[str, int]:
    """How much work is owed, for health checks and the admin."""
    now = timezone.now()
    pending = Job.objects.filter(done_at=None, failed_at=None)
    return {
        "due": pending.filter(run_after__lte=now).count(),
        "retrying": pending.filter(attempts__gt=0).count(),
        "failed": Job.objects.filter(failed_at__isnull=False, done_at=None).count(),
        "oldest_due_seconds": _oldest(pending.filter(run_after__lte=now), now),
    }


def _oldest(jobs: Any, now: Any) -> int:
    first = jobs.order_by("run_after").values_list("run_after", flat=True).first()
    return int((now - first).total_seconds()) if first else 0


def job_reset(*, job: Job) -> None:
    """Make an unfinished job due now with its attempts counted afresh, and ask for it
    to run once the caller's transaction commits. A job a worker holds right now keeps
    its claim, so it is never run twice at once."""
    updated = Job.objects.filter(pk=job.pk, done_at=None).update(
        failed_at=None, attempts=0, run_after=timezone.now()
    )
    if updated:
        job_id = job.pk
        transaction.on_commit(lambda: request_run(job_ids=[job_id]), robust=True)


def forget_broker_failures() -> None:
    """Ask the broker again at the next commit, even within the quiet period after a
    failure (for tests and after an operator fixes the broker)."""
    global _broker_quiet_until
    _broker_quiet_until = 0.0
