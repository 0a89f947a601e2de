"""Exports of an area's signed agreements: a ZIP of their sealed PDFs with a manifest,
built in the background, for the admin who asked and nobody else."""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Export, ExportStatus, RenderedDocument, SignOff
from agreements.services import exports as services
from agreements.services.errors import AgreementError
from audit.models import Event
from partners.models import Area, Role, User
from tests.agreements.factories import draft, published
from tests.agreements.sealed import sealed_document, signed
from tests.partners.factories import AreaFactory, UserFactory, member_of


@dataclass
class Leeds:
    area: Area
    admin: User
    other_admin: User
    officer: User
    with_pdf: list[Agreement]
    without_pdf: Agreement


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def leeds(db: None) -> Leeds:
    area = AreaFactory(name="Leeds", slug="leeds")
    officer = member_of(area, Role.OFFICER, full_name="Olu Bello")
    admin = member_of(area, Role.AREA_ADMIN, full_name="Catherine Moore")
    other_admin = member_of(area, Role.AREA_ADMIN, full_name="Second Admin")
    on_register = published(area=area, officer=officer, title="School attendance for early help")
    private = signed(area=area, officer=officer, title='=HYPERLINK("http://x")')
    waiting = signed(area=area, officer=officer, title="Housing needs")
    draft(area=area, officer=officer, title="Still a draft")
    with_pdf = [
        Agreement.objects.select_related("signed_version").get(pk=a.pk)
        for a in (on_register, private)
    ]
    for agreement in with_pdf:
        sealed_document(agreement)
    return Leeds(area, admin, other_admin, officer, with_pdf, waiting)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _exports_url(area: Area) -> str:
    return reverse("agreements:exports", kwargs={"area_slug": area.slug})


def _url(name: str, export: Export) -> str:
    assert export.area is not None
    return reverse(name, kwargs={"area_slug": export.area.slug, "export_id": export.pk})


def _start(leeds: Leeds, capture: Any) -> Export:
    with capture(execute=True):
        response = _client(leeds.admin).post(
            reverse("agreements:export-start", kwargs={"area_slug": leeds.area.slug})
        )
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("agreements:export", export)
    return export


