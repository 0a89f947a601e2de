"""Background work. The Celery tasks run the outbox relay and queue the daily digests;
the plain functions are outbox jobs (see ``outbox``), run by the relay with the ids
they were queued with."""

from celery import shared_task

from partners.models import User

from . import outbox, services


@shared_task(ignore_result=True)
def relay_outbox_task(job_ids: list[int] | None = None) -> int:
    """Run outbox jobs that are due: the ones just committed (``job_ids``, asked for
    after a commit), or all of them (every minute, from Celery beat). Jobs are claimed
    first, so overlapping runs never run one twice. Returns how many succeeded."""
    return outbox.relay(job_ids=job_ids)


@shared_task(ignore_result=True)
def send_daily_digests_task() -> int:
    """Daily: one digest e-mail, through the outbox, for each person with updates
    waiting."""
    return services.digests_send_all()


def send_notification_task(*, notification_id: int) -> bool:
    """Outbox job: send one notification e-mail; nothing if it was sent already."""
    return services.notification_send(notification_id=notification_id)


def send_digest_task(*, user_id: int) -> int:
    """Outbox job: send one person their daily digest; nothing if nothing is owed."""
    user = User.objects.filter(pk=user_id).first()
    return services.digest_send(user=user) if user is not None else 0
