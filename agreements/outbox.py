"""Work owed after a change, done only once the change has committed (and not at all if
it rolls back). ``enqueue`` has the signature of the notifications outbox's, so that
moving to it changes one import in each caller; until then a Celery task runs the job
after the commit, retried with backoff while the mail server is unreachable.

A job names a function in an app's ``tasks`` module and passes it ids and short strings
only: it loads what it needs when it runs, and is safe to run again."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

TaskRef = str | Callable[..., Any]


def enqueue(
    task: TaskRef,
    /,
    *,
    area: Any = None,
    recipient: Any = None,
    description: str = "",
    **arguments: int | str | None,
) -> None:
    """Owe ``task(**arguments)`` once the caller's transaction commits. ``area``,
    ``recipient`` and ``description`` say whose it is, for the outbox's admin page."""
    from .tasks import run_owed_task

    name = task if isinstance(task, str) else f"{task.__module__}.{task.__qualname__}"
    module = name.rpartition(".")[0]
    if not module.endswith(".tasks"):
        raise ValueError(f"Owed work runs functions in an app's tasks module; {name} is not one.")
    for key, value in arguments.items():
        if not (value is None or isinstance(value, int | str)) or isinstance(value, bool):
            raise ValueError(f"Owed work takes ids and short strings; {key} is not.")
    transaction.on_commit(lambda: run_owed_task.delay(name, arguments), robust=True)
