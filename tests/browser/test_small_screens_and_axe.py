"""Every main page at 320 CSS pixels wide, as the people who use it, in real Chromium:
nothing scrolls sideways (WCAG 2.2, 1.4.10 Reflow), and axe-core finds no serious or
critical violations. The demo data makes the pages as full as people meet them."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from partners.demo import DEMO_PASSWORD
from tests.browser.pages import (
    NARROW,
    axe_violations,
    main_pages,
    more_waiting_work,
    sideways_overflow,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=NARROW)
    yield context
    context.close()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    if not email:
        return
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_every_main_page_reflows_at_320_pixels_and_passes_axe(
    live_server: Any, narrow: BrowserContext
) -> None:
    call_command("seed_demo", force=True, stdout=io.StringIO())
    more_waiting_work()
    visits = main_pages()
    page = narrow.new_page()
    base = live_server.url
    problems: list[str] = []
    signed_in_as: str | None = None
    for visit in visits:
        if visit.who != signed_in_as:
            _sign_in(page, base, visit.who)
            signed_in_as = visit.who
        response = page.goto(f"{base}{visit.path}")
        where = f"{visit.path} as {visit.who or 'the public'}"
        if response is None or response.status != visit.status:
            problems.append(f"{where}: status {response.status if response else None}")
            continue
        if overflow := sideways_overflow(page):
            problems.append(f"{where}: scrolls sideways at 320px: {'; '.join(overflow)}")
        if violations := axe_violations(page):
            problems.append(f"{where}: axe: {'; '.join(violations)}")
    assert not problems, "\n".join(problems)
    assert len(visits) > 40
    # And the check would have caught a violation: an image without a text alternative.
    page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')
    assert any(v.startswith("image-alt (critical)") for v in axe_violations(page))
