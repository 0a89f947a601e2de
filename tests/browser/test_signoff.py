"""In real headless Chromium: an officer completes the trade-off assessment and issues a
version; a reviewer records their own view of it; both signatories sign with their
passwords; the agreement shows as signed and its audit trail shows each sign-off with
the version's and the assessment's fingerprints."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from agreements.models import AssessmentQuestion, Version
from partners.models import OrganisationKind, Role
from tests.agreements.factories import complete, draft, signatory_for
from tests.partners.factories import PASSWORD, AreaFactory, OrganisationFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def test_from_assessment_to_signed(live_server: Any, page: Page) -> None:
    base = live_server.url
    area = AreaFactory(name="Leeds", slug="leeds")
    OrganisationFactory(area=area, name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    officer = member_of(area, Role.OFFICER, email="aisha@example.org", full_name="Aisha Rahman")
    member_of(area, Role.REVIEWER, email="gareth@example.org", full_name="Gareth Lloyd")
    agreement = complete(draft(area=area, officer=officer), officer, assessed=False)
    signatories = [signatory_for(party.organisation) for party in agreement.parties.order_by("pk")]
    questions = list(AssessmentQuestion.objects.filter(active=True))

    # The officer completes the assessment and issues version 1.
    sign_in(page, base, "aisha@example.org")
    page.goto(f"{base}{agreement.get_absolute_url()}")
    expect(page.get_by_text("Write the balance statement of the trade-off.")).to_be_visible()
    page.get_by_role("link", name="Change the assessment").click()
    for question in questions:
        page.get_by_role("group", name=question.text).get_by_label("4: Largely").check()
        page.locator(f"#id_reason_{question.code}").fill(f"Because of {question.code}.")
    page.get_by_label("Balance statement").fill(
        "Families get help sooner, and only what is needed is shared."
    )
    page.get_by_label("Public benefit somewhat outweighs the risk to privacy").check()
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("Saved the trade-off assessment.")).to_be_visible()
    page.get_by_role("button", name="Issue version 1 for review").click()
    expect(
        page.locator(".govuk-notification-banner").get_by_text("Issued version 1 for review")
    ).to_be_visible()

    # A reviewer records their own view.
    sign_in(page, base, "gareth@example.org")
    page.goto(f"{base}{agreement.get_absolute_url()}")
    page.get_by_role("link", name="Record your own view of the trade-off in version 1").click()
    for question in questions:
        page.get_by_role("group", name=question.text).get_by_label("2: Poorly").check()
    page.get_by_label("Public benefit and the risk to privacy are finely balanced").check()
    page.get_by_label("Anything you want to say about the trade-off (optional)").fill(
        "Weekly figures are more than the purpose needs."
    )
    page.get_by_role("button", name="Save my view").click()
    expect(page.get_by_text("Saved your view of the trade-off.")).to_be_visible()
    table = page.locator("table.dsa-spread-table")
    expect(table).to_contain_text("Advocacy")
    expect(page.locator("svg.dsa-chart__svg")).to_be_visible()

    # The officer asks for sign-off.
    sign_in(page, base, "aisha@example.org")
    page.goto(f"{base}{agreement.get_absolute_url()}")
    page.get_by_role("link", name="Ask for sign-off of version 1").click()
    page.get_by_role("button", name="Ask for sign-off").click()
    expect(page.get_by_text("Each party's signatory has been asked to sign off.")).to_be_visible()

    # Each signatory signs with their password.
    for signatory in signatories:
        sign_in(page, base, signatory.email)
        page.get_by_role("link", name=agreement.reference, exact=False).first.click()
        expect(page.get_by_text("Families get help sooner").first).to_be_visible()
        page.get_by_label("Approve", exact=True).check()
        page.get_by_label("Data protection officer").check()
        page.get_by_label("I have read the balance statement above").check()
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Record my decision").click()
        expect(page.get_by_text("Your decision is recorded")).to_be_visible()

    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Signed")
    version = Version.objects.get(agreement=agreement)
    trail = page.locator(".dsa-audit-trail")
    expect(trail.get_by_text("approved version 1").first).to_be_visible()
    expect(trail).to_contain_text(version.sha256)
    expect(trail).to_contain_text(version.assessment_sha256)
    expect(
        trail.get_by_text("completed the sign-off of version 1: every party approved")
    ).to_be_visible()
