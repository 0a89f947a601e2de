import re
from typing import Any

import pytest
from django.core import mail
from django.db.models import F
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


# Sign-in pauses behind a proxy, and a way out of them.

PROXY = "10.0.0.1"


def _sign_in_from(client: Client, email: str, password: str, forwarded_for: str) -> Any:
    return client.post(
        SIGN_IN,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _lock_out(settings: Any, email: str, forwarded_for: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_from(Client(), email, "guess", forwarded_for)
    assert _sign_in_from(Client(), email, PASSWORD, forwarded_for).status_code == 429


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_everyone(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="priya@example.org")
    _lock_out(settings, "priya@example.org", "203.0.113.5")
    # Priya, at her own desk, is not paused by a stranger's guesses.
    assert _sign_in_from(Client(), "priya@example.org", PASSWORD, "198.51.100.7").status_code == 302


def test_a_client_cannot_dodge_a_pause_by_inventing_addresses(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="priya@example.org")
    # The proxy appends the real address; what the client put before it is ignored.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_from(Client(), "priya@example.org", "guess", f"192.0.2.{n}, 203.0.113.5")
    assert (
        _sign_in_from(
            Client(), "priya@example.org", PASSWORD, "192.0.2.99, 203.0.113.5"
        ).status_code
        == 429
    )
    # Without a trusted proxy the header is not believed at all.
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(email="tom@example.org")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_from(Client(), "tom@example.org", "guess", f"192.0.2.{n}")
    assert _sign_in_from(Client(), "tom@example.org", PASSWORD, "192.0.2.99").status_code == 429


def test_attempts_during_a_pause_do_not_prolong_it(settings: Any) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt

    UserFactory(email="priya@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "priya@example.org", "guess")
    # Ten minutes into the fifteen-minute pause, more guesses come in.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    for _ in range(3):
        assert _sign_in(Client(), "priya@example.org", "guess").status_code == 429
    # Six minutes later the pause is over, as first announced.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    assert _sign_in(Client(), "priya@example.org", PASSWORD).status_code == 302


def test_a_paused_person_gets_back_in_by_setting_a_new_password(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="priya@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "priya@example.org", "guess")
    client = Client()
    paused = _sign_in(client, "priya@example.org", PASSWORD)
    assert paused.status_code == 429
    assert "/account/password-reset/" in paused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password-reset/", {"email": "priya@example.org"})
    link = re.search(r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    set_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new_password = "a-new-long-passphrase-2026"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert _sign_in(Client(), "priya@example.org", new_password).status_code == 302


def test_an_over_long_address_is_a_form_error_not_a_server_error() -> None:
    long_address = "a" * 300 + "@example.org"
    response = Client().post(SIGN_IN, {"username": long_address, "password": "x"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    # The admin's own sign-in form does not check the length; the pause still counts it.
    response = Client().post("/admin/login/", {"username": long_address, "password": "x"})
    assert response.status_code == 200


# Password resets: limited, owed through the outbox, recorded.


def test_reset_e_mails_are_owed_through_the_outbox_not_sent_in_the_request(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from notifications.models import Job

    UserFactory(email="helen@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        known = Client().post("/account/password-reset/", {"email": "helen@example.org"})
        unknown = Client().post("/account/password-reset/", {"email": "nobody@example.org"})
    # Both answer alike, and neither has sent anything by the time it answers.
    assert known["Location"] == unknown["Location"] == "/account/password-reset/sent/"
    assert mail.outbox == []
    assert Job.objects.get().task == "partners.tasks.send_password_reset_task"
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["helen@example.org"]]


def test_resets_for_one_address_are_limited_quietly(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    UserFactory(email="helen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            response = Client().post(
                "/account/password-reset/",
                {"email": "Helen@example.org"},
                REMOTE_ADDR=f"192.0.2.{n}",
            )
            assert response["Location"] == "/account/password-reset/sent/"
    assert len(mail.outbox) == 3


def test_resets_from_one_client_are_limited(settings: Any) -> None:
    settings.PASSWORD_RESET_RATE_PER_CLIENT = "5/h"
    for n in range(5):
        response = Client().post("/account/password-reset/", {"email": f"p{n}@example.org"})
        assert response.status_code == 302
    response = Client().post("/account/password-reset/", {"email": "p9@example.org"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    # Someone else is not held up by it.
    other = Client().post(
        "/account/password-reset/", {"email": "p9@example.org"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302


def test_resets_still_work_when_the_cache_does_not_answer(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    UserFactory(email="helen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/account/password-reset/", {"email": "helen@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["helen@example.org"]]


def test_resets_and_new_passwords_are_in_the_ledger(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from audit.models import Event

    helen = UserFactory(email="helen@example.org")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password-reset/", {"email": "helen@example.org"})
        client.post("/account/password-reset/", {"email": "nobody@example.org"})
    requested = list(Event.objects.filter(verb="auth.password_reset_requested").order_by("seq"))
    assert [(e.target_id, e.data) for e in requested] == [
        (str(helen.pk), {"account_known": True}),
        ("", {"account_known": False}),
    ]
    assert "nobody@example.org" not in str([e.data for e in requested])
    link = re.search(r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    set_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new_password = "a-new-long-passphrase-2026"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    changed = Event.objects.get(verb="user.password_set")
    assert changed.target_id == str(helen.pk)
    assert changed.actor_id == helen.pk
    assert changed.data == {"via": "reset link"}
    assert new_password not in str(changed.data)


def test_a_platform_admin_setting_a_password_is_in_the_ledger() -> None:
    from audit.models import Event

    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    helen = UserFactory(email="helen@example.org")
    client = Client()
    client.force_login(staff)
    new_password = "a-new-long-passphrase-2026"
    response = client.post(
        f"/admin/partners/user/{helen.pk}/password/",
        {"password1": new_password, "password2": new_password, "usable_password": "true"},
    )
    assert response.status_code == 302
    event = Event.objects.get(verb="user.password_set")
    assert (event.actor_id, event.target_id, event.data) == (
        staff.pk,
        str(helen.pk),
        {"via": "admin"},
    )
