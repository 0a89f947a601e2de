"""`/healthz`: is this process able to serve? Checks the database and the broker."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from notifications.outbox import outbox_backlog
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

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.BROKER_TIMEOUT,
        socket_timeout=settings.BROKER_TIMEOUT,
    )
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
    body: dict[str, Any] = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "broker": broker,
    }
    if database["ok"]:
        # Work owed but not done: a growing "oldest_due_seconds" means no relay runs.
        body["outbox"] = outbox_backlog()
    return JsonResponse(body, status=200 if healthy else 503)
