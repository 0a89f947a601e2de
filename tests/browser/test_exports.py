"""In real headless Chromium, with Redis as the broker and a real Celery worker: an area
admin starts an export of the area's signed agreements, watches the page follow it
until it is ready, and downloads the ZIP; the manifest's fingerprints match the files.
Without JavaScript the page still refreshes itself until the export is ready."""

import csv
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from agreements.models import Agreement, Export, RenderedDocument
from agreements.services import exports as services
from datasharing.celery import app
from partners.models import Role
from tests.agreements.factories import published
from tests.agreements.sealed import sealed_document, signed
from tests.conftest import celery_worker_on
from tests.partners.factories import PASSWORD, AreaFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def leeds(settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER)
    admin = member_of(
        area, Role.AREA_ADMIN, email="catherine@example.org", full_name="Catherine Moore"
    )
    agreements = [
        published(area=area, officer=officer, title="School attendance for early help"),
        signed(area=area, officer=officer, title="Housing needs assessment"),
    ]
    for agreement in agreements:
        sealed_document(Agreement.objects.select_related("signed_version").get(pk=agreement.pk))
    return {"area": area, "admin": admin, "agreements": agreements}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def test_an_area_admin_exports_watches_and_downloads(
    live_server: Any, page: Page, leeds: dict[str, Any], private_broker: Any
) -> None:
    base = live_server.url
    sign_in(page, base, "catherine@example.org")
    page.get_by_role("link", name="Export Leeds's signed agreements").click()
    expect(page.get_by_text("Leeds has two signed agreements.")).to_be_visible()
    page.get_by_role("button", name="Start an export").click()

    # No worker yet: the job waits in Redis, and the page says so while it waits.
    expect(page.get_by_role("status")).to_contain_text(
        "The export of 2 signed agreements is waiting to start"
    )
    with celery_worker_on(app):
        # The page follows the export by itself, without being reloaded by hand.
        expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible(
            timeout=30_000
        )
    expect(page.get_by_text("Two sealed PDFs and the manifest")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the ZIP file").click()
    download = download_info.value
    export = Export.objects.get()
    assert download.suggested_filename == export.filename
    data = Path(download.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == export.sha256
    assert export.sha256 in page.locator("main").inner_text()

    archive = zipfile.ZipFile(io.BytesIO(data))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert len(rows) == 2
    for row in rows:
        pdf = archive.read(row["File"])
        assert hashlib.sha256(pdf).hexdigest() == row["PDF SHA-256"]
        agreement = Agreement.objects.select_related("signed_version").get(
            reference=row["Reference"]
        )
        assert row["Version SHA-256"] == agreement.signed_version.sha256
        stored = RenderedDocument.objects.get(version=agreement.signed_version, kind="sealed")
        assert row["PDF SHA-256"] == stored.sha256

    # The dashboard lists it, downloaded.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Exports ready to download (0)")).to_be_visible()


def test_without_javascript_the_page_refreshes_itself(
    live_server: Any, browser: Browser, leeds: dict[str, Any]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "catherine@example.org")
    # An export waiting for a worker (none runs here): built below, after the page opens.
    export = Export.objects.create(requested_by=leeds["admin"], area=leeds["area"], total=2)
    page.goto(f"{live_server.url}/areas/leeds/agreements/exports/{export.pk}/")
    expect(page.get_by_text("is waiting to start")).to_be_visible()
    services.export_build(export_id=export.pk)
    expect(page.get_by_role("heading", name="Your export is ready")).to_be_visible(timeout=15_000)
    context.close()
