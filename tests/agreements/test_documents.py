"""PDFs of versions: what the printed agreement shows and where it comes from, the render
job's states, asking for one, following and downloading it, and who may."""

import hashlib
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.utils import timezone
from pypdf import PdfReader

from agreements import services
from agreements.models import (
    Agreement,
    DocumentKind,
    DocumentStatus,
    RenderedDocument,
    Section,
    Version,
)
from agreements.services.documents import (
    STOPPED,
    document_render,
    document_render_failed,
    document_request,
    documents_left_behind,
)
from agreements.services.printing import london_time
from audit.models import Event
from audit.selectors import chain_head
from documents.check import Verdict, check_pdf
from notifications.models import Job
from partners.models import Area, OrganisationKind, Role, User
from tests.agreements.factories import complete, draft, sign_all
from tests.partners.factories import AreaFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Area:
    area = AreaFactory(slug="sheffield", name="Sheffield")
    OrganisationFactory(
        area=area,
        name="Sheffield City Council",
        kind=OrganisationKind.LOCAL_AUTHORITY,
        website="https://www.sheffield.gov.uk/",
    )
    return area


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> str:
    """Each test's files in a directory of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def officer(area: Area) -> User:
    return member_of(area, Role.OFFICER, full_name="Ben Hartley")


def _in_review(area: Area, officer: User) -> Agreement:
    agreement = complete(draft(area=area, officer=officer), officer)
    services.version_issue(agreement=agreement, actor=officer)
    return agreement


def _signed(area: Area, officer: User) -> Agreement:
    agreement = _in_review(area, officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)
    agreement.refresh_from_db()
    return agreement


def _made(version: Version, user: User | None = None, kind: str = "") -> RenderedDocument:
    """Ask for the PDF and make it here, as the render task does."""
    document = document_request(version=version, user=user, kind=kind)
    assert document_render(document_id=document.pk) == "ready"
    document.refresh_from_db()
    return document


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_signed_version_prints_every_part_from_the_frozen_version_and_is_sealed(
    area: Area, officer: User
) -> None:
    agreement = _signed(area, officer)
    version = agreement.signed_version
    assert version is not None
    document = RenderedDocument.objects.get(version=version)
    assert document.kind == DocumentKind.SEALED  # owed on signing
    assert document.status == DocumentStatus.QUEUED  # the test's transaction never commits
    head_before = chain_head()
    assert document_render(document_id=document.pk) == "ready"
    document.refresh_from_db()
    content = document.file.read()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.pages
    assert document.attempts == 1

    check = check_pdf(content)
    assert check.verdict == Verdict.SEALED_HERE, check.reasons
    assert check.metadata["AgreementReference"] == agreement.reference
    assert check.metadata["VersionSHA256"] == version.sha256
    assert check.metadata["AssessmentSHA256"] == version.assessment_sha256

    pages = pages_text(content)
    text = _flat(" ".join(pages))
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert f"{agreement.reference}, version {version.number}" in page
        assert "Draft - not signed" not in page
    # Cover
    assert agreement.title in text
    assert version.sha256 in text
    assert "Signed by every party; sealed by the service" in text
    # Contents, with the page each part starts on
    contents = _flat(pages[1])
    signatures_page = next(
        n for n, p in enumerate(pages, 1) if p.lstrip().startswith("6. Signatures")
    )
    assert re.search(rf"6\. Signatures \.+ ?{signatures_page}\b", contents), contents
    # Sections, parties with contacts and signatories, gateways with legislation links
    frozen = version.content
    for section in frozen["sections"]:
        assert _flat(section["heading"]) in text
    for party in frozen["parties"]:
        assert party["organisation"] in text
        assert party["signatory"] in text
    assert "https://www.sheffield.gov.uk/" in text.replace(" ", "")
    for gateway in frozen["gateways"]:
        assert gateway["legislation_url"] in text.replace(" ", "")
    # Lawful bases per party and kind of data
    for basis in frozen["lawful_bases"]:
        assert basis["data_category"] in text
        assert basis["art6"]["reference"] in text
    # The trade-off assessment, and how each group sees it
    assessment = frozen["assessment"]
    assert "5. The trade-off assessment" in text
    assert _flat(assessment["balance_statement"])[:60] in text
    assert assessment["overall_position"]["label"] in text
    assert "Perspectives by group" in text
    # Signatures with London times, the decision and both hashes
    for signoff in agreement.signoffs.all():
        assert signoff.signatory_name in text
        assert london_time(signoff.recorded_at) in text
        assert re.search(r"\d\d:\d\d (GMT|BST) \(UTC\+0[01]:00\)", text)
    assert text.count(version.assessment_sha256) >= 1 + agreement.signoffs.count()
    # Audit certificate: the agreement's events and the chain head when it was made
    assert "7. Audit certificate" in text
    assert head_before is not None
    assert head_before.hash[:20] in text.replace(" ", "")
    signed_event = Event.objects.get(verb="agreement.signed", target_id=str(agreement.pk))
    assert "Completed the sign-off of version 1: every party approved" in text
    assert signed_event.hash[:20] in text.replace(" ", "")


def test_the_pdf_is_tagged_with_its_language_and_title(area: Area, officer: User) -> None:
    agreement = _in_review(area, officer)
    document = _made(agreement.versions.get(), officer)
    reader = PdfReader(io.BytesIO(document.file.read()))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == f"{agreement.reference}: {agreement.title}, version 1"


def test_a_draft_is_watermarked_on_every_page_and_never_sealed(area: Area, officer: User) -> None:
    agreement = _in_review(area, officer)
    document = _made(agreement.versions.get(), officer)
    assert document.kind == DocumentKind.DRAFT
    content = document.file.read()
    pages = pages_text(content)
    assert len(pages) > 3
    assert all("Draft - not signed" in page for page in pages)
    assert check_pdf(content).verdict == Verdict.UNSEALED


def test_the_pdf_never_shows_the_working_copy(area: Area, officer: User) -> None:
    agreement = _signed(area, officer)
    version = agreement.signed_version
    services.agreement_start_revision(agreement=agreement, actor=officer)
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    services.section_save(
        section=purpose, body="Words written after signing.", base_revision=purpose.revision,
        actor=officer,
    )  # fmt: skip
    Agreement.objects.filter(pk=agreement.pk).update(title="A title changed since")
    document = RenderedDocument.objects.get(version=version)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    text = _flat(" ".join(pages_text(document.file.read())))
    assert "Words written after signing" not in text
    assert "A title changed since" not in text
    assert version.content["agreement"]["title"] in text


def test_times_print_in_london_with_their_zone_and_offset() -> None:
    assert (
        london_time(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "1 July 2026, 14:05 BST (UTC+01:00)"
    )
    assert (
        london_time(datetime(2026, 12, 1, 13, 5, tzinfo=UTC))
        == "1 December 2026, 13:05 GMT (UTC+00:00)"
    )


def test_asking_twice_makes_one_document_and_one_job_and_a_failed_one_can_be_asked_again(
    area: Area, officer: User
) -> None:
    version = _in_review(area, officer).versions.get()
    first = document_request(version=version, user=officer)
    again = document_request(version=version, user=officer)
    assert first.pk == again.pk
    jobs = Job.objects.filter(task="agreements.tasks.render_document_job")
    assert jobs.count() == 1
    assert Event.objects.filter(verb="document.requested").count() == 1

    document_render_failed(document_id=first.pk, reason="The storage was full.")
    first.refresh_from_db()
    assert first.status == DocumentStatus.FAILED
    assert first.failure_reason == "The storage was full."
    retried = document_request(version=version, user=officer)
    assert retried.pk == first.pk
    assert retried.status == DocumentStatus.QUEUED
    assert retried.failure_reason == ""
    assert jobs.count() == 2
    assert Event.objects.filter(verb="document.requested").count() == 2
    assert RenderedDocument.objects.count() == 1


def test_only_officers_and_admins_ask_and_only_signed_versions_are_sealed(
    area: Area, officer: User
) -> None:
    version = _in_review(area, officer).versions.get()
    reviewer = member_of(area, Role.REVIEWER)
    with pytest.raises(services.AgreementError, match="Only the area's officers and admins"):
        document_request(version=version, user=reviewer)
    with pytest.raises(services.AgreementError, match="has not been signed by every party"):
        document_request(version=version, user=officer, kind=DocumentKind.SEALED)
    assert not RenderedDocument.objects.exists()


def test_signing_owes_the_sealed_pdf_in_its_own_transaction_and_it_is_made_after_commit(
    area: Area, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = _in_review(area, officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(agreement)
    agreement.refresh_from_db()
    document = RenderedDocument.objects.get(version=agreement.signed_version)
    assert document.kind == DocumentKind.SEALED
    assert document.status == DocumentStatus.READY
    assert Job.objects.get(task="agreements.tasks.render_document_job").done_at is not None
    requested = Event.objects.get(verb="document.requested")
    assert requested.actor_id is None
    assert requested.data["on_signing"] is True
    ready = Event.objects.get(verb="document.ready")
    assert ready.data["sha256"] == document.sha256


def test_without_a_signing_certificate_the_document_fails_saying_what_to_do(
    area: Area, officer: User, tmp_path: Path
) -> None:
    agreement = _signed(area, officer)
    document = RenderedDocument.objects.get(version=agreement.signed_version)
    with override_settings(
        SIGNING_KEY_PATH=str(tmp_path / "none.pem"), SIGNING_CERT_PATH=str(tmp_path / "no.pem")
    ):
        assert document_render(document_id=document.pk) == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "create_signing_cert" in document.failure_reason
    assert not document.file
    failed = Event.objects.get(verb="document.failed")
    assert failed.data["reason"] == document.failure_reason


def test_a_document_whose_worker_keeps_dying_fails_instead_of_looping(
    area: Area, officer: User
) -> None:
    version = _in_review(area, officer).versions.get()
    document = document_request(version=version, user=officer)
    # Four attempts claimed it and died before finishing.
    RenderedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, attempts=4
    )
    assert document_render(document_id=document.pk) == "done"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.failure_reason == STOPPED.format(count=4)


def test_a_file_left_by_an_attempt_that_died_is_replaced_not_added_to(
    area: Area, officer: User, media_root: str
) -> None:
    version = _in_review(area, officer).versions.get()
    document = document_request(version=version, user=officer)
    name = f"agreements/documents/{version.agreement.reference}/{version.agreement.reference}-v1-draft.pdf"
    default_storage.save(name, io.BytesIO(b"%PDF-1.7 half written"))
    document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.file.name == name
    folder = Path(media_root) / Path(name).parent
    assert [p.name for p in folder.iterdir()] == [Path(name).name]
    assert document.file.read().startswith(b"%PDF")
    assert document.size > 1000


def test_ready_documents_are_not_made_again(area: Area, officer: User) -> None:
    document = _made(_in_review(area, officer).versions.get(), officer)
    assert document_render(document_id=document.pk) == "done"
    assert Event.objects.filter(verb="document.ready").count() == 1


def test_jobs_left_behind_are_found_for_the_scheduled_job(area: Area, officer: User) -> None:
    agreement = _signed(area, officer)
    sealed = RenderedDocument.objects.get(version=agreement.signed_version)
    draft_of = document_request(version=agreement.versions.get(), user=officer)
    assert draft_of.pk == sealed.pk  # a signed version's PDF is the sealed one
    assert documents_left_behind() == []
    later = timezone.now() + timedelta(minutes=11)
    assert documents_left_behind(now=later) == [sealed.pk]
    RenderedDocument.objects.filter(pk=sealed.pk).update(
        status=DocumentStatus.RENDERING, started_at=timezone.now()
    )
    assert documents_left_behind(now=later) == []  # a worker may still be at it
    assert documents_left_behind(now=timezone.now() + timedelta(minutes=16)) == [sealed.pk]


# Pages


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officers_ask_from_the_version_page_and_follow_progress_without_javascript(
    area: Area, officer: User
) -> None:
    agreement = _in_review(area, officer)
    version_url = f"{agreement.get_absolute_url()}versions/1/"
    page = _client(officer).get(version_url).content.decode()
    assert "Make a PDF of version 1" in page
    response = _client(officer).post(f"{version_url}pdf/make/")
    assert response.status_code == 302
    assert response["Location"].endswith("versions/1/pdf/")
    status = _client(officer).get(f"{version_url}pdf/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in status
    assert "waiting to be made" in status
    partial = _client(officer).get(f"{version_url}pdf/", headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div class="dsa-document"')
    assert 'hx-trigger="every 3s"' in partial.content.decode()

    document_render(document_id=RenderedDocument.objects.get().pk)
    done = _client(officer).get(f"{version_url}pdf/").content.decode()
    assert "http-equiv" not in done
    assert "hx-trigger" not in done
    document = RenderedDocument.objects.get()
    assert document.sha256 in done
    assert "Download the draft PDF (not signed) of version 1" in done


def test_download_checks_who_may_see_the_version_and_is_recorded(area: Area, officer: User) -> None:
    agreement = _in_review(area, officer)
    document = _made(agreement.versions.get(), officer)
    url = f"{agreement.get_absolute_url()}versions/1/pdf/download/"
    reviewer = member_of(area, Role.REVIEWER)
    response = _client(reviewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="{agreement.reference}-version-1-draft.pdf"' in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content) == document.file.read()
    downloaded = Event.objects.get(verb="document.downloaded")
    assert downloaded.actor_id == reviewer.pk
    assert downloaded.data["sha256"] == document.sha256

    elsewhere = AreaFactory(slug="leeds", name="Leeds")
    outsider = member_of(elsewhere, Role.AREA_ADMIN)
    assert _client(outsider).get(url).status_code == 404
    assert (
        _client(outsider).post(f"{agreement.get_absolute_url()}versions/1/pdf/make/").status_code
        == 404
    )
    assert _client(officer).get(url.replace("/1/", "/9/")).status_code == 404
    assert _client(officer).post(url.replace("/1/pdf/download/", "/9/pdf/make/")).status_code == 404
    assert _client(reviewer).post(url.replace("download/", "make/")).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in


def test_a_pdf_not_ready_is_not_found(area: Area, officer: User) -> None:
    agreement = _in_review(area, officer)
    url = f"{agreement.get_absolute_url()}versions/1/pdf/download/"
    assert _client(officer).get(url).status_code == 404
    document_request(version=agreement.versions.get(), user=officer)
    assert _client(officer).get(url).status_code == 404


def test_the_agreement_page_shows_the_sealed_pdf_and_its_fingerprint(
    area: Area, officer: User
) -> None:
    agreement = _signed(area, officer)
    page = _client(officer).get(agreement.get_absolute_url()).content.decode()
    assert "The sealed PDF of version 1: queued" in page
    document = RenderedDocument.objects.get()
    document_render(document_id=document.pk)
    document.refresh_from_db()
    page = _client(officer).get(agreement.get_absolute_url()).content.decode()
    assert "Download the sealed PDF of version 1" in page
    assert document.sha256 in page
    version_page = (
        _client(officer).get(f"{agreement.get_absolute_url()}versions/1/").content.decode()
    )
    assert "Download the sealed PDF of version 1" in version_page
    assert document.sha256 in version_page


def test_storage_that_fails_puts_the_pdf_back_in_the_queue_and_the_last_try_fails_it(
    area: Area, officer: User, settings: Any, tmp_path: Path
) -> None:
    from agreements.services.documents import RenderInterrupted
    from agreements.tasks import RENDER_MAX_RETRIES, render_document_task

    version = _in_review(area, officer).versions.get()
    document = document_request(version=version, user=officer)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = str(blocked)
    with pytest.raises(RenderInterrupted):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.failure_reason == (
        "Trying again after: The file storage could not keep the PDF."
    )
    outcome = render_document_task.apply(
        kwargs={"document_id": document.pk}, retries=RENDER_MAX_RETRIES
    )
    assert outcome.get() == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert f"after {RENDER_MAX_RETRIES + 1} tries: The file storage" in document.failure_reason
    assert str(tmp_path) not in document.failure_reason
    assert "Ask for it again" in document.failure_reason
    assert not document.file
