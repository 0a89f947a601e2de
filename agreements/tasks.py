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
