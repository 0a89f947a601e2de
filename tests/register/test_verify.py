"""The register's "check a PDF" page: anyone uploads a PDF and learns, in plain words,
whether this service sealed it and it is unchanged since, and which agreement it is;
bad input gets a clear message and nothing is kept."""

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agreements.models import Agreement, Export, RenderedDocument
from audit.models import Event
from documents import bounded
from documents.render import render_pdf
from documents.seal import seal_pdf
from partners.models import Role
from tests.agreements.sealed import sealed_document, sealed_pdf, signed
from tests.documents.conftest import certificate_files
from tests.documents.pdfs import hand_made_pdf, html_document, object_stream_bomb
from tests.partners.factories import member_of
from tests.register.conftest import OnRegister

URL = "/register/verify/"
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(
    data: bytes, *, client: Client | None = None, content_type: str = "application/pdf"
) -> Any:
    return (client or Client()).post(
        URL, {"pdf": SimpleUploadedFile("agreement.pdf", data, content_type=content_type)}
    )


def _text(response: Any) -> str:
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def _verified() -> list[Event]:
    return list(Event.objects.filter(verb="document.verified").order_by("seq"))


def _change_one_byte(data: bytes) -> bytes:
    # A digit inside the page content, for another: the file's structure stays whole.
    position = data.index(b"stream\n") + 200
    changed = b"1" if data[position : position + 1] == b"0" else b"0"
    if not data[position : position + 1].isdigit():
        changed = bytes([data[position] ^ 0x01])
    return data[:position] + changed + data[position + 1 :]


def test_the_page_asks_for_a_pdf(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert "Check a PDF" in _text(response)


def test_a_published_agreements_pdf_is_ours_and_named(on_register: OnRegister) -> None:
    agreement = Agreement.objects.select_related("signed_version").get(pk=on_register.agreement.pk)
    document = sealed_document(agreement)
    with document.file.open("rb") as stored:
        data = stored.read()
    response = _upload(data)
    assert response.status_code == 200
    text = _text(response)
    assert "Issued by this service and unchanged" in text
    version = agreement.signed_version
    assert f"It is version {version.number} of {agreement.reference}: {agreement.title}" in text
    assert f'href="/register/agreements/{agreement.reference}/"' in response.content.decode()
    assert version.sha256 in text
    assert document.sha256 in text
    # Recorded in the agreement's ledger: the outcome and fingerprints, never the file.
    [event] = _verified()
    assert event.target_id == str(agreement.pk)
    assert event.area_id == agreement.area_id
    assert event.actor_id is None
    assert event.data == {
        "outcome": "sealed-here",
        "sha256": document.sha256,
        "size": len(data),
        "version": version.number,
        "version_sha256": version.sha256,
    }


def test_an_unpublished_agreements_pdf_is_ours_but_its_title_stays_private(
    on_register: OnRegister,
) -> None:
    agreement = signed(
        area=on_register.area, officer=on_register.officer, title="Confidential sharing title"
    )
    document = sealed_document(agreement)
    with document.file.open("rb") as stored:
        response = _upload(stored.read())
    text = _text(response)
    assert "Issued by this service and unchanged" in text
    assert "not on the public register" in text
    assert agreement.signed_version.sha256 in text
    assert "Confidential sharing title" not in response.content.decode()
    assert agreement.reference not in response.content.decode()
    assert _verified()[0].target_id == str(agreement.pk)


def test_a_pdf_sealed_here_is_matched_by_the_version_it_names_when_the_file_is_not_stored(
    on_register: OnRegister,
) -> None:
    agreement = Agreement.objects.select_related("signed_version").get(pk=on_register.agreement.pk)
    response = _upload(sealed_pdf(agreement))  # sealed again: another file, same version
    assert f"It is version {agreement.signed_version.number} of {agreement.reference}" in _text(
        response
    )


def test_a_pdf_sealed_here_that_names_no_known_version(db: None) -> None:
    response = _upload(seal_pdf(render_pdf(html_document(sections=1)).content))
    text = _text(response)
    assert "Issued by this service and unchanged" in text
    assert "not one of the documents this service has a record of issuing" in text


def test_one_byte_changed_after_sealing_is_reported_as_altered(on_register: OnRegister) -> None:
    agreement = Agreement.objects.select_related("signed_version").get(pk=on_register.agreement.pk)
    document = sealed_document(agreement)
    with document.file.open("rb") as stored:
        altered = _change_one_byte(stored.read())
    response = _upload(altered)
    assert response.status_code == 200
    text = _text(response)
    assert "Changed after it was sealed" in text
    assert "Do not rely on what it says" in text
    assert agreement.title not in text
    [event] = _verified()
    assert event.data["outcome"] == "altered"
    assert event.data["sha256"] == hashlib.sha256(altered).hexdigest()
    assert event.target_id == ""


def test_a_pdf_sealed_by_another_certificate_was_not_issued_here(db: None, tmp_path: Path) -> None:
    elsewhere = certificate_files(tmp_path / "elsewhere", organisation="Elsewhere Council")
    theirs = seal_pdf(render_pdf(html_document(sections=1)).content, files=elsewhere)
    text = _text(_upload(theirs))
    assert "Not issued by this service" in text
    assert "Document seal (Elsewhere Council)" in text
    assert _verified()[0].data["outcome"] == "not-issued-here"


def test_an_unsealed_pdf_was_not_issued_here(db: None) -> None:
    text = _text(_upload(render_pdf(html_document(sections=1)).content))
    assert "Not issued by this service" in text
    assert "This PDF has no seal" in text
    assert _verified()[0].data["outcome"] == "unsealed"


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"", "application/pdf", "The file is empty."),
        (b"PK\x03\x04" + bytes(200), "application/pdf", "It looks like a ZIP file"),
        (b"%PDF-1.7\n" + bytes(100), "image/png", "was sent as “image/png”, not as a PDF"),
        (b"Dear colleague, the agreement is attached.", "text/plain", "not as a PDF"),
    ],
    ids=["empty", "zip", "png type", "text"],
)
def test_a_file_that_is_not_a_pdf_gets_a_clear_message(
    db: None, data: bytes, content_type: str, message: str
) -> None:
    response = _upload(data, content_type=content_type)
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert message in text
    assert _verified()[0].data["outcome"] == "not-pdf"


