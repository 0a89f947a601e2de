from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthy_with_database_and_broker_answering() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    # With a broker configured (CI), it is Redis that answered.
    assert body["broker"]["kind"] == ("redis" if settings.REDIS_URL else "in-process")
    assert body["outbox"] == {"due": 0, "retrying": 0, "failed": 0, "oldest_due_seconds": 0}


def test_unhealthy_when_the_broker_does_not_answer(settings: Any) -> None:
    # Nothing listens on port 1.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "kind": "redis", "error": "ConnectionError"}


def test_unhealthy_when_the_database_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from datasharing import health

    class BrokenConnection:
        vendor = "postgresql"

        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


def test_health_is_not_redirected_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/account/sign-in/").status_code == 301
