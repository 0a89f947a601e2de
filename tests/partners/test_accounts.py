import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partners.models import Role
from tests.partners.factories import PASSWORD, AreaFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_sign_in_with_the_right_password_goes_to_the_dashboard() -> None:
    user = member_of(AreaFactory(), Role.OFFICER, email="priya@example.org")
    client = Client()
    response = _sign_in(client, "Priya@Example.ORG", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:dashboard")
    assert client.get(reverse("partners:dashboard")).context["user"] == user


def test_a_wrong_password_gets_a_clear_error_and_keeps_the_address() -> None:
    UserFactory(email="priya@example.org")
    response = _sign_in(Client(), "priya@example.org", "wrong password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The e-mail address or password is not right" in page
    assert 'value="priya@example.org"' in page
    assert "<title>Error: Sign in" in page


def test_empty_sign_in_says_what_is_missing() -> None:
    page = Client().post(SIGN_IN, {}).content.decode()
    assert "Enter your e-mail address" in page
    assert "Enter your password" in page


def test_repeated_failures_pause_sign_in_even_with_the_right_password(settings: Any) -> None:
    UserFactory(email="priya@example.org")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "priya@example.org", "guess")
    response = _sign_in(client, "priya@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_count_whatever_the_case_of_the_address(settings: Any) -> None:
    UserFactory(email="priya@example.org")
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "PRIYA@example.org" if attempt % 2 else "priya@Example.org", "guess")
    assert _sign_in(client, "priya@example.org", PASSWORD).status_code == 429


def test_failures_for_one_address_do_not_lock_out_another() -> None:
    UserFactory(email="priya@example.org")
    UserFactory(email="tom@example.org")
    client = Client()
    for _ in range(6):
        _sign_in(client, "priya@example.org", "guess")
    assert _sign_in(client, "tom@example.org", PASSWORD).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session() -> None:
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/account/sign-out/").status_code == 405
    response = client.post("/account/sign-out/", follow=True)
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("partners:dashboard")).status_code == 302


def test_pages_need_sign_in_and_come_back_after_it() -> None:
    area = AreaFactory(slug="leeds")
    member_of(area, Role.OFFICER, email="aisha@example.org")
    client = Client()
    response = client.get("/areas/leeds/")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/areas/leeds/"
    response = client.post(
        SIGN_IN, {"username": "aisha@example.org", "password": PASSWORD, "next": "/areas/leeds/"}
    )
    assert response["Location"] == "/areas/leeds/"


def test_sign_in_does_not_redirect_to_another_site() -> None:
    UserFactory(email="aisha@example.org")
    response = Client().post(
        SIGN_IN,
        {"username": "aisha@example.org", "password": PASSWORD, "next": "https://evil.example"},
    )
    assert response["Location"] == reverse("partners:dashboard")


def test_password_reset_by_email_sets_a_new_password(
    django_capture_on_commit_callbacks: Any,
) -> None:
    UserFactory(email="helen@example.org")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/password-reset/", {"email": "helen@example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "Set a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a-new-long-passphrase-2026"
    response = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == "/account/password-reset/complete/"
    assert _sign_in(Client(), "helen@example.org", new_password).status_code == 302


def test_someone_invited_but_without_a_password_can_get_a_new_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from partners import services

    services.user_create(email="new@example.org", full_name="New Person")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/account/password-reset/", {"email": "New@Example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_deactivated_people_get_no_reset_link(django_capture_on_commit_callbacks: Any) -> None:
    UserFactory(email="gone@example.org", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/account/password-reset/", {"email": "gone@example.org"})
    assert mail.outbox == []


def test_password_reset_for_an_unknown_address_reveals_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_a_short_new_password_is_refused() -> None:
    user = UserFactory(email="helen@example.org")
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    client = Client()
    url = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    set_url = client.get(url, follow=True).redirect_chain[-1][0]
    page = client.post(set_url, {"new_password1": "short", "new_password2": "short"}).content
    assert b"This password is too short" in page
