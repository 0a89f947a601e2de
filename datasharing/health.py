"""`/healthz`: is this process able to serve? Checks the database and the broker."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from partners.access import public_view


def _database_state() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure at all means unhealthy
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker_state() -> dict[str, Any]:
    if not settings.REDIS_URL:
        # No broker configured: tasks run inside the web process.
        return {"ok": True, "kind": "in-process"}
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "kind": "redis", "error": exc.__class__.__name__}
    finally:
        client.close()
    return {"ok": True, "kind": "redis"}


@public_view
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    broker = _broker_state()
    healthy = database["ok"] and broker["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
