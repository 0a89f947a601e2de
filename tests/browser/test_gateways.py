"""In real headless Chromium: one area admin proposes a gateway, another approves it,
and it appears on the public register."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from partners.models import Role
from tests.partners.factories import PASSWORD, AreaFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def test_proposing_and_approving_a_gateway(live_server: Any, page: Page) -> None:
    base = live_server.url
    member_of(
        AreaFactory(name="Essex", slug="essex"),
        Role.AREA_ADMIN,
        email="daniel@example.org",
        full_name="Daniel Okafor",
    )
    member_of(
        AreaFactory(name="Leeds", slug="leeds"),
        Role.AREA_ADMIN,
        email="tom@example.org",
        full_name="Tom Brennan",
    )

    sign_in(page, base, "daniel@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Legal gateways").click()
    page.get_by_role("link", name="Propose a gateway").click()

    # A mistake first: the error is shown and what was typed stays.
    page.get_by_label("Act or regulations").fill("Mental Health Act")
    page.get_by_role("group", name="The provision").get_by_label("Year").fill("1983")
    page.get_by_label("Provision").fill("section one-seventeen")
    page.get_by_label("Address on legislation.gov.uk").fill(
        "https://www.legislation.gov.uk/ukpga/1983/20/section/117"
    )
    page.get_by_label("Duty to co-operate, have regard or act: not a duty to share").check()
    page.get_by_label("England").check()
    page.get_by_label("Plain-English summary").fill(
        "NHS and social care must plan after-care together."
    )
    page.get_by_label("Health and care").check()
    page.get_by_label("Why should it be in the register?").fill(
        "Our discharge agreement relies on it."
    )
    page.get_by_role("button", name="Propose gateway").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the provision in a recognised form"
    )
    expect(page.get_by_label("Act or regulations")).to_have_value("Mental Health Act")

    page.get_by_label("Provision").fill("s.117")
    page.get_by_role("button", name="Propose gateway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mental Health Act 1983, s.117")
    expect(
        page.get_by_text("not in the register until another area admin approves it")
    ).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "tom@example.org")
    page.goto(f"{base}/gateways/proposals/")
    page.get_by_role("link", name="Decide on Mental Health Act 1983, s.117").click()
    page.get_by_label("Approve: put it in the register").check()
    page.get_by_label("Note, or the reason for turning it down").fill("Checked the section.")
    page.get_by_role("button", name="Record decision").click()
    expect(
        page.get_by_text("Mental Health Act 1983, s.117 is now in the register.")
    ).to_be_visible()

    # On the public register, without signing in.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/register/gateways/?q=117")
    page.get_by_role("link", name="Mental Health Act 1983, s.117").click()
    expect(
        page.get_by_text("NHS and social care must plan after-care together.").first
    ).to_be_visible()
