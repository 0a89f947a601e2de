"""In real headless Chromium: an officer signs in and sees their area."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from partners.models import OrganisationKind, Role
from tests.partners.factories import PASSWORD, AreaFactory, OrganisationFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_signs_in_and_sees_their_area(live_server: Any, page: Page) -> None:
    essex = AreaFactory(name="Essex", slug="essex", lead_body="Essex County Council")
    OrganisationFactory(area=essex, name="Essex Police", kind=OrganisationKind.POLICE)
    OrganisationFactory(area=essex, name="Healthwatch Essex", kind=OrganisationKind.VOLUNTARY)
    AreaFactory(name="Leeds", slug="leeds")
    member_of(essex, Role.OFFICER, email="priya@example.org", full_name="Priya Shah")

    page.goto(f"{live_server.url}/areas/essex/")
    expect(page).to_have_url(f"{live_server.url}/account/sign-in/?next=/areas/essex/")

    page.get_by_label("E-mail address").fill("priya@example.org")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The e-mail address or password is not right"
    )
    # The error summary takes focus, as GOV.UK Frontend's script does.
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/areas/essex/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Essex")
    expect(page.get_by_text("Signed in as Priya Shah")).to_be_visible()
    expect(page.get_by_role("link", name="Essex Police")).to_be_visible()
    expect(page.get_by_role("link", name="Healthwatch Essex")).to_be_visible()

    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="Essex", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(navigation.get_by_role("link", name="Leeds")).to_have_count(0)

    page.goto(f"{live_server.url}/areas/leeds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