def test_no_file_chosen(db: None) -> None:
    response = Client().post(URL, {})
    assert response.status_code == 400
    assert "Choose the PDF you want to check." in _text(response)
    assert _verified() == []


def test_a_50_megabyte_upload_is_refused_before_it_is_read(db: None) -> None:
    response = _upload(b"%PDF-1.7\n" + bytes(50 * MiB))
    assert response.status_code == 413
    assert "bigger than 20 MB, so it was not checked" in _text(response)
    assert _verified() == []


def test_an_upload_that_grows_past_the_limit_is_cut_off(db: None) -> None:
    # Its declared length is within the allowance for the form around the file, so it
    # is read, and stopped at the limit.
    response = _upload(b"%PDF-1.7\n" + bytes(20 * MiB + 1024))
    assert response.status_code == 413
    assert "bigger than 20 MB" in _text(response)


def test_a_pdf_bomb_is_refused_with_a_reason(db: None) -> None:
    bomb = object_stream_bomb(inflated_megabytes=200)
    response = _upload(bomb)
    assert response.status_code == 200
    text = _text(response)
    assert "This PDF could not be checked" in text
    assert "expands to far more data than its size suggests" in text
    assert _verified()[0].data["outcome"] == "unreadable"


def test_a_pdf_built_to_take_minutes_to_check_is_stopped(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hundreds of thousands of form fields: within every parsing limit, yet minutes of work.
    monkeypatch.setattr(bounded, "DEFAULT_BOUNDS", bounded.Bounds(seconds=1.0))
    fields = b" ".join(b"3 0 R" for _ in range(400_000))
    slow = hand_made_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + fields + b"] >> >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /FT /Sig /V 4 0 R >>",
            b"<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>",
        ]
    )
    response = _upload(slow)
    assert response.status_code == 200
    assert "checking it takes far more work than any document from this service" in _text(response)


