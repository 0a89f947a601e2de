"""Run the outbox relay once, here and now: what Celery beat does every minute. For a
deployment without beat, or to send what is owed right after fixing the mail server."""

from typing import Any

from django.core.management.base import BaseCommand

from notifications.outbox import outbox_backlog, relay


class Command(BaseCommand):
    help = "Run due outbox jobs (e-mails and background work) now."

    def handle(self, *args: Any, **options: Any) -> None:
        done = relay()
        left = outbox_backlog()
        self.stdout.write(
            f"{done} job(s) done; {left['due']} still due, {left['retrying']} waiting to be "
            f"tried again, {left['failed']} given up."
        )
