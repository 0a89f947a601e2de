"""How this app owes e-mails. The outbox belongs to the notifications app, which sits
above this one (it imports partners), so this app reaches its ``enqueue`` through the
OUTBOX_ENQUEUE setting, as the ledger reaches this app through AUDIT_ACTOR_DESCRIBER."""

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def enqueue(task: str, /, **kwargs: Any) -> Any:
    """``notifications.outbox.enqueue``: owe ``task`` in the caller's transaction."""
    return import_string(settings.OUTBOX_ENQUEUE)(task, **kwargs)
