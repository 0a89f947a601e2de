"""/register/signing-certificate.pem: the public certificate anyone checks seals with."""

from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from django.test import Client

from documents.certificates import SigningFiles, signing_files
from documents.check import Verdict, check_pdf
from documents.render import render_pdf
from documents.seal import seal_pdf
from tests.documents.pdfs import html_document

URL = "/register/signing-certificate.pem"


@pytest.fixture
def sealed() -> bytes:
    return seal_pdf(render_pdf(html_document(sections=1)).content)


@pytest.mark.django_db
def test_the_certificate_is_published_for_anyone(client: Client, settings: Any) -> None:
    settings.SITE_URL = "https://agreements.example.org"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-pem-file"
    assert response["Content-Disposition"] == (
        'attachment; filename="agreements.example.org-signing-certificate.pem"'
    )
    published = x509.load_pem_x509_certificates(response.content)
    files = signing_files()
    assert published == [
        x509.load_pem_x509_certificate(files.certificate.read_bytes()),
        x509.load_pem_x509_certificate(files.root.read_bytes()),
    ]
    assert b"PRIVATE KEY" not in response.content


@pytest.mark.django_db
def test_a_sealed_pdf_checks_against_the_published_certificate(
    client: Client, sealed: bytes, tmp_path: Path
) -> None:
    downloaded = tmp_path / "signing-certificate.pem"
    downloaded.write_bytes(client.get(URL).content)
    verifier = SigningFiles(key=tmp_path / "none", certificate=tmp_path / "none", root=downloaded)
    assert check_pdf(sealed, files=verifier).verdict == Verdict.SEALED_HERE


@pytest.mark.django_db
def test_without_a_certificate_the_page_explains(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.SIGNING_CERT_PATH = str(tmp_path / "missing.pem")
    response = client.get(URL)
    assert response.status_code == 503
    assert "text/html" in response["Content-Type"]
    assert b"The signing certificate is not available yet" in response.content
