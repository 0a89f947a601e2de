"""What the service owes people: e-mails (sent at once or in a daily digest) and the
outbox of background jobs that sends them and does other work after a change."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """An e-mail owed to someone: sent at once, or gathered into their daily digest,
    as they choose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    withheld_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Not sent: by the time it was due, the person had chosen no e-mails or "
        "their account was closed.",
    )

    class Meta:
        ordering = ("created_at",)
        indexes = [models.Index(fields=("sent_at", "user"), name="notification_owed")]

    def __str__(self) -> str:
        return f"{self.subject} for {self.user}"


class JobState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    RETRYING = "retrying", "Trying again"
    DONE = "done", "Done"
    FAILED = "failed", "Given up"


class Job(models.Model):
    """One piece of work owed after a change, written in the change's own transaction
    (the transactional outbox): an e-mail to send, a document to render. The relay runs
    it once the change has committed, claiming it first so it runs once, and tries again
    with growing pauses when it fails."""

    task = models.CharField(
        max_length=200, help_text="The function that does the work, as module.name."
    )
    arguments = models.JSONField(default=dict, blank=True)
    description = models.CharField(max_length=300, blank=True)
    area = models.ForeignKey(
        "partners.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The area the work is for, so its admins see when it fails.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who the e-mail is to, if it is one.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    run_after = models.DateTimeField(
        default=timezone.now, help_text="Not tried again before this time."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Being run by a worker; if the worker dies, others may take it after this.",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(
        null=True, blank=True, help_text="Given up after too many attempts; an admin may retry."
    )
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(
                fields=("run_after",),
                name="job_due",
                condition=models.Q(done_at=None, failed_at=None),
            ),
            models.Index(
                fields=("area", "-created_at"),
                name="job_trouble",
                condition=models.Q(done_at=None) & ~models.Q(last_error=""),
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.task

    @property
    def state(self) -> JobState:
        if self.done_at is not None:
            return JobState.DONE
        if self.failed_at is not None:
            return JobState.FAILED
        return JobState.RETRYING if self.attempts else JobState.WAITING
