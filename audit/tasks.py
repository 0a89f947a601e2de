from celery import Task, shared_task
from django.db import DatabaseError

from .services import chain_check_failed, chain_check_run


@shared_task(
    bind=True,
    autoretry_for=(DatabaseError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def check_chain_task(self: Task, check_id: int) -> str:
    """Check the whole chain for the check ``check_id`` and record the outcome. Safe to
    run again: a finished check is left as it is. After the last retry the check is
    marked as failed, with why, so the page says so rather than waiting for ever."""
    try:
        check = chain_check_run(check_id=check_id)
    except Exception as error:
        if self.request.retries >= (self.max_retries or 0):
            chain_check_failed(check_id=check_id, reason=f"{type(error).__name__}: {error}")
        raise
    return check.state if check is not None else "missing"
