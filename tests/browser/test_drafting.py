"""In real headless Chromium: an officer drafts an agreement from a template, issues
version 1, edits a section, issues version 2 and sees the differences."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from partners.models import OrganisationKind, Role
from tests.agreements.factories import load_templates
from tests.partners.factories import PASSWORD, AreaFactory, OrganisationFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drafting_versions_and_seeing_the_differences(live_server: Any, page: Page) -> None:
    base = live_server.url
    load_templates()
    area = AreaFactory(name="Sheffield", slug="sheffield")
    OrganisationFactory(
        area=area, name="Sheffield City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    member_of(area, Role.OFFICER, email="ben@example.org", full_name="Ben Hartley")

    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill("ben@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Sheffield agreements"
    ).click()
    page.get_by_role("link", name="Start a new agreement").click()
    page.get_by_label("Information sharing protocol").check()
    page.get_by_label("Title").fill("Safe discharge from hospital")
    page.get_by_label("Lead organisation").select_option(label="Sheffield City Council")
    page.get_by_role("button", name="Start drafting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe discharge from hospital")
    expect(page.get_by_role("heading", name="1. Purpose and benefits")).to_be_visible()

    # Edit the purpose, preview it, save it.
    page.get_by_role("link", name="Edit Purpose and benefits").click()
    expect(page.get_by_text("Say what the sharing is for and what good it does")).to_be_visible()
    text = page.get_by_label("Text")
    text.fill("People leaving hospital in {{area}} have care in place on the day they go home.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview")).to_contain_text("People leaving hospital in Sheffield")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved \u201cPurpose and benefits\u201d.")).to_be_visible()

    page.get_by_role("button", name="Issue version 1 for review").click()
    expect(
        page.locator(".govuk-notification-banner").get_by_text("Issued version 1 for review")
    ).to_be_visible()

    page.get_by_role("link", name="Edit Purpose and benefits").click()
    page.get_by_label("Text").fill(
        "People leaving hospital in {{area}} have care and equipment in place on the day they go home."
    )
    page.get_by_role("button", name="Save section").click()
    page.get_by_label("What changed in this version (optional)").fill(
        "Equipment added after review."
    )
    page.get_by_role("button", name="Issue version 2 for review").click()
    expect(
        page.locator(".govuk-notification-banner").get_by_text("Issued version 2 for review")
    ).to_be_visible()

    page.get_by_role("link", name="Compare versions").click()
    expect(page.get_by_role("heading", name="Version 1 compared with version 2")).to_be_visible()
    purpose = page.locator("#compare-purpose")
    expect(purpose.get_by_text("Changed", exact=True)).to_be_visible()
    expect(purpose.locator("ins")).to_contain_text("and equipment")
    expect(page.get_by_text("1 section changed.")).to_be_visible()
