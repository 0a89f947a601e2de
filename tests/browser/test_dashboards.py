"""Each role signs in, in real Chromium, and finds its waiting work on the dashboard with
counts that match the data, and the same total beside "Dashboard" in the navigation."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.dashboards import World, build
from tests.partners.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world() -> World:
    return build()


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def expect_counts(page: Page, headings: dict[str, int]) -> None:
    for heading, count in headings.items():
        expect(page.get_by_role("heading", name=f"{heading} ({count})", exact=True)).to_be_visible()
    total = sum(headings.values())
    expect(page.locator("#waiting-total")).to_have_text(
        f"{total} thing{'s' if total != 1 else ''} waiting for you, listed below."
    )
    badge = page.locator(".govuk-service-navigation .dsa-count")
    expect(badge).to_have_attribute("data-count", str(total))
    expect(badge).to_contain_text(f"{total} waiting for you")


def test_an_officer_finds_threads_suggestions_and_review_dates(
    live_server: Any, page: Page, world: World
) -> None:
    sign_in(page, live_server.url, world.officer.email)
    wanted = world.expected.officer
    expect_counts(
        page,
        {
            "Threads waiting for an answer": wanted["threads"],
            "Suggested wording waiting for a decision": wanted["suggestions"],
            "Review dates in the next 90 days": wanted["review_soon"],
        },
    )
    threads = page.locator("#threads-waiting + ul li")
    expect(threads).to_have_count(wanted["threads"])
    expect(page.get_by_role("link", name="Awaiting sign-off: 1")).to_be_visible()
    # The thread link opens the comment on the version, where it is answered.
    threads.first.get_by_role("link").click()
    expect(page.locator("article.dsa-thread:target")).to_contain_text("Why weekly?")


def test_a_reviewer_finds_what_is_open_and_their_threads(
    live_server: Any, page: Page, world: World
) -> None:
    sign_in(page, live_server.url, world.reviewer.email)
    wanted = world.expected.reviewer
    expect_counts(
        page,
        {"Open for review": wanted["open_for_review"], "Your open threads": wanted["threads"]},
    )
    expect(page.locator("#your-threads + ul .govuk-tag")).to_have_text(["Answered"])
    page.get_by_role("link", name=f"{world.in_review.reference}: School attendance").click()
    expect(page.get_by_text("This version is open for comments.")).to_be_visible()


def test_a_signatory_finds_the_sign_off_waiting_for_them(
    live_server: Any, page: Page, world: World
) -> None:
    sign_in(page, live_server.url, world.signatory.email)
    expect_counts(page, {"Waiting for your sign-off": world.expected.signatory["parties"]})
    page.get_by_role("link", name=f"{world.awaiting.reference}: Housing arrears").click()
    expect(page.get_by_role("button", name="Record my decision")).to_be_visible()


def test_an_area_admin_finds_proposals_and_invitations(
    live_server: Any, page: Page, world: World
) -> None:
    sign_in(page, live_server.url, world.admin.email)
    wanted = world.expected.admin
    expect_counts(
        page,
        {
            "Gateway proposals to decide": wanted["proposals"],
            "Changes to gateways to decide": wanted["changes"],
            "Template revisions to decide": wanted["revisions"],
            "Invitations not yet accepted": wanted["invitations"],
            "E-mails and work not yet done": wanted["undelivered"],
        },
    )
    expect(page.locator("#member-invitations")).to_contain_text("Ben Hartley")
    page.get_by_role("link", name="Children Act 1989, s.17").click()
    expect(page.get_by_role("heading", name="Children Act 1989, s.17")).to_be_visible()
