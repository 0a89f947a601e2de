import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from agreements import services
from agreements.models import (
    AgreementStatus,
    Comment,
    CommentResolution,
    Section,
    SuggestionState,
    Version,
)
from agreements.selectors import unresolved_counts_by_section, unresolved_threads
from audit.models import Event
from notifications.services import digests_send_all
from partners.models import Area, NotificationMode, OrganisationKind, Role, User
from tests.agreements.factories import draft
from tests.partners.factories import AreaFactory, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

SET_PASSWORD_LINK = r"/account/password-reset/[\w-]+/[\w-]+/"
PURPOSE = "People leaving hospital have care in place on the day they go home, and nobody waits."


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(
        area=area, name="Sheffield City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    OrganisationFactory(area=area, name="Healthwatch Sheffield", kind=OrganisationKind.VOLUNTARY)
    return area


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Ben Hartley", email="ben@example.org")


@pytest.fixture
def reviewer(area: Area) -> User:
    return member_of(area, Role.REVIEWER, full_name="Nadia Hussain", email="nadia@example.org")


def in_review(area: Area, officer: User, text: str = PURPOSE) -> Version:
    agreement = draft(area=area, officer=officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    services.section_save(section=purpose, body=text, base_revision=purpose.revision, actor=officer)
    return services.version_issue(agreement=agreement, actor=officer)


def edit_and_issue(version: Version, officer: User, text: str) -> Version:
    purpose = Section.objects.get(agreement=version.agreement, key="purpose")
    services.section_save(section=purpose, body=text, base_revision=purpose.revision, actor=officer)
    return services.version_issue(agreement=version.agreement, actor=officer)


def test_a_comment_is_anchored_to_the_quoted_words(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version,
        section_key="purpose",
        quote="care in  place",
        body="Which care?",
        actor=reviewer,
    )
    assert comment.quote == "care in place"
    assert PURPOSE[comment.start : comment.end] == "care in place"
    assert comment.prefix.endswith("hospital have ")
    assert comment.suffix.startswith(" on the day")
    assert comment.author_group == "advocacy"
    event = Event.objects.get(verb="comment.added")
    assert event.data["quote"] == "care in place"


def test_the_right_occurrence_is_found_from_the_words_around_it(
    area: Area, officer: User, reviewer: User
) -> None:
    text = "Share the data weekly. Delete the data monthly."
    version = in_review(area, officer, text)
    second = services.comment_add(
        version=version,
        section_key="purpose",
        quote="the data",
        prefix="Delete ",
        suffix=" monthly",
        body="This one",
        actor=reviewer,
    )
    assert second.start == text.index("the data", 10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "   "}, "Write your comment"),
        ({"body": "x" * 10_001}, "at most 10,000"),
        ({"quote": "words that are not there"}, "not in this section"),
        ({"section_key": "no-such-section"}, "not in this version"),
        ({"replacement": "Better words"}, "Quote the words"),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_saved(
    area: Area, officer: User, reviewer: User, kwargs: dict[str, Any], message: str
) -> None:
    version = in_review(area, officer)
    values = {
        "version": version,
        "section_key": "purpose",
        "body": "A comment",
        "actor": reviewer,
        **kwargs,
    }
    with pytest.raises(services.AgreementError, match=message):
        services.comment_add(**values)
    assert not Comment.objects.exists()
    assert not Event.objects.filter(verb="comment.added").exists()


def test_only_the_latest_version_in_review_is_open_for_comment(
    area: Area, officer: User, reviewer: User
) -> None:
    first = in_review(area, officer)
    edit_and_issue(first, officer, PURPOSE + " More.")
    with pytest.raises(services.AgreementError, match="closed"):
        services.comment_add(version=first, section_key="purpose", body="Late", actor=reviewer)
    services.agreement_withdraw(agreement=first.agreement, actor=officer, reason="Stopped")
    latest = first.agreement.versions.order_by("-number").first()
    with pytest.raises(services.AgreementError, match="closed"):
        services.comment_add(version=latest, section_key="purpose", body="Too late", actor=reviewer)


def test_a_reviewer_of_another_area_cannot_comment(area: Area, officer: User) -> None:
    version = in_review(area, officer)
    leeds = AreaFactory(slug="leeds")
    OrganisationFactory(area=leeds, kind=OrganisationKind.ADVOCACY)
    outsider = member_of(leeds, Role.REVIEWER)
    with pytest.raises(services.AgreementError, match="cannot comment"):
        services.comment_add(version=version, section_key="purpose", body="Hi", actor=outsider)
    client = Client()
    client.force_login(outsider)
    url = f"{version.agreement.get_absolute_url()}versions/1/comments/"
    assert client.post(url, {"section_key": "purpose", "body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_threads_are_replied_to_resolved_and_reopened(
    area: Area, officer: User, reviewer: User
) -> None:
    first = in_review(area, officer)
    comment = services.comment_add(
        version=first, section_key="purpose", body="Too vague", actor=reviewer
    )
    services.reply_add(comment=comment, body="We will add detail", actor=officer)
    with pytest.raises(services.AgreementError, match="Only the area's officers"):
        services.comment_resolve(comment=comment, resolution="accepted", note="", actor=reviewer)
    with pytest.raises(services.AgreementError, match="Say which version"):
        services.comment_resolve(
            comment=comment, resolution=CommentResolution.CHANGED, note="", actor=officer
        )
    with pytest.raises(services.AgreementError, match="no version 1 after"):
        services.comment_resolve(
            comment=comment,
            resolution=CommentResolution.CHANGED,
            note="",
            changed_in_version=1,
            actor=officer,
        )
    with pytest.raises(services.AgreementError, match="Say why"):
        services.comment_resolve(
            comment=comment, resolution=CommentResolution.NOT_ACCEPTED, note=" ", actor=officer
        )
    edit_and_issue(first, officer, PURPOSE + " With detail.")
    resolved = services.comment_resolve(
        comment=comment,
        resolution=CommentResolution.CHANGED,
        note="Detail added",
        changed_in_version=2,
        actor=officer,
    )
    assert resolved.resolved_by == officer
    assert resolved.resolved_at is not None
    with pytest.raises(services.AgreementError, match="Reopen it to reply"):
        services.reply_add(comment=comment, body="Not enough", actor=reviewer)
    services.comment_reopen(comment=comment, actor=reviewer)
    comment.refresh_from_db()
    assert comment.is_open
    verbs = list(
        Event.objects.filter(verb__startswith="comment.")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == ["comment.added", "comment.replied", "comment.resolved", "comment.reopened"]
    reopened = Event.objects.get(verb="comment.reopened")
    assert reopened.data["was"]["resolution"] == "changed"
    assert reopened.data["was"]["version"] == 2
    assert reopened.data["was"]["note"] == "Detail added"
    assert reopened.data["was"]["by"] == "Ben Hartley"
    history = comment.replies.order_by("pk").last()
    assert history.author == reviewer
    assert "resolved as changed in a later version (version 2) by Ben Hartley" in history.body
    assert history.body.endswith(": Detail added")


def test_accepted_wording_is_applied_to_the_draft_and_credited(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version,
        section_key="purpose",
        quote="nobody waits",
        replacement="nobody waits longer than a day",
        body="Be specific",
        actor=reviewer,
    )
    services.suggestion_accept(suggestion=comment.suggestion, actor=officer)
    body = Section.objects.get(agreement=version.agreement, key="purpose").body
    assert body.endswith("nobody waits longer than a day.")
    comment.refresh_from_db()
    assert comment.resolution == CommentResolution.ACCEPTED
    assert comment.suggestion.state == SuggestionState.ACCEPTED
    accepted = Event.objects.get(verb="suggestion.accepted")
    assert accepted.data["suggested_by"] == "Nadia Hussain"
    assert accepted.actor_name == "Ben Hartley"
    # The frozen version is untouched; the change waits for the next version.
    assert "longer than a day" not in Version.objects.get(pk=version.pk).canonical


def test_a_suggestion_whose_words_have_gone_is_not_applied_blindly(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version,
        section_key="purpose",
        quote="nobody waits",
        replacement="no delay",
        body="x",
        actor=reviewer,
    )
    purpose = Section.objects.get(agreement=version.agreement, key="purpose")
    services.section_save(
        section=purpose, body="Entirely new text.", base_revision=purpose.revision, actor=officer
    )
    with pytest.raises(services.AgreementError, match="Edit the section by hand"):
        services.suggestion_accept(suggestion=comment.suggestion, actor=officer)
    assert Section.objects.get(pk=purpose.pk).body == "Entirely new text."
    with pytest.raises(services.AgreementError, match="Say why"):
        services.suggestion_reject(suggestion=comment.suggestion, actor=officer, reason="")
    services.suggestion_reject(
        suggestion=comment.suggestion, actor=officer, reason="Rewritten instead"
    )
    comment.refresh_from_db()
    assert comment.suggestion.state == SuggestionState.REJECTED
    assert comment.resolution == CommentResolution.NOT_ACCEPTED


def test_a_new_version_re_anchors_comments_or_marks_them_outdated(
    area: Area, officer: User, reviewer: User
) -> None:
    first = in_review(area, officer)
    kept = services.comment_add(
        version=first, section_key="purpose", quote="nobody waits", body="Keep", actor=reviewer
    )
    gone = services.comment_add(
        version=first,
        section_key="purpose",
        quote="on the day they go home",
        body="Gone",
        actor=reviewer,
    )
    whole = services.comment_add(
        version=first, section_key="retention", body="Section", actor=reviewer
    )
    second = edit_and_issue(
        first, officer, "Before anything else: " + PURPOSE.replace(" on the day they go home", "")
    )
    kept.refresh_from_db()
    gone.refresh_from_db()
    whole.refresh_from_db()
    assert kept.anchor_version == second
    assert kept.start == len("Before anything else: ") + PURPOSE.index("nobody waits") - len(
        " on the day they go home"
    )
    assert not kept.outdated
    assert gone.outdated
    assert gone.anchor_version == first
    assert whole.anchor_version == second
    # The outdated thread is still unanswered, so it counts against the new version too.
    assert set(unresolved_threads(version=second)) == {kept, whole, gone}
    assert set(unresolved_threads(version=first)) == {gone}
    assert unresolved_counts_by_section(agreement=first.agreement) == {"purpose": 2, "retention": 1}
    event = Event.objects.get(verb="comments.reanchored")
    assert event.data == {"version": 2, "moved": 2, "outdated": 1}


def test_pages_show_threads_and_escape_what_people_wrote(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    services.comment_add(
        version=version,
        section_key="purpose",
        quote="nobody waits",
        body="<script>alert(1)</script> & <b>bold</b>",
        actor=reviewer,
    )
    client = Client()
    client.force_login(reviewer)
    page = client.get(f"{version.agreement.get_absolute_url()}versions/1/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert 'data-quote="nobody waits"' in page
    client.force_login(officer)
    agreement_page = client.get(version.agreement.get_absolute_url()).content.decode()
    assert "1 unresolved comment" in agreement_page


def test_a_bad_comment_form_keeps_what_was_typed(area: Area, officer: User, reviewer: User) -> None:
    version = in_review(area, officer)
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        f"{version.agreement.get_absolute_url()}versions/1/comments/",
        {"section_key": "purpose", "quote": "not in the text", "body": "My careful comment"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "not in this section" in page
    assert "My careful comment" in page
    assert "not in the text" in page
    assert not Comment.objects.exists()
    # The error summary's link leads to the field in that section's form, whose label
    # names it.
    assert 'href="#id_purpose_quote"' in page
    assert 'id="id_purpose_quote"' in page
    assert 'for="id_purpose_quote"' in page


def test_an_invited_reviewer_sees_versions_of_that_agreement_only(
    area: Area, officer: User
) -> None:
    version = in_review(area, officer)
    other = draft(area=area, officer=officer, title="Another")
    services.version_issue(agreement=other, actor=officer)
    services.invitation_add(
        agreement=version.agreement,
        email="guest@example.org",
        full_name="Guest Expert",
        actor=officer,
    )
    guest = User.objects.get(email="guest@example.org")
    client = Client()
    client.force_login(guest)
    assert client.get(f"{version.agreement.get_absolute_url()}versions/1/").status_code == 200
    assert client.get(version.agreement.get_absolute_url()).status_code == 200  # the latest version
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get("/areas/sheffield/").status_code == 404
    assert client.get(f"{version.agreement.get_absolute_url()}sections/purpose/").status_code == 404
    response = client.post(
        f"{version.agreement.get_absolute_url()}versions/1/comments/",
        {"section_key": "purpose", "body": "As an expert"},
    )
    assert response.status_code == 302
    assert Comment.objects.get().author_group == "invited"


def _mail_to(user: User) -> list[Any]:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_right_people_are_told_and_nobody_who_opted_out(
    area: Area, officer: User, reviewer: User, django_capture_on_commit_callbacks: Any
) -> None:
    quiet_reviewer = member_of(area, Role.REVIEWER, email="quiet@example.org")
    quiet_reviewer.notification_mode = NotificationMode.NONE
    quiet_reviewer.save()
    colleague = member_of(area, Role.OFFICER, email="elaine@example.org")
    leeds = AreaFactory(slug="leeds")
    OrganisationFactory(area=leeds, kind=OrganisationKind.ADVOCACY)
    elsewhere = member_of(leeds, Role.REVIEWER, email="elsewhere@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        version = in_review(area, officer)
    assert [m.subject for m in _mail_to(reviewer)] == [
        f"{version.agreement.reference}: version 1 is open for review"
    ]
    assert _mail_to(quiet_reviewer) == []
    assert _mail_to(elsewhere) == []
    assert _mail_to(officer) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(
            version=version,
            section_key="purpose",
            quote="nobody waits",
            replacement="no waits",
            body="Wording",
            actor=reviewer,
        )
    assert len(_mail_to(officer)) == 1
    assert len(_mail_to(colleague)) == 1
    assert "suggested new wording" in _mail_to(officer)[0].subject
    assert _mail_to(reviewer) == []  # not told of their own comment
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_reject(
            suggestion=comment.suggestion, reason="Too blunt for a legal text", actor=officer
        )
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "was resolved" in mail.outbox[0].subject
    assert "Too blunt for a legal text" in mail.outbox[0].body


def test_a_daily_digest_gathers_notifications_into_one_e_mail(
    area: Area, officer: User, reviewer: User, django_capture_on_commit_callbacks: Any
) -> None:
    officer.notification_mode = NotificationMode.DIGEST
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        version = in_review(area, officer)
        for n in range(3):
            services.comment_add(
                version=version, section_key="purpose", body=f"Comment {n}", actor=reviewer
            )
    assert _mail_to(officer) == []
    assert digests_send_all() == 1
    digest = _mail_to(officer)
    assert len(digest) == 1
    assert digest[0].subject == "Your daily summary: 3 updates"
    assert all(f"Comment {n}" in digest[0].body for n in range(3))
    assert digests_send_all() == 0  # nothing sent twice


def test_an_officer_invites_a_reviewer_by_e_mail(
    area: Area, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    version = in_review(area, officer)
    client = Client()
    client.force_login(officer)
    url = f"{version.agreement.get_absolute_url()}reviewers/"
    response = client.post(url, {"email": "new@example.org", "full_name": ""})
    assert "Enter the person" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "email": "new@example.org",
                "full_name": "New Expert",
                "note": "Your view on discharge",
            },
        )
    # One e-mail: the invitation, with the note and a link to set a password.
    invited = [m for m in mail.outbox if m.to == ["new@example.org"]]
    assert len(invited) == 1
    body = invited[0].body
    assert invited[0].subject.startswith(f"You are invited to review {version.agreement.reference}")
    assert "Your view on discharge" in body
    assert re.search(SET_PASSWORD_LINK, body)
    assert f"{settings.SITE_URL.rstrip('/')}{version.agreement.get_absolute_url()}" in body
    again = client.post(url, {"email": "NEW@example.org", "full_name": ""})
    assert "already invited" in again.content.decode()
    member = member_of(area, Role.SIGNATORY, email="member@example.org")
    clash = client.post(url, {"email": member.email})
    assert "already has a role in the area" in clash.content.decode()
    assert Event.objects.filter(verb="reviewer.invited").count() == 1


def test_notification_settings_are_saved_and_recorded(officer: User) -> None:
    client = Client()
    client.force_login(officer)
    assert client.post("/account/notifications/", {"notification_mode": "bogus"}).status_code == 200
    client.post("/account/notifications/", {"notification_mode": "digest"})
    officer.refresh_from_db()
    assert officer.notification_mode == NotificationMode.DIGEST
    assert Event.objects.filter(verb="user.notifications_changed").exists()


def test_signed_agreements_are_not_open_for_comment(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    assert services.version_is_open_for_comment(version)
    version.agreement.status = AgreementStatus.SIGNED
    assert not services.version_is_open_for_comment(version)


def test_a_suggestion_is_not_applied_where_a_placeholder_shows_the_same_words(
    area: Area, officer: User, reviewer: User
) -> None:
    # Readers see "Sheffield" twice: once typed, once filled in from {{area}}.
    version = in_review(area, officer, "Sheffield residents, served by {{area}} services.")
    comment = services.comment_add(
        version=version,
        section_key="purpose",
        quote="Sheffield",
        prefix="served by ",
        replacement="South Yorkshire",
        body="Wider",
        actor=reviewer,
    )
    with pytest.raises(services.AgreementError, match="Edit the section by hand"):
        services.suggestion_accept(suggestion=comment.suggestion, actor=officer)
    body = Section.objects.get(agreement=version.agreement, key="purpose").body
    assert body == "Sheffield residents, served by {{area}} services."
    comment.refresh_from_db()
    assert comment.suggestion.state == SuggestionState.OPEN


def test_resolving_a_thread_decides_its_waiting_wording_too(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    applied_by_hand = services.comment_add(
        version=version,
        section_key="purpose",
        quote="nobody waits",
        replacement="no waits",
        body="Shorter",
        actor=reviewer,
    )
    turned_down = services.comment_add(
        version=version,
        section_key="purpose",
        quote="care in place",
        replacement="care",
        body="Shorter still",
        actor=reviewer,
    )
    services.comment_resolve(
        comment=applied_by_hand,
        resolution=CommentResolution.ACCEPTED,
        note="Worked into a rewrite",
        actor=officer,
    )
    with pytest.raises(services.AgreementError, match="Say why"):
        services.comment_resolve(
            comment=turned_down, resolution=CommentResolution.NOT_ACCEPTED, note="", actor=officer
        )
    services.comment_resolve(
        comment=turned_down,
        resolution=CommentResolution.NOT_ACCEPTED,
        note="Care is the point",
        actor=officer,
    )
    applied_by_hand.refresh_from_db()
    turned_down.refresh_from_db()
    assert applied_by_hand.suggestion.state == SuggestionState.ACCEPTED
    assert applied_by_hand.suggestion.decided_by == officer
    assert turned_down.suggestion.state == SuggestionState.REJECTED
    assert turned_down.suggestion.reason == "Care is the point"
    # Nothing was applied automatically: the officer changes the draft themselves.
    assert Section.objects.get(agreement=version.agreement, key="purpose").body == PURPOSE
    events = Event.objects.filter(verb="comment.resolved").order_by("seq")
    assert [e.data["suggestion"] for e in events] == ["accepted", "rejected"]


def test_an_outdated_thread_moves_again_when_its_words_come_back(
    area: Area, officer: User, reviewer: User
) -> None:
    first = in_review(area, officer)
    comment = services.comment_add(
        version=first, section_key="purpose", quote="nobody waits", body="Keep", actor=reviewer
    )
    edit_and_issue(first, officer, "Care is in place.")
    comment.refresh_from_db()
    assert comment.outdated
    third = edit_and_issue(first, officer, "Care is in place, and nobody waits.")
    comment.refresh_from_db()
    assert not comment.outdated
    assert comment.anchor_version == third
    assert "Care is in place, and nobody waits."[comment.start : comment.end] == "nobody waits"


def test_threads_are_not_reopened_or_replied_to_once_signed(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version, section_key="purpose", body="Fine", actor=reviewer
    )
    other_reviewer = member_of(area, Role.REVIEWER, email="other@example.org")
    services.comment_resolve(
        comment=comment, resolution=CommentResolution.ACCEPTED, note="", actor=officer
    )
    with pytest.raises(services.AgreementError, match="Only the person who commented"):
        services.comment_reopen(comment=comment, actor=other_reviewer)
    agreement = version.agreement
    agreement.status = AgreementStatus.SIGNED
    agreement.save(update_fields=["status"])
    with pytest.raises(services.AgreementError, match="Review of this agreement has closed"):
        services.comment_reopen(comment=comment, actor=reviewer)
    with pytest.raises(services.AgreementError, match="Review of this agreement has closed"):
        services.reply_add(comment=comment, body="Late", actor=reviewer)
    comment.refresh_from_db()
    assert not comment.is_open
    assert not comment.replies.exists()
    assert not Event.objects.filter(verb="comment.reopened").exists()


def test_resolving_with_a_version_number_too_big_to_exist_is_a_form_error(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version, section_key="purpose", body="Vague", actor=reviewer
    )
    client = Client()
    client.force_login(officer)
    url = f"{version.agreement.get_absolute_url()}comments/{comment.pk}/resolve/"
    response = client.post(
        url, {"resolution": "changed", "changed_in_version": "9" * 30, "note": "Kept this"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no version that high" in page
    assert "Kept this" in page
    comment.refresh_from_db()
    assert comment.is_open


def test_an_invitation_reaches_someone_who_chose_no_notifications(
    area: Area, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    version = in_review(area, officer)
    expert = UserFactory(email="expert@example.org", full_name="Priya Shah")
    expert.notification_mode = NotificationMode.NONE
    expert.save(update_fields=["notification_mode"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_add(
            agreement=version.agreement, email="Expert@example.org", full_name="", actor=officer
        )
    [invitation] = mail.outbox
    assert invitation.to == ["expert@example.org"]
    assert not re.search(SET_PASSWORD_LINK, invitation.body)  # they have a password
    assert "Sign in with this e-mail address" in invitation.body


def test_an_invited_reviewer_finds_the_agreement_on_their_dashboard(
    area: Area, officer: User
) -> None:
    version = in_review(area, officer)
    unpublished = draft(area=area, officer=officer, title="Not yet out")
    expert = UserFactory(email="expert@example.org")
    for agreement in (version.agreement, unpublished):
        services.invitation_add(
            agreement=agreement, email=expert.email, full_name="", actor=officer
        )
    client = Client()
    client.force_login(expert)
    page = client.get("/").content.decode()
    assert "Agreements you are invited to review" in page
    assert f'href="{version.agreement.get_absolute_url()}"' in page
    assert "No version issued for review yet" in page
    assert f'href="{unpublished.get_absolute_url()}"' not in page
    assert "You do not hold a role in any area yet" not in page
    assert client.get(version.agreement.get_absolute_url()).status_code == 200


def test_a_closed_account_is_not_invited(area: Area, officer: User) -> None:
    version = in_review(area, officer)
    closed = UserFactory(email="closed@example.org")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    with pytest.raises(services.AgreementError, match="account has been closed"):
        services.invitation_add(
            agreement=version.agreement, email=closed.email, full_name="", actor=officer
        )
    assert not version.agreement.invitations.exists()


def test_a_suggestion_never_rewrites_a_placeholders_name(
    area: Area, officer: User, reviewer: User
) -> None:
    agreement = draft(area=area, officer=officer, title="Discharge agreement")
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    text = "The {{agreement_title}} sets out who shares what."
    services.section_save(section=purpose, body=text, base_revision=purpose.revision, actor=officer)
    version = services.version_issue(agreement=agreement, actor=officer)
    # Readers see "agreement" once, from the filled-in title; the source has it once too,
    # but only inside the placeholder's name.
    comment = services.comment_add(
        version=version,
        section_key="purpose",
        quote="agreement",
        replacement="Protocol",
        body="Call it what it is",
        actor=reviewer,
    )
    with pytest.raises(services.AgreementError, match="Edit the section by hand"):
        services.suggestion_accept(suggestion=comment.suggestion, actor=officer)
    assert Section.objects.get(pk=purpose.pk).body == text


def test_an_invitation_before_any_version_says_so_and_helps_set_a_password(
    area: Area, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = draft(area=area, officer=officer, title="Line one\r\nLine two")
    expert = UserFactory(email="expert@example.org")
    expert.set_unusable_password()  # an account whose first set-password link lapsed
    expert.save(update_fields=["password"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_add(
            agreement=agreement, email=expert.email, full_name="", actor=officer
        )
    [invitation] = mail.outbox
    assert (
        invitation.subject == f"You are invited to review {agreement.reference}: Line one Line two"
    )
    assert "No version has been issued for review yet" in invitation.body
    assert re.search(SET_PASSWORD_LINK, invitation.body)


def test_a_thread_offers_only_what_the_reader_may_do(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version, section_key="purpose", body="Vague", actor=reviewer
    )
    services.comment_resolve(
        comment=comment, resolution=CommentResolution.ACCEPTED, note="", actor=officer
    )
    url = f"{version.agreement.get_absolute_url()}versions/1/"
    other = member_of(area, Role.REVIEWER, email="other@example.org")

    def page(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.get(url).content.decode()

    assert "Reopen this thread" in page(reviewer)  # their own comment
    assert "Reopen this thread" in page(officer)
    assert "Reopen this thread" not in page(other)
    services.comment_reopen(comment=comment, actor=reviewer)
    assert "Send reply" in page(other)
    agreement = version.agreement
    agreement.status = AgreementStatus.SIGNED
    agreement.save(update_fields=["status"])
    assert "Send reply" not in page(reviewer)
    assert "Reopen this thread" not in page(reviewer)


def test_a_reply_that_cannot_be_added_keeps_what_was_written(
    area: Area, officer: User, reviewer: User
) -> None:
    version = in_review(area, officer)
    comment = services.comment_add(
        version=version, section_key="purpose", body="Who decides?", actor=reviewer
    )
    url = f"{version.agreement.get_absolute_url()}comments/{comment.pk}/reply/"
    client = Client()
    client.force_login(reviewer)

    too_long = "My considered reply. " * 500
    response = client.post(url, {"body": too_long})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A reply can be at most 10,000 characters" in page
    assert too_long.strip() in page
    # The page's form has the token, and the form's layout adds no form inside it.
    form = page[page.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    assert "csrfmiddlewaretoken" in form
    assert "<form" not in form[1:]

    # Resolved meanwhile: the reply is refused with the reason, and nothing is lost.
    services.comment_resolve(
        comment=comment, resolution=CommentResolution.ACCEPTED, note="", actor=officer
    )
    response = client.post(url, {"body": "But what about weekends?"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Reopen it to reply" in page
    assert "But what about weekends?" in page
    assert not comment.replies.exists()

    services.comment_reopen(comment=comment, actor=reviewer)
    response = client.post(url, {"body": "But what about weekends?"})
    assert response.status_code == 302
    assert comment.replies.order_by("created_at", "pk").last().body == "But what about weekends?"  # type: ignore[union-attr]
