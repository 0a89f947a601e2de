"""Outbox jobs of this app (see notifications.outbox): run by the relay after the change
that queued them commits, with the ids they were queued with."""

import logging

from .services import chain_check_failed, chain_check_run

logger = logging.getLogger(__name__)


def check_chain_task(*, check_id: int) -> str:
    """Check the whole chain for the check ``check_id`` and record the outcome. Safe to
    run again: a finished check is left as it is. A check that fails is marked as
    failed, with why, and recorded, so the page says so and the admin can start another
    (a retry would only fail the same way while the cause lasts)."""
    try:
        check = chain_check_run(check_id=check_id)
    except Exception as error:
        logger.exception("The check of the ledger's chain %s failed", check_id)
        chain_check_failed(check_id=check_id, reason=f"{type(error).__name__}: {error}")
        return "failed"
    return check.state if check is not None else "missing"
