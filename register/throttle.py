"""Limits on what strangers can make the register do, counted in the shared cache."""

import logging

from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

HOUR = 60 * 60


def over_limit(*, group: str, key: str, most: int, seconds: int = HOUR) -> bool:
    """Count one more use of ``key`` in ``group`` and say whether that goes over
    ``most`` in the window of ``seconds`` (which starts at the first use). If the
    cache cannot be reached the use is let through and the failure logged."""
    name = f"register:limit:{group}:{key}"
    try:
        cache.add(name, 0, timeout=seconds)
        count = cache.incr(name)
    except Exception:
        logger.warning("Limit %s could not be counted; letting the request through", group)
        return False
    return count > most


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")
