from typing import Any

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


def send_public_view_confirmation_task(*, public_view_id: int) -> bool:
    """Outbox job: e-mail a member of the public the link that makes their view count.
    A view confirmed or deleted since is skipped."""
    from .services import public_view_send_confirmation

    return public_view_send_confirmation(public_view_id=public_view_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def purge_unconfirmed_public_views_task() -> int:
    """Hourly: delete public views (and the addresses they hold) left unconfirmed for
    seven days. Returns how many."""
    from .services import public_views_purge

    return public_views_purge()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_review_reminders_task() -> int:
    """Daily: warn lead organisations three months before an agreement's review date,
    and when it has passed. Safe to run any number of times; returns how many warned."""
    from .services import review_reminders_send

    return review_reminders_send()


# PDFs of versions. Why a dedicated task behind the outbox, rather than the outbox job
# making the PDF itself: the outbox relay runs many jobs in one task and protects each
# with a ten-minute claim, so a worker killed mid-render would leave the PDF until the
# claim lapsed, and the relay's task (not acks_late-safe for long work) would not come
# back by itself. So the outbox job only hands the document to ``render_document_task``:
# owed in the caller's transaction (nothing lost if the broker is down; the relay sends
# it when it is back), then made by a task that is acknowledged only when it finishes
# and delivered again if its worker dies (acks_late, reject_on_worker_lost), with
# retries, time limits and a worker recycled when it grows too big
# (CELERY_WORKER_MAX_MEMORY_PER_CHILD). The service's lock and claim make a second
# delivery harmless, and ``render_documents_left_behind_task`` sends again whatever
# was lost on the way (a worker killed whole, whose message waits for the broker's
# visibility timeout).

RENDER_SOFT_TIME_LIMIT = 240
RENDER_TIME_LIMIT = 300
RENDER_MAX_RETRIES = 5


def render_document_job(*, document_id: int) -> None:
    """Outbox job: send the document to a render worker (in-process without a broker).
    Raises if the broker does not take it, so the outbox tries again later."""
    render_document_task.apply_async(kwargs={"document_id": document_id})


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=RENDER_MAX_RETRIES,
    soft_time_limit=RENDER_SOFT_TIME_LIMIT,
    time_limit=RENDER_TIME_LIMIT,
)
def render_document_task(self: Any, document_id: int) -> str:
    """Make one document's PDF (services.document_render): "ready", "busy", "done" or
    "failed". A passing problem is tried again after 30 s, 1, 2, 4 and 8 minutes; then,
    or when the worker's time is up, the document fails with the reason."""
    from celery.exceptions import SoftTimeLimitExceeded

    from .services.documents import (
        TOO_SLOW,
        RenderInterrupted,
        document_render,
        document_render_failed,
    )

    try:
        return document_render(document_id=document_id)
    except SoftTimeLimitExceeded:
        document_render_failed(
            document_id=document_id, reason=TOO_SLOW.format(seconds=RENDER_SOFT_TIME_LIMIT)
        )
        return "failed"
    except RenderInterrupted as problem:
        if self.request.retries >= RENDER_MAX_RETRIES:
            document_render_failed(
                document_id=document_id,
                reason=(
                    f"The PDF could not be made after {RENDER_MAX_RETRIES + 1} tries: {problem} "
                    "Ask for it again; if it fails again, tell the service's administrators."
                ),
            )
            return "failed"
        raise self.retry(exc=problem, countdown=30 * 2**self.request.retries) from problem


@shared_task(ignore_result=True)
def render_documents_left_behind_task() -> int:
    """Every five minutes: send again the documents whose job seems lost
    (services.documents_left_behind). Returns how many were sent."""
    from .services.documents import documents_left_behind

    sent = 0
    for document_id in documents_left_behind():
        render_document_task.apply_async(kwargs={"document_id": document_id})
        sent += 1
    return sent


def build_export_task(*, export_id: int) -> str:
    """Outbox job: build an export's ZIP of sealed PDFs. Safe to run again: a finished
    export is left as it is, and one a dead worker left half-built is built afresh. An
    export that fails is marked failed, with why, and recorded, so its page says so and
    the admin can start another (trying again would fail the same way while the cause
    lasts)."""
    import logging

    from .services.exports import export_build, export_failed

    try:
        export = export_build(export_id=export_id)
    except Exception as error:
        logging.getLogger(__name__).exception("Export %s could not be built", export_id)
        export_failed(export_id=export_id, reason=f"{type(error).__name__}: {error}")
        return "failed"
    return export.status if export is not None else "missing"
