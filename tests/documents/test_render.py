"""Rendering HTML to a tagged PDF, with real WeasyPrint."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from documents.render import PdfMetadata, RenderedPdf, render_pdf
from tests.documents.pdfs import html_document, inflated_streams

METADATA = PdfMetadata(
    title="Early help information sharing",
    author="Leeds City Council",
    subject="Information sharing protocol",
    keywords=("early help", "schools"),
    custom={
        "AgreementReference": "LDS-2026-0007",
        "VersionNumber": "3",
        "VersionSHA256": "9f" * 32,
    },
    created=datetime(2026, 11, 30, 14, 5, tzinfo=UTC),
)


@pytest.fixture(scope="module")
def document() -> RenderedPdf:
    return render_pdf(html_document(sections=8), metadata=METADATA)


def test_a_few_pages_of_html_become_a_pdf(document: RenderedPdf) -> None:
    assert document.content.startswith(b"%PDF-1.7")
    assert document.content.rstrip().endswith(b"%%EOF")
    assert document.page_count >= 3
    assert document.refused_urls == ()
    assert re.fullmatch(r"[0-9a-f]{64}", document.sha256)


def test_the_pdf_is_tagged_with_its_language_and_title(document: RenderedPdf) -> None:
    inside = inflated_streams(document.content)
    assert b"/StructTreeRoot" in inside
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", inside)
    assert b"/Lang (en-GB)" in inside
    # PDF/UA-1, declared in the XMP metadata; viewers show the title, not the file name.
    assert b'pdfuaid:part="1"' in inside
    assert b"/DisplayDocTitle true" in inside
    # Headings and tables keep their meaning for screen readers.
    for role in (b"/H1", b"/H2", b"/Table", b"/TH", b"/L"):
        assert b"/S " + role in inside or b"/S" + role in inside, role


def test_metadata_names_the_document_and_its_version(document: RenderedPdf) -> None:
    inside = inflated_streams(document.content)
    assert b"/Title (Early help information sharing)" in inside
    assert b"/Author (Leeds City Council)" in inside
    assert b"/Subject (Information sharing protocol)" in inside
    assert b"/AgreementReference (LDS-2026-0007)" in inside
    assert b"/VersionNumber (3)" in inside
    assert b"/VersionSHA256 (" + b"9f" * 32 + b")" in inside
    assert b"/CreationDate (D:20261130140500+00'00)" in inside


def test_the_document_language_defaults_to_the_services() -> None:
    html = "<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>"
    assert b"/Lang (en-GB)" in inflated_streams(render_pdf(html).content)
    welsh = render_pdf(html, lang="cy")
    assert b"/Lang (cy)" in inflated_streams(welsh.content)


def test_html_meta_tags_are_not_published_as_pdf_fields() -> None:
    html = (
        "<html lang='en-GB'><head><title>T</title><meta name='internal-note' content='secret'>"
        "</head><body><p>Text</p></body></html>"
    )
    assert b"secret" not in inflated_streams(render_pdf(html).content)


def test_only_the_services_static_files_are_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the PDF")
    html = (
        "<html lang='en-GB'><head><title>T</title>"
        "<link rel='stylesheet' href='/static/css/app.css'>"
        "<link rel='stylesheet' href='https://fonts.example.org/style.css'>"
        f"<link rel='attachment' href='file://{secret}'>"
        "</head><body><p>Text</p>"
        "<img src='http://127.0.0.1:9/tracker.png' alt=''>"
        "<img src='/static/../../datasharing/settings.py' alt=''>"
        "<img alt='' src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"
        "AAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='>"
        "</body></html>"
    )
    rendered = render_pdf(html, base_url="http://testserver/")
    refused = set(rendered.refused_urls)
    assert "https://fonts.example.org/style.css" in refused
    assert f"file://{secret}" in refused
    assert "http://127.0.0.1:9/tracker.png" in refused
    assert any(url.endswith("/datasharing/settings.py") for url in refused)
    assert not any(url.endswith("app.css") for url in refused)
    assert b"not for the PDF" not in inflated_streams(rendered.content)


def test_nothing_to_render_is_an_error() -> None:
    with pytest.raises(ValueError, match="no HTML"):
        render_pdf("   ")


def test_a_document_without_a_title_is_refused() -> None:
    # Screen readers announce a PDF by its title, so PDF/UA requires one.
    with pytest.raises(ValueError, match="needs a title"):
        render_pdf("<html lang='en-GB'><body><p>Text</p></body></html>")
    titled = render_pdf(
        "<html lang='en-GB'><body><p>Text</p></body></html>", metadata=PdfMetadata(title="Given")
    )
    assert b"/Title (Given)" in inflated_streams(titled.content)


@pytest.mark.parametrize("name", ["Title", "version-sha", "1st", "Agreement Reference", ""])
def test_custom_metadata_names_must_be_plain(name: str) -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        PdfMetadata(custom={name: "x"})
