"""In real headless Chromium, signed out: a resident finds a published agreement from its
legal gateway, reads it in plain words, opens its sealed PDF where there is one, and
downloads the register as CSV and JSON; then, with the keyboard alone, gives their own
view of it and confirms through the link e-mailed to them. Every page passes axe-core
(WCAG 2.2 AA, no serious or critical violations), and so do the officers' page for the
register's side of an agreement and the insights."""

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from agreements import services
from agreements.models import Publication, PublicView
from agreements.selectors import public as public_selectors
from partners.models import Role
from tests.agreements.factories import published
from tests.partners.factories import PASSWORD, AreaFactory, member_of

from .axe_check import assert_accessible, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page: Page, name: str, limit: int = 200) -> None:
    """Press Tab until the focused element's text or label is ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(); }"
        )
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_resident_finds_reads_downloads_and_gives_their_view(
    live_server: Any, page: Page
) -> None:
    base = live_server.url
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER, email="aisha@example.org", full_name="Aisha Rahman")
    agreement = published(area=area, officer=officer, title="School attendance for early help")
    services.public_comment_open(agreement=agreement, actor=officer)
    publication = Publication.objects.get(agreement=agreement)
    gateway = publication.gateways.get()

    # From the register's home page to the gateway, and from the gateway to the agreement.
    page.goto(f"{base}/register/")
    assert_accessible(page)
    page.get_by_role("link", name="Legal gateways").first.click()
    page.get_by_label("Search the register").fill(gateway.act_title)
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name=gateway.title).click()
    expect(page.get_by_role("heading", name="Published agreements that rely on it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=agreement.title).click()

    # Its summary, in plain words.
    expect(page.get_by_role("heading", level=1, name=agreement.title)).to_be_visible()
    for term in ("Why it is shared", "What is shared, and about whom", "Who signed it, and when"):
        expect(page.get_by_text(term, exact=True)).to_be_visible()
    expect(page.locator("svg.dsa-chart__svg")).to_have_count(0)  # no one has scored yet
    assert_accessible(page)
    # The demo seals its signed agreements' PDFs while seeding: the register links it.
    pdf = public_selectors.published_pdf(version=publication.version)
    assert pdf is not None
    link = page.get_by_role("link", name="Download the sealed PDF of version 1")
    response = page.request.get(base + (link.get_attribute("href") or ""))
    assert response.ok
    assert response.body().startswith(b"%PDF")
    expect(page.get_by_text(pdf.sha256)).to_be_visible()

    # The register as CSV and JSON.
    with page.expect_download() as download:
        page.get_by_role("link", name="Every agreement as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == agreement.reference
    json_link = page.get_by_role("link", name="Every agreement as JSON").get_attribute("href")
    body = json.loads(page.request.get(f"{base}{json_link}").text())
    assert body["agreements"][0]["reference"] == agreement.reference
    assert body["agreements"][0]["pdf_sha256"] == pdf.sha256

    # A member of the public gives their view with the keyboard alone.
    page.goto(f"{base}/register/agreements/{agreement.reference}/")
    _tab_to(page, "Give your view")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your view of")
    assert_accessible(page)
    questions = publication.version.content["assessment"]["questions"]
    for question in questions:
        page.get_by_role("group", name=question["text"]).get_by_label("2: Poorly").focus()
        page.keyboard.press("Space")
    page.get_by_label("The risk to privacy somewhat outweighs the public benefit").focus()
    page.keyboard.press("Space")
    page.get_by_label("Anything you want to say about the trade-off (optional)").focus()
    page.keyboard.type("Weekly figures to the police are more than early help needs.")
    page.get_by_label("Your e-mail address").focus()
    page.keyboard.type("resident@example.net")
    expect(page.get_by_text("What we do with your e-mail address")).to_be_visible()
    mail.outbox.clear()
    page.get_by_role("button", name="Send my view").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)

    # The link in the e-mail makes it count.
    (message,) = [m for m in mail.outbox if m.to == ["resident@example.net"]]
    link = re.search(r"https?://\S+/register/your-view/\S+/", message.body)
    assert link is not None
    page.goto(base + urlsplit(link.group(0)).path)
    expect(page.get_by_role("heading", name="Confirm your view")).to_be_visible()
    assert_accessible(page)
    _tab_to(page, "Confirm my view")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your view counts")).to_be_visible()
    assert PublicView.objects.get().email == ""
    page.get_by_role("link", name=re.compile("See how each group scores")).click()
    expect(page.locator("table").filter(has_text="Members of the public").first).to_be_visible()
    expect(page.get_by_text("Weekly figures to the police are more than")).to_be_visible()
    expect(page.locator("svg.dsa-chart__svg")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/register/agreements/?area=leeds&q=attendance")
    expect(page.get_by_role("link", name=agreement.title)).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/register/insights/")
    expect(page.get_by_role("heading", name="Where groups disagree most")).to_be_visible()
    assert_accessible(page)

    # The officers' side: the view is there, and so are the insights, signed in.
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill("aisha@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/areas/leeds/agreements/{agreement.reference}/public/")
    expect(page.get_by_text("Weekly figures to the police are more than")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/insights/")
    expect(page.get_by_role("heading", name="How groups weigh the trade-offs")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=False)
def test_the_accessibility_check_finds_what_it_should(page: Page) -> None:
    """A guard that axe-core runs and reports: an image without words and a field
    without a label are serious or critical failures."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