def _download(client: Client, export: Export) -> bytes:
    response = client.get(_url("agreements:export-download", export))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert export.filename in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _manifest(archive: zipfile.ZipFile) -> list[dict[str, str]]:
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_area_admin_exports_the_sealed_pdfs_of_every_signed_agreement(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    export = _start(leeds, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert (export.total, export.done, export.included) == (3, 3, 2)
    data = _download(_client(leeds.admin), export)
    assert hashlib.sha256(data).hexdigest() == export.sha256
    assert len(data) == export.size
    archive = zipfile.ZipFile(io.BytesIO(data))
    rows = _manifest(archive)
    # Every signed agreement, by reference; the draft is not signed, so not there.
    references = sorted(a.reference for a in [*leeds.with_pdf, leeds.without_pdf])
    assert [row["Reference"] for row in rows] == references
    for agreement in leeds.with_pdf:
        row = next(r for r in rows if r["Reference"] == agreement.reference)
        version = agreement.signed_version
        document = RenderedDocument.objects.get(version=version, kind="sealed")
        pdf = archive.read(row["File"])
        assert row["File"] == f"{agreement.reference}-version-{version.number}.pdf"
        assert hashlib.sha256(pdf).hexdigest() == row["PDF SHA-256"] == document.sha256
        assert row["Version"] == str(version.number)
        assert row["Version SHA-256"] == version.sha256
        assert row["Assessment SHA-256"] == version.assessment_sha256 != ""
        assert row["Included"] == "yes"
        signoffs = SignOff.objects.filter(version=version, superseded_at=None)
        assert signoffs.count() == 2
        for signoff in signoffs:
            assert (
                f"{signoff.signatory_name}, Data protection officer, for {signoff.organisation_name}: approve on"
                in row["Signatories"]
            )
        assert row["Signed on"]
        assert row["Sealed on"]
        assert row["Review date"]
    assert set(archive.namelist()) == {"manifest.csv", *(r["File"] for r in rows if r["File"])}


def test_signed_agreements_without_a_sealed_pdf_are_named_and_left_out(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    export = _start(leeds, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    waiting = leeds.without_pdf
    assert export.left_out == [
        {
            "reference": waiting.reference,
            "version": waiting.signed_version.number,
            "reason": "its sealed PDF is waiting to be made",
        }
    ]
    archive = zipfile.ZipFile(io.BytesIO(_download(_client(leeds.admin), export)))
    row = next(r for r in _manifest(archive) if r["Reference"] == waiting.reference)
    assert row["File"] == row["PDF SHA-256"] == ""
    assert row["Included"] == "no: its sealed PDF is waiting to be made"
    page = _client(leeds.admin).get(_url("agreements:export", export)).content.decode()
    assert "Left out (1)" in page
    assert (
        f"{waiting.reference}, version {waiting.signed_version.number}: its sealed PDF is waiting"
        in page
    )


def test_manifest_cells_that_look_like_formulas_are_made_plain(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    export = _start(leeds, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(_download(_client(leeds.admin), export)))
    titles = [row["Title"] for row in _manifest(archive)]
    assert '\'=HYPERLINK("http://x")' in titles


def test_a_stored_pdf_changed_since_sealing_is_left_out(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    document = RenderedDocument.objects.get(version=leeds.with_pdf[0].signed_version)
    path = Path(document.file.path)
    path.write_bytes(path.read_bytes() + b"%")
    export = _start(leeds, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.included == 1
    assert {e["reason"] for e in export.left_out} >= {
        "the stored PDF no longer matches the fingerprint taken when it was sealed"
    }


def test_the_progress_page_refreshes_itself_until_the_export_is_ready(leeds: Leeds) -> None:
    export = Export.objects.create(requested_by=leeds.admin, area=leeds.area, total=3)
    client = _client(leeds.admin)
    page = client.get(_url("agreements:export", export)).content.decode()
    assert "is waiting to start" in page
    assert f'data-poll="{_url("agreements:export-status", export)}"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.BUILDING, done=2)
    status = client.get(_url("agreements:export-status", export)).content.decode()
    assert "Building the export: 2 of 3 signed agreements so far (66%)" in status
    assert 'value="2"' in status
    services.export_build(export_id=export.pk)
    done = client.get(_url("agreements:export", export)).content.decode()
    assert "Your export is ready" in done
    assert "data-poll" not in done
    assert "http-equiv" not in done


def test_only_the_admin_who_asked_can_see_or_download_it(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    export = _start(leeds, django_capture_on_commit_callbacks)
    elsewhere = AreaFactory(name="Sheffield", slug="sheffield")
    staff = UserFactory(is_staff=True, is_superuser=True)
    expected = {
        leeds.other_admin: 404,  # an admin of the same area: not theirs, so not found
        member_of(elsewhere, Role.AREA_ADMIN): 404,
        leeds.officer: 403,
        staff: 403,  # platform admins export from the Django admin
    }
    for name in ("agreements:export", "agreements:export-status", "agreements:export-download"):
        for user, status in expected.items():
            assert _client(user).get(_url(name, export)).status_code == status, (name, user)
        assert Client().get(_url(name, export)).status_code == 302
    assert not Event.objects.filter(verb="export.downloaded").exists()
    listing = _client(leeds.other_admin).get(_exports_url(leeds.area)).content.decode()
    assert _url("agreements:export", export) not in listing


def test_starting_and_downloading_are_recorded(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    export = _start(leeds, django_capture_on_commit_callbacks)
    _download(_client(leeds.admin), export)
    _download(_client(leeds.admin), export)
    events = Event.objects.filter(target_type="agreements.export", target_id=str(export.pk))
    assert list(events.order_by("seq").values_list("verb", "actor_name")) == [
        ("export.requested", "Catherine Moore"),
        ("export.ready", "Catherine Moore"),
        ("export.downloaded", "Catherine Moore"),
        ("export.downloaded", "Catherine Moore"),
    ]
    export.refresh_from_db()
    ready = events.get(verb="export.ready")
    assert ready.area_id == leeds.area.pk
    assert ready.data["sha256"] == export.sha256
    assert ready.data["included"] == 2
    assert export.downloads == 2


def test_asking_twice_while_one_is_waiting_gives_the_same_export(leeds: Leeds) -> None:
    first = services.export_start(area=leeds.area, actor=leeds.admin)
    assert services.export_start(area=leeds.area, actor=leeds.admin) == first
    # Another admin's export is their own.
    assert services.export_start(area=leeds.area, actor=leeds.other_admin) != first


def test_only_area_admins_may_start_one(leeds: Leeds) -> None:
    with pytest.raises(AgreementError, match="Only the area's admins"):
        services.export_start(area=leeds.area, actor=leeds.officer)
    elsewhere = AreaFactory(name="Sheffield", slug="sheffield")
    with pytest.raises(AgreementError):
        services.export_start(area=elsewhere, actor=leeds.admin)


def test_building_twice_does_the_work_once(leeds: Leeds) -> None:
    export = services.export_start(area=leeds.area, actor=leeds.admin)
    built = services.export_build(export_id=export.pk)
    again = services.export_build(export_id=export.pk)
    assert built is not None
    assert again is not None
    assert again.file.name == built.file.name
    assert Event.objects.filter(verb="export.ready").count() == 1
    assert services.export_build(export_id=987654) is None


def test_an_export_that_cannot_be_stored_fails_and_says_so(
    leeds: Leeds, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked / "media"
    export = _start(leeds, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.failure_reason
    assert Event.objects.filter(verb="export.failed", target_id=str(export.pk)).exists()
    page = _client(leeds.admin).get(_url("agreements:export", export)).content.decode()
    assert "The export could not be finished" in page
    assert _client(leeds.admin).get(_url("agreements:export-download", export)).status_code == 302


def test_the_dashboard_lists_the_admins_exports(leeds: Leeds) -> None:
    export = services.export_start(area=leeds.area, actor=leeds.admin)
    services.export_build(export_id=export.pk)
    client = _client(leeds.admin)
    page = client.get(reverse("partners:dashboard")).content.decode()
    assert "Exports ready to download (1)" in page
    assert _url("agreements:export", export) in page
    assert "Not downloaded yet" in page
    _download(client, export)
    page = client.get(reverse("partners:dashboard")).content.decode()
    assert "Exports ready to download (0)" in page
    other = _client(leeds.other_admin).get(reverse("partners:dashboard")).content.decode()
    assert _url("agreements:export", export) not in other


def test_a_platform_admin_exports_chosen_areas_and_agreements_from_the_admin(
    leeds: Leeds, django_capture_on_commit_callbacks: Any
) -> None:
    staff = UserFactory(is_staff=True, is_superuser=True)
    other_staff = UserFactory(is_staff=True, is_superuser=True)
    client = _client(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:partners_area_changelist"),
            {"action": "export_signed_agreements", "_selected_action": [leeds.area.pk]},
        )
    assert response.status_code == 302
    chosen = leeds.with_pdf[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:agreements_agreement_changelist"),
            {"action": "export_signed_agreements", "_selected_action": [chosen.pk]},
        )
    by_area, by_choice = Export.objects.filter(requested_by=staff).order_by("pk")
    assert by_area.area == leeds.area
    assert by_area.included == 2
    assert by_choice.area is None
    assert by_choice.agreement_ids == [chosen.pk]
    assert by_choice.included == 1
    download = reverse("admin:agreements_export_download", args=[by_choice.pk])
    response = client.get(download)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [row["Reference"] for row in _manifest(archive)] == [chosen.reference]
    # Another platform admin neither sees nor downloads it.
    assert _client(other_staff).get(download).status_code == 302
    listing = _client(other_staff).get(reverse("admin:agreements_export_changelist"))
    assert str(by_choice.pk) not in [str(e.pk) for e in listing.context["cl"].result_list]


def test_the_page_names_what_an_export_started_now_would_leave_out(leeds: Leeds) -> None:
    page = _client(leeds.admin).get(_exports_url(leeds.area)).content.decode()
    assert "Leeds has three signed agreements." in page
    waiting = leeds.without_pdf
    assert "One of them has no sealed PDF ready yet, so an export started now leaves it out" in page
    assert f"{waiting.reference}: {waiting.title}, version {waiting.signed_version.number}" in page
    for agreement in leeds.with_pdf:
        assert f"{agreement.reference}: " not in page
