"""E-mail notifications, sent at once or gathered into a daily digest as each person
chooses (User.notification_mode); nobody who chose "never" gets one. Every e-mail is
owed through the outbox (``outbox.enqueue``), in the transaction of the change that
caused it."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from partners.models import Area, NotificationMode, User

from . import outbox
from .models import Job, Notification

SIGN_OFF = (
    "\n\n--\nData-sharing agreements. Choose how often we e-mail you: {site}/account/notifications/"
)


def one_line(subject: str, limit: int = 200) -> str:
    """An e-mail subject: one line (a line break in a header is refused by the mailer,
    and a title could hold one), at most ``limit`` characters."""
    return " ".join(subject.split())[:limit]


def _wants_email(user: User) -> bool:
    return user.is_active and user.notification_mode != NotificationMode.NONE


def notify(*, user: User, subject: str, body: str) -> Notification | None:
    """Owe ``user`` an e-mail, in the caller's transaction. Immediate ones are sent by
    the outbox once the transaction commits; digest ones wait for the daily digest;
    none at all for people who chose never, or who are deactivated."""
    if not _wants_email(user):
        return None
    notification = Notification.objects.create(user=user, subject=one_line(subject), body=body)
    if user.notification_mode == NotificationMode.IMMEDIATE:
        outbox.enqueue(
            "notifications.tasks.send_notification_task",
            recipient=user,
            description=f"E-mail to {user.email}: {notification.subject}",
            notification_id=notification.pk,
        )
    return notification


def _site() -> str:
    return str(settings.SITE_URL).rstrip("/")


def _withhold(pks: list[int]) -> None:
    Notification.objects.filter(pk__in=pks, sent_at=None, withheld_at=None).update(
        withheld_at=timezone.now()
    )


def notification_send(*, notification_id: int) -> bool:
    """Send one notification, once: it is claimed before sending, so a job run again
    never sends it twice; if sending fails the claim is released for the retry.
    Choices made since it was queued count: someone who has since chosen no e-mails (or
    whose account was closed) is not sent it, and someone who has since chosen the
    digest gets it there. Returns whether it was sent."""
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
    no e-mails or their account was closed). If sending fails, they stay owed."""
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


@transaction.atomic
def digests_queue_all() -> list[int]:
    """One digest job in the outbox for each person with something owed, so one
    person's failed e-mail neither stops nor repeats anyone else's and is tried again
    on its own. Returns the jobs' ids."""
    users = User.objects.filter(
        notifications__sent_at=None, notifications__withheld_at=None
    ).distinct()
    return [
        outbox.enqueue(
            "notifications.tasks.send_digest_task",
            recipient=user,
            description=f"Daily summary e-mail to {user.email}",
            user_id=user.pk,
        ).pk
        for user in users
    ]


def digests_send_all() -> int:
    """The daily digest: queue one job per person with something owed, then run them
    here and now (a failure is tried again later by the relay). Returns how many jobs
    went through."""
    return outbox.relay(job_ids=digests_queue_all())


NOT_YOURS = "This job is not one of this area's."


@transaction.atomic
def job_retry(*, job: Job, actor: User, area: Area | None = None) -> Job:
    """Try a failed (or waiting) job again at once, with its attempts counted afresh.
    An area admin retries their area's jobs (``area`` given, checked by the caller's
    selector); platform admins any. Audit: ``outbox.job_retried``."""
    attempts = job.attempts
    outbox.job_reset(job=job)
    job.refresh_from_db()
    record_event(
        actor=actor,
        verb="outbox.job_retried",
        target=job,
        area=area or job.area,
        data={"task": job.task, "description": job.description, "attempts_before": attempts},
    )
    return job
