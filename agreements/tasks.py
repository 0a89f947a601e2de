from celery import shared_task

from .services import lapse_overdue_agreements


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def lapse_overdue_agreements_task() -> int:
    """Daily: mark signed and published agreements past their review date as lapsed.
    Safe to run any number of times; returns how many lapsed."""
    return lapse_overdue_agreements()


def send_review_invitation_task(*, invitation_id: int) -> bool:
    """Outbox job: e-mail an invitation to review one agreement (the outbox tries again
    with growing pauses while the mail server is unreachable); an invitation withdrawn
    since is skipped."""
    from .services import invitation_send

    return invitation_send(invitation_id=invitation_id)