def test_nothing_uploaded_is_kept(on_register: OnRegister, media: Path) -> None:
    agreement = Agreement.objects.select_related("signed_version").get(pk=on_register.agreement.pk)
    data = sealed_pdf(agreement)
    # Signing owed the sealed PDF: those rows are the service's, not the uploads'.
    documents_before = list(RenderedDocument.objects.values("pk", "status", "sha256"))
    for upload in (data, _change_one_byte(data), b"", b"not a pdf", object_stream_bomb()):
        _upload(upload)
    assert list(RenderedDocument.objects.values("pk", "status", "sha256")) == documents_before
    assert not RenderedDocument.objects.exclude(file="").exists()
    assert not Export.objects.exists()
    assert not media.exists() or not any(media.rglob("*"))
    for event in _verified():
        assert set(event.data) <= {"outcome", "sha256", "size", "version", "version_sha256"}


def test_the_form_needs_its_csrf_token(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    pdf = render_pdf(html_document(sections=1)).content
    refused = client.post(URL, {"pdf": SimpleUploadedFile("a.pdf", pdf, "application/pdf")})
    assert refused.status_code == 403
    assert _verified() == []
    page = client.get(URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    accepted = client.post(
        URL,
        {
            "csrfmiddlewaretoken": token,
            "pdf": SimpleUploadedFile("a.pdf", pdf, "application/pdf"),
        },
    )
    assert accepted.status_code == 200
    assert "Not issued by this service" in _text(accepted)


def test_too_many_checks_from_one_network_are_refused(db: None) -> None:
    client = Client()
    statuses = [client.post(URL, {}).status_code for _ in range(31)]
    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429
    assert "Too many PDFs checked" in _text(client.post(URL, {}))


def test_someone_signed_in_is_named_in_the_ledger(on_register: OnRegister) -> None:
    client = Client()
    reader = member_of(on_register.area, Role.REVIEWER, full_name="Priya Natarajan")
    client.force_login(reader)
    _upload(render_pdf(html_document(sections=1)).content, client=client)
    assert _verified()[0].actor_name == "Priya Natarajan"


def _multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    boundary = "----check-boundary"
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename:
            body += b"Content-Type: application/pdf\r\n"
        body += b"\r\n" + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_form_sent_with_the_token_after_the_file_and_other_files_is_read(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    pdf = render_pdf(html_document(sections=1)).content
    body, content_type = _multipart(
        [
            ("other", "other.pdf", b"%PDF-1.7 not this one"),
            ("pdf", "agreement.pdf", pdf),
            ("pdf", "second.pdf", b"%PDF-1.7 nor this one"),
            ("csrfmiddlewaretoken", None, token.encode()),
        ]
    )
    response = client.post(URL, body, content_type=content_type)
    assert response.status_code == 200
    assert "This PDF has no seal" in _text(response)
    assert _verified()[0].data["sha256"] == hashlib.sha256(pdf).hexdigest()


def test_a_file_past_the_limit_is_dropped_and_the_rest_of_the_form_still_read(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body, content_type = _multipart(
        [
            ("pdf", "big.pdf", b"%PDF-1.7\n" + bytes(20 * MiB + 1024)),
            ("csrfmiddlewaretoken", None, token.encode()),
        ]
    )
    response = client.post(URL, body, content_type=content_type)
    assert response.status_code == 413
    assert "bigger than 20 MB" in _text(response)


def test_a_broken_form_is_a_clear_refusal(db: None) -> None:
    response = Client().post(
        URL, b"--x\r\nContent-Disposition: nonsense", content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 400
    response = Client().post(URL, b"", content_type="multipart/form-data")  # no boundary
    assert response.status_code == 400
