from datetime import UTC, datetime
from pathlib import Path

import pytest

from documents.certificates import (
    SigningFiles,
    make_root,
    make_signing_certificate,
    write_certificates,
    write_private_key,
)
from documents.render import PdfMetadata, RenderedPdf, render_pdf
from documents.seal import seal_pdf
from tests.documents.pdfs import html_document

METADATA = PdfMetadata(
    title="Early help information sharing",
    custom={
        "AgreementReference": "LDS-2026-0007",
        "VersionNumber": "3",
        "VersionSHA256": "9f" * 32,
    },
    created=datetime(2026, 11, 30, 14, 5, tzinfo=UTC),
)


def certificate_files(directory: Path, *, organisation: str) -> SigningFiles:
    """A root and signing certificate of their own, as another organisation would have."""
    root_key, root = make_root(common_name=f"{organisation} root", organisation=organisation)
    key, certificate = make_signing_certificate(
        root_key=root_key, root=root, common_name="Document seal", organisation=organisation
    )
    files = SigningFiles(
        key=directory / "key.pem", certificate=directory / "cert.pem", root=directory / "root.pem"
    )
    write_private_key(files.key, key, passphrase="")
    write_certificates(files.certificate, certificate)
    write_certificates(files.root, root)
    return files


@pytest.fixture(scope="session")
def rendered() -> RenderedPdf:
    """A document of several pages, rendered once for the tests that only read it."""
    return render_pdf(html_document(sections=10), metadata=METADATA)


@pytest.fixture(scope="session")
def sealed(rendered: RenderedPdf) -> bytes:
    """That document sealed by this deployment's certificate."""
    return seal_pdf(rendered.content, reason="Signed by every party", location="Leeds")


@pytest.fixture(scope="session")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> SigningFiles:
    return certificate_files(tmp_path_factory.mktemp("elsewhere"), organisation="Elsewhere Council")
