"""E-mail notifications, sent at once or gathered into a daily digest as each person
chooses (User.notification_mode). Nobody who chose "never" gets one."""

import logging
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationMode, User

logger = logging.getLogger(__name__)

SIGN_OFF = (
    "\n\n--\nData-sharing agreements. Choose how often we e-mail you: {site}/account/notifications/"
)


def one_line(subject: str, limit: int = 200) -> str:
    """An e-mail subject: one line (a line break in a header is refused by the mailer,
    and a title could hold one), at most ``limit`` characters."""
    return " ".join(subject.split())[:limit]


def notify(*, user: User, subject: str, body: str) -> Notification | None:
    """Owe ``user`` an e-mail. Immediate ones are sent by a task once the transaction
    commits; digest ones wait for the daily digest; none at all for people who chose
    never, or who are deactivated."""
    from .tasks import send_notification_task

    if not user.is_active or user.notification_mode == NotificationMode.NONE:
        return None
    notification = Notification.objects.create(user=user, subject=one_line(subject), body=body)
    if user.notification_mode == NotificationMode.IMMEDIATE:
        pk = notification.pk
        transaction.on_commit(lambda: send_notification_task.delay(pk), robust=True)
    return notification


def _site() -> str:
    from django.conf import settings

    return str(settings.SITE_URL).rstrip("/")


def _wants_email(user: User) -> bool:
    return user.is_active and user.notification_mode != NotificationMode.NONE


def _withhold(pks: list[int]) -> None:
    Notification.objects.filter(pk__in=pks, sent_at=None, withheld_at=None).update(
        withheld_at=timezone.now()
    )


def notification_send(*, notification_id: int) -> bool:
    """Send one notification, once: it is claimed before sending, so a retried task
    never sends it twice; if sending fails the claim is released for the retry.
    Choices made since it was queued count: someone who has since chosen no e-mails (or
    whose account was closed) is not sent it, and someone who has since chosen the
    digest gets it there."""
    notification = (
        Notification.objects.select_related("user")
        .filter(pk=notification_id, sent_at=None, withheld_at=None)
        .first()
    )
    if notification is None:
        return False
    user = notification.user
    if not _wants_email(user):
        _withhold([notification.pk])
        return False
    if user.notification_mode == NotificationMode.DIGEST:
        return False
    claimed = Notification.objects.filter(
        pk=notification_id, sent_at=None, withheld_at=None
    ).update(sent_at=timezone.now())
    if not claimed:
        return False
    try:
        send_mail(
            subject=notification.subject,
            message=notification.body + SIGN_OFF.format(site=_site()),
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(sent_at=None)
        raise
    return True


def digest_send(*, user: User) -> int:
    """Send ``user`` everything still owed to them in one e-mail. Returns how many
    notifications it held (none, and they are withheld, if the person has since chosen
    no e-mails or their account was closed)."""
    now = timezone.now()
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(user=user, sent_at=None, withheld_at=None)
            .order_by("created_at")
        )
        if not pending:
            return 0
        user.refresh_from_db(fields=["is_active", "notification_mode", "email"])
        if not _wants_email(user):
            _withhold([n.pk for n in pending])
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=now)
    parts = [f"{n.subject}\n{'-' * min(len(n.subject), 70)}\n{n.body}" for n in pending]
    try:
        send_mail(
            subject=f"Your daily summary: {len(pending)} update{'s' if len(pending) != 1 else ''}",
            message="\n\n\n".join(parts) + SIGN_OFF.format(site=_site()),
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=None)
        raise
    return len(pending)


class DigestsNotSent(SMTPException):
    """Some digests could not be sent; what they held is still owed, for the retry."""


def digests_send_all() -> int:
    """The daily digest for everyone with something owed. One person's failed e-mail
    does not stop the others: it is logged and stays owed, and DigestsNotSent is raised
    once everyone else has been sent theirs, so the task retries just those.
    Returns e-mails sent."""
    users = User.objects.filter(
        notifications__sent_at=None, notifications__withheld_at=None
    ).distinct()
    sent = 0
    failed: list[int] = []
    for user in users:
        try:
            sent += 1 if digest_send(user=user) else 0
        except Exception:
            logger.exception("Daily digest for user %s could not be sent", user.pk)
            failed.append(user.pk)
    if failed:
        raise DigestsNotSent(f"{len(failed)} of {sent + len(failed)} daily digests were not sent")
    return sent
