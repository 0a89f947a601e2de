from smtplib import SMTPException

from celery import shared_task

from .models import Area, User
from .services import user_send_invitation


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def send_invitation_task(user_id: int, area_id: int, invited_by_name: str) -> None:
    """Send the invitation e-mail for a person just added to an area. Retries with
    backoff while the mail server is unreachable; a deleted person is skipped."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    area = Area.objects.filter(pk=area_id).first()
    if user is None or area is None:
        return
    user_send_invitation(user=user, area=area, invited_by_name=invited_by_name)


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def send_notification_task(notification_id: int) -> bool:
    """Send one notification e-mail; does nothing if it was already sent."""
    from .notifications import notification_send

    return notification_send(notification_id=notification_id)


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError), retry_backoff=True, max_retries=3
)
def send_daily_digests_task() -> int:
    """Daily: one e-mail per person who chose a digest and has updates waiting."""
    from .notifications import digests_send_all

    return digests_send_all()
