from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_the_styled_404() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-footer" in page
    assert "Traceback" not in page


def test_server_error_page_renders_without_a_request_context() -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page


def test_csrf_failure_gets_the_styled_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_pages_carry_a_content_security_policy_with_a_nonce() -> None:
    response = Client().get("/account/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.fixture
def first_run(settings: Any) -> Any:
    """DEBUG on, as `make run` writes it in .env, with the views that fail."""
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    settings.ROOT_URLCONF = "tests.support.failing_urls"
    return settings


def test_a_first_run_shows_the_service_404_never_the_list_of_urls(first_run: Any) -> None:
    client = Client()
    client.force_login(UserFactory())
    for path in ("/no/such/page/", "/areas/nowhere/", "/register/gateways/no-such-gateway/"):
        response = client.get(path)
        assert response.status_code == 404, path
        page = response.content.decode()
        assert "Page not found" in page, path
        assert "URLconf" not in page, path
        assert "admin/" not in page, path


def test_a_first_run_shows_the_service_500_and_logs_the_traceback(
    first_run: Any, caplog: pytest.LogCaptureFixture
) -> None:
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "Traceback" not in page
    assert "SECRET_KEY" not in page
    assert "a bug in a view" in caplog.text
    plain = Client(raise_request_exception=False).get("/fails/", headers={"Accept": "text/plain"})
    assert plain.status_code == 500
    assert "Traceback" not in plain.content.decode()
    bad = Client(raise_request_exception=False).get("/suspicious/")
    assert bad.status_code == 400
    assert "a forged value" not in bad.content.decode()


def test_developers_opt_in_to_the_technical_pages(first_run: Any) -> None:
    first_run.DEBUG_ERROR_PAGES = True
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()
    failed = Client(raise_request_exception=False).get("/fails/")
    assert "a bug in a view" in failed.content.decode()


def test_the_public_is_never_told_to_ask_an_area_admin(first_run: Any) -> None:
    for path in ("/register/", "/register/gateways/", "/no/such/page/", "/register/no/such/"):
        page = Client().get(path).content.decode()
        assert "area admin" not in page, path
