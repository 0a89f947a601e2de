"""A member of the public scores a published agreement and confirms by e-mail; their
address is deleted once confirmed or after seven days, never reaches the ledger, and
counts once per version; officers hide abusive comments with a reason."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from agreements import services
from agreements.models import Publication, PublicView
from agreements.services.public_views import confirmation_token
from agreements.tasks import purge_unconfirmed_public_views_task
from audit.models import Event
from partners.models import Role
from tests.agreements.factories import public_view_counted, published, sign_all
from tests.partners.factories import AreaFactory, member_of

from .conftest import OnRegister

pytestmark = pytest.mark.django_db

EMAIL = "Resident@Example.NET"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _open(on_register: OnRegister) -> Publication:
    services.public_comment_open(agreement=on_register.agreement, actor=on_register.officer)
    return Publication.objects.get(agreement=on_register.agreement)


def _form(publication: Publication, **overrides: str) -> dict[str, str]:
    questions = publication.version.content["assessment"]["questions"]
    data = {f"score_{q['code']}": "2" for q in questions}
    data |= {"overall_position": "2", "comment": "Too much is shared.", "email": EMAIL}
    return data | overrides


def _url(publication: Publication, suffix: str = "your-view/") -> str:
    return f"/register/agreements/{publication.reference}/{suffix}"


def _link(message: Any) -> str:
    found = re.search(r"https?://\S+/register/your-view/\S+/", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def test_a_view_counts_once_confirmed_through_the_emailed_link(
    on_register: OnRegister, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    publication = _open(on_register)
    client = Client()
    page = client.get(_url(publication)).content.decode()
    assert "What we do with your e-mail address" in page
    assert "we delete your address" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(publication), _form(publication))
    assert response.status_code == 302
    assert response["Location"] == _url(publication, "your-view/sent/")
    view = PublicView.objects.get()
    assert view.email == "resident@example.net"
    assert view.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["resident@example.net"]]
    # Not counted before confirming.
    detail = client.get(_url(publication, "")).content.decode()
    assert "Too much is shared." not in detail
    link = _link(mail.outbox[0])
    # Opening the link (as a mail scanner would) changes nothing; the button confirms.
    assert "Confirm my view" in client.get(link).content.decode()
    view.refresh_from_db()
    assert view.confirmed_at is None
    confirmed = client.post(link)
    assert "Your view counts" in confirmed.content.decode()
    view.refresh_from_db()
    assert view.confirmed_at is not None
    assert view.email == ""
    detail = client.get(_url(publication, "")).content.decode()
    assert "Too much is shared." in detail
    assert "Members of the public" in detail
    # Confirming twice changes nothing.
    client.post(link)
    assert Event.objects.filter(verb="public_view.confirmed").count() == 1


def test_the_ledger_and_open_data_never_hold_the_address(
    on_register: OnRegister, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    publication = _open(on_register)
    view = public_view_counted(on_register.agreement, on_register.officer, email=EMAIL)
    event = Event.objects.get(verb="public_view.confirmed")
    text = str(event.data) + event.actor_email + event.actor_name
    assert "resident" not in text.lower()
    assert "example.net" not in text.lower()
    assert event.data["email_hash"] == view.email_hash == services.email_hash(EMAIL)
    assert len(view.email_hash) == 64
    client = Client()
    for url in ("/register/agreements.json", "/register/agreements.csv", "/register/feed.atom"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"example.net" not in body.lower(), url
    assert publication.reference in client.get("/register/agreements.json").content.decode()


def test_the_hash_is_keyed_by_the_setting(settings: Any) -> None:
    first = services.email_hash("someone@example.net")
    assert services.email_hash(" SOMEONE@example.net ") == first
    settings.PUBLIC_EMAIL_HASH_KEY = "another-key-entirely-0123456789"
    assert services.email_hash("someone@example.net") != first


def test_one_view_per_address_per_version(
    on_register: OnRegister, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    publication = _open(on_register)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(publication), _form(publication, comment="First try"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(publication), _form(publication, comment="Second try"))
    # Before confirming, a second submission replaces the first, and the first link dies.
    view = PublicView.objects.get()
    assert view.comment == "Second try"
    first, second = mail.outbox
    assert "This link does not work" in client.get(_link(first)).content.decode()
    client.post(_link(second))
    mail.outbox.clear()
    # Once counted, the same address (in any case) adds nothing, and is told nothing
    # that would reveal it was used.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            _url(publication), _form(publication, email="RESIDENT@example.net", comment="Third")
        )
    assert again.status_code == 302
    assert PublicView.objects.count() == 1
    assert PublicView.objects.get().comment == "Second try"
    assert mail.outbox == []
    # Another address counts on its own.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(publication), _form(publication, email="neighbour@example.net"))
    assert PublicView.objects.count() == 2


def test_a_new_version_can_be_scored_again_by_the_same_address(
    on_register: OnRegister,
) -> None:
    first = public_view_counted(on_register.agreement, on_register.officer, email=EMAIL)
    agreement = on_register.agreement
    services.agreement_start_revision(agreement=agreement, actor=on_register.officer)
    section = agreement.sections.get(key="retention")
    services.section_save(
        section=section,
        body=section.body + " Reviewed.",
        base_revision=section.revision,
        actor=on_register.officer,
    )
    services.version_issue(agreement=agreement, actor=on_register.officer)
    services.agreement_request_signoff(agreement=agreement, actor=on_register.officer)
    sign_all(agreement)
    services.agreement_publish(agreement=agreement, actor=on_register.officer)
    second = public_view_counted(agreement, on_register.officer, email=EMAIL)
    assert first.version_id != second.version_id
    assert PublicView.objects.filter(email_hash=first.email_hash).count() == 2


def test_unconfirmed_views_and_their_addresses_go_after_seven_days(
    on_register: OnRegister,
) -> None:
    publication = _open(on_register)
    questions = publication.version.content["assessment"]["questions"]
    for email in ("old@example.net", "new@example.net"):
        services.public_view_submit(
            agreement=on_register.agreement,
            email=email,
            scores={q["code"]: 3 for q in questions},
            overall_position=3,
            comment="",
        )
    PublicView.objects.filter(email="old@example.net").update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    counted = public_view_counted(on_register.agreement, on_register.officer)
    assert services.public_views_purge() == 1
    assert set(PublicView.objects.values_list("email", flat=True)) == {"new@example.net", ""}
    assert PublicView.objects.filter(pk=counted.pk, email="").exists()
    # The job is in the beat schedule, hourly.
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-unconfirmed-public-views"]
    assert schedule["task"] == "agreements.tasks.purge_unconfirmed_public_views_task"
    assert purge_unconfirmed_public_views_task() == 0


def test_a_link_older_than_seven_days_does_not_work(on_register: OnRegister) -> None:
    publication = _open(on_register)
    services.public_view_submit(
        agreement=on_register.agreement,
        email=EMAIL,
        scores={},
        overall_position=3,
        comment="",
    )
    view = PublicView.objects.get()
    token = confirmation_token(view)
    assert services.view_from_token(token) is not None
    later = timezone.now() + timedelta(days=7, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert services.view_from_token(token) is None
    assert services.view_from_token(token[:-2] + "xx") is None
    assert services.view_from_token("") is None
    assert Client().get(f"/register/your-view/{token[:-2]}xx/").status_code == 200
    assert publication.comments_open


def test_the_honeypot_takes_nothing(
    on_register: OnRegister, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    publication = _open(on_register)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            _url(publication), _form(publication, website="http://spam.example")
        )
    assert response.status_code == 302
    assert not PublicView.objects.exists()
    assert mail.outbox == []


def test_too_many_from_one_network_are_refused(on_register: OnRegister) -> None:
    publication = _open(on_register)
    client = Client()
    statuses = [
        client.post(_url(publication), _form(publication, email=f"p{n}@example.net")).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    assert PublicView.objects.count() == 20


def test_too_many_to_one_address_are_refused(on_register: OnRegister) -> None:
    publication = _open(on_register)
    client = Client()
    statuses = [client.post(_url(publication), _form(publication)).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_views_are_taken_only_while_open(on_register: OnRegister) -> None:
    publication = Publication.objects.get(agreement=on_register.agreement)
    client = Client()
    closed = client.post(_url(publication), _form(publication))
    assert closed.status_code == 200
    assert "not open for the public's views" in closed.content.decode()
    assert not PublicView.objects.exists()
    with pytest.raises(services.AgreementError, match="not open"):
        services.public_view_submit(
            agreement=on_register.agreement,
            email=EMAIL,
            scores={},
            overall_position=3,
            comment="",
        )
    _open(on_register)
    services.public_comment_close(agreement=on_register.agreement, actor=on_register.officer)
    assert client.post(_url(publication), _form(publication)).status_code == 200
    assert not PublicView.objects.exists()
    verbs = list(
        Event.objects.filter(verb__startswith="agreement.public_comment").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == ["agreement.public_comment_closed", "agreement.public_comment_opened"]


def test_a_lapsed_or_withdrawn_agreement_cannot_be_opened_and_closes(
    on_register: OnRegister,
) -> None:
    _open(on_register)
    services.agreement_withdraw(
        agreement=on_register.agreement, actor=on_register.officer, reason="Scheme ended."
    )
    publication = Publication.objects.get(agreement=on_register.agreement)
    assert not publication.comments_open
    with pytest.raises(services.AgreementError):
        services.public_comment_open(agreement=on_register.agreement, actor=on_register.officer)


def test_bad_answers_are_shown_not_taken(on_register: OnRegister) -> None:
    publication = _open(on_register)
    client = Client()
    cases = [
        {"email": "not-an-address"},
        {"email": ""},
        {"overall_position": "9"},
        {"overall_position": ""},
        {"comment": "x" * 2001},
        {next(iter(_form(publication))): "7"},
    ]
    for overrides in cases:
        response = client.post(_url(publication), _form(publication, **overrides))
        assert response.status_code == 400, overrides
        assert "There is a problem" in response.content.decode()
    assert not PublicView.objects.exists()
    with pytest.raises(services.AgreementError, match="not asked"):
        services.public_view_submit(
            agreement=on_register.agreement,
            email=EMAIL,
            scores={"made-up": 3},
            overall_position=3,
            comment="",
        )


def test_an_officer_hides_an_abusive_comment_and_its_scores_still_count(
    on_register: OnRegister,
) -> None:
    view = public_view_counted(
        on_register.agreement,
        on_register.officer,
        comment="Everyone involved is a criminal idiot.",
        score=1,
    )
    client = Client()
    reference = on_register.agreement.reference
    assert "criminal idiot" in client.get(f"/register/agreements/{reference}/").content.decode()
    officer = Client()
    officer.force_login(on_register.officer)
    hide_url = f"/areas/leeds/agreements/public-views/{view.pk}/hide/"
    assert officer.post(hide_url, {"reason": ""}).status_code == 200
    response = officer.post(hide_url, {"reason": "Abusive, says nothing about the sharing."})
    assert response.status_code == 302
    view.refresh_from_db()
    assert view.hidden_at is not None
    assert view.hidden_by == on_register.officer
    page = client.get(f"/register/agreements/{reference}/").content.decode()
    assert "criminal idiot" not in page
    # The score still counts: members of the public, one person, scoring 1.
    assert "Members of the public: median 1 (range 1 to 1, 1 person)" in page
    event = Event.objects.get(verb="public_view.hidden")
    assert event.data["reason"] == "Abusive, says nothing about the sharing."
    assert event.actor_id == on_register.officer.pk
    # The officers' page shows it hidden, with the reason.
    side = officer.get(f"/areas/leeds/agreements/{reference}/public/").content.decode()
    assert "Hidden" in side
    assert "Abusive, says nothing" in side
    with pytest.raises(services.AgreementError, match="already hidden"):
        services.public_view_hide(view=view, actor=on_register.officer, reason="Again")


def test_only_the_areas_officers_hide_comments(on_register: OnRegister) -> None:
    view = public_view_counted(on_register.agreement, on_register.officer)
    reviewer = member_of(on_register.area, Role.REVIEWER)
    with pytest.raises(services.AgreementError):
        services.public_view_hide(view=view, actor=reviewer, reason="I disagree")
    elsewhere = AreaFactory(slug="elsewhere", name="Elsewhere")
    outsider = member_of(elsewhere, Role.OFFICER)
    with pytest.raises(services.AgreementError):
        services.public_view_hide(view=view, actor=outsider, reason="Not mine to hide")
    client = Client()
    client.force_login(outsider)
    assert (
        client.get(f"/areas/elsewhere/agreements/public-views/{view.pk}/hide/").status_code == 404
    )


def test_the_public_group_shows_beside_the_others_to_signatories(
    on_register: OnRegister,
) -> None:
    public_view_counted(on_register.agreement, on_register.officer, score=2)
    client = Client()
    client.force_login(on_register.officer)
    page = client.get(on_register.agreement.get_absolute_url()).content.decode()
    assert "Members of the public" in page


def test_another_published_agreement_is_separate(on_register: OnRegister) -> None:
    other = published(area=on_register.area, officer=on_register.officer, title="Another")
    public_view_counted(other, on_register.officer, comment="About the other one")
    page = Client().get(f"/register/agreements/{on_register.agreement.reference}/")
    assert "About the other one" not in page.content.decode()
