"""Each person's waiting work on the dashboard, with the same total in the navigation
on every page; and the dashboard is composed from each app's panels without any lower
app reaching up into a higher one."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partners import dashboard
from partners.models import User
from tests.dashboards import World, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def heading_count(page: str, heading: str) -> int:
    match = re.search(re.escape(heading) + r" \((\d+)\)", page)
    assert match, f"no heading {heading!r}"
    return int(match.group(1))


def nav_count(page: str) -> int:
    match = re.search(r'class="dsa-count" data-count="(\d+)"', page)
    return int(match.group(1)) if match else 0


def test_an_officer_sees_threads_suggestions_and_review_dates(world: World) -> None:
    page = signed_in(world.officer).get("/").content.decode()
    wanted = world.expected.officer
    assert heading_count(page, "Threads waiting for an answer") == wanted["threads"]
    assert heading_count(page, "Suggested wording waiting for a decision") == wanted["suggestions"]
    assert heading_count(page, "Review dates in the next 90 days") == wanted["review_soon"]
    assert nav_count(page) == sum(wanted.values())
    assert "In review: 1" in page
    assert "Awaiting sign-off: 1" in page
    assert "Signed: 1" in page
    assert "Who sees it?" not in page  # answered by an officer: not waiting
    assert "Why a year?" not in page  # the thread shows its first message
    assert "How long is it kept?" in page


def test_a_reviewer_sees_what_is_open_for_review_and_their_own_threads(world: World) -> None:
    page = signed_in(world.reviewer).get("/").content.decode()
    wanted = world.expected.reviewer
    assert heading_count(page, "Open for review") == wanted["open_for_review"]
    assert heading_count(page, "Your open threads") == wanted["threads"]
    assert nav_count(page) == sum(wanted.values())
    # Answered: the one where an officer had the last word (not the one asked again).
    assert page.count(">Answered</strong>") == 1
    assert "Housing arrears" not in page  # awaiting sign-off, not open for comment


def test_a_signatory_sees_the_sign_offs_waiting_for_them(world: World) -> None:
    page = signed_in(world.signatory).get("/").content.decode()
    assert heading_count(page, "Waiting for your sign-off") == world.expected.signatory["parties"]
    assert nav_count(page) == world.expected.signatory["parties"]
    assert "Housing arrears" in page


def test_an_area_admin_sees_proposals_and_invitations_not_yet_accepted(world: World) -> None:
    page = signed_in(world.admin).get("/").content.decode()
    wanted = world.expected.admin
    assert heading_count(page, "Gateway proposals to decide") == wanted["proposals"]
    assert heading_count(page, "Changes to gateways to decide") == wanted["changes"]
    assert heading_count(page, "Template revisions to decide") == wanted["revisions"]
    assert heading_count(page, "Invitations not yet accepted") == wanted["invitations"]
    assert heading_count(page, "E-mails and work not yet done") == wanted["undelivered"]
    assert nav_count(page) == sum(wanted.values())
    assert "Ben Hartley" in page


def test_the_navigation_count_is_on_every_page_and_follows_the_work(world: World) -> None:
    client = signed_in(world.officer)
    total = sum(world.expected.officer.values())
    for path in (
        "/",
        "/gateways/",
        "/areas/leeds/agreements/",
        world.in_review.get_absolute_url(),
    ):
        assert nav_count(client.get(path).content.decode()) == total, path
    thread = world.in_review.comments.filter(body="Why weekly?").get()
    from agreements import services

    services.reply_add(
        comment=thread, body="Because a drop is the warning sign.", actor=world.officer
    )
    assert nav_count(client.get("/gateways/").content.decode()) == total - 1


def test_counting_costs_the_same_however_much_is_waiting(world: World) -> None:
    def queries(user: User) -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard.waiting_count(user)
        return len(captured.captured_queries)

    before = queries(world.officer)
    build_more = world.in_review.versions.get()
    from agreements import services

    for n in range(15):
        services.comment_add(
            version=build_more,
            section_key=build_more.content["sections"][0]["key"],
            body=f"Question {n}",
            actor=world.reviewer,
        )
    assert queries(world.officer) == before


def test_someone_with_no_role_is_told_how_to_get_one() -> None:
    from tests.partners.factories import UserFactory

    page = signed_in(UserFactory()).get("/").content.decode()
    assert "You do not hold a role in any area yet" in page
    assert nav_count(page) == 0


def test_the_navigation_counts_only_what_the_dashboard_shows(world: World) -> None:
    """An officer's own comment is not waiting work for them (they have no reviewer's
    panel), so it counts neither on the dashboard nor in the navigation."""
    from agreements import services

    version = world.in_review.versions.get()
    services.comment_add(
        version=version,
        section_key=version.content["sections"][0]["key"],
        body="A note from the officer",
        actor=world.officer,
    )
    page = signed_in(world.officer).get("/").content.decode()
    assert "Your open threads" not in page
    total = re.search(r'id="waiting-total">(\d+) thing', page)
    assert total is not None
    assert nav_count(page) == int(total.group(1)) == sum(world.expected.officer.values())


def test_a_page_costs_few_queries_for_the_count(world: World) -> None:
    def queries(user: User) -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard.waiting_count(user)
        return len(captured.captured_queries)

    # An officer: their three lists, and whether they were invited to review anything.
    assert queries(world.officer) <= 4
    assert queries(world.signatory) <= 3
