"""Rate limits on what strangers can make the service do (django-ratelimit, counting in
the shared cache)."""

import logging

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def over_limit(request: HttpRequest, *, group: str, key: str, rate: str) -> bool:
    """Count this request against ``key`` in ``group`` and say whether it goes over
    ``rate`` (such as "5/h"). If the cache cannot be reached the request is let
    through and the failure logged: what these limits guard (e-mails to an account's
    own address) does less harm than refusing everyone while Redis is down."""
    try:
        return bool(
            is_ratelimited(
                request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
            )
        )
    except Exception:
        logger.warning(
            "Rate limit %s could not be counted; letting the request through", group, exc_info=True
        )
        return False
