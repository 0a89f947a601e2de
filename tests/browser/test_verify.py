"""In real headless Chromium, as a member of the public: check a sealed PDF of a
published agreement on the register, then the same file with one byte changed, then
something that is not a PDF. Each answer is in plain words, and every page passes
axe-core at 320 CSS pixels without scrolling sideways."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from agreements.models import Agreement
from partners.models import Role
from tests.agreements.factories import published
from tests.agreements.sealed import sealed_document
from tests.browser.pages import NARROW, axe_violations, sideways_overflow
from tests.partners.factories import AreaFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=NARROW)
    yield context
    context.close()


def _check(page: Page, path: Path) -> None:
    page.get_by_label("The PDF to check").set_input_files(str(path))
    page.get_by_role("button", name="Check the PDF").click()


def _clean(page: Page) -> None:
    assert axe_violations(page) == []
    assert sideways_overflow(page) == []


def test_the_public_checks_a_pdf_they_were_sent(
    live_server: Any, narrow: BrowserContext, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER)
    agreement = published(area=area, officer=officer, title="School attendance for early help")
    agreement = Agreement.objects.select_related("signed_version").get(pk=agreement.pk)
    document = sealed_document(agreement)
    original = Path(document.file.path)
    altered = tmp_path / "altered.pdf"
    data = bytearray(original.read_bytes())
    position = data.index(b"stream\n") + 200
    data[position] ^= 0x01
    altered.write_bytes(bytes(data))
    letter = tmp_path / "letter.pdf"
    letter.write_text("Dear resident, the agreement is attached.")

    page = narrow.new_page()
    page.goto(f"{live_server.url}/register/verify/")
    expect(page.get_by_role("heading", name="Check a PDF")).to_be_visible()
    _clean(page)

    _check(page, original)
    expect(page.get_by_role("heading", name="Issued by this service and unchanged")).to_be_visible()
    expect(
        page.get_by_role("link", name=f"{agreement.reference}: {agreement.title}")
    ).to_be_visible()
    _clean(page)

    _check(page, altered)
    expect(page.get_by_role("heading", name="Changed after it was sealed")).to_be_visible()
    _clean(page)

    _check(page, letter)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#pdf-error")).to_contain_text("This file is not a PDF.")
    _clean(page)
