"""manage.py create_signing_cert: a development certificate, made once, never committed."""

import io
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from documents.certificates import signing_files
from documents.check import Verdict, check_pdf
from documents.render import RenderedPdf
from documents.seal import seal_pdf


@pytest.fixture
def signing_dir(settings: Any, tmp_path: Path) -> Path:
    directory = tmp_path / "var" / "signing"
    settings.SIGNING_KEY_PATH = str(directory / "signing-key.pem")
    settings.SIGNING_CERT_PATH = str(directory / "signing-cert.pem")
    settings.SIGNING_ROOT_CERT_PATH = str(directory / "root-cert.pem")
    settings.SIGNING_ROOT_KEY_PATH = str(directory / "root-key.pem")
    settings.SIGNING_KEY_PASSPHRASE = ""
    return directory


def run(*args: str) -> str:
    output = io.StringIO()
    call_command("create_signing_cert", *args, stdout=output)
    return output.getvalue()


def test_it_makes_a_root_and_a_signing_certificate(signing_dir: Path, settings: Any) -> None:
    settings.SITE_URL = "https://agreements.example.org"
    output = run()
    assert "Made a new root certificate" in output
    assert "Made a signing certificate valid until" in output
    files = signing_files()
    for key in (files.key, files.root_key):
        assert key is not None
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(signing_dir.stat().st_mode) == 0o700
    certificate = x509.load_pem_x509_certificate(files.certificate.read_bytes())
    root = x509.load_pem_x509_certificate(files.root.read_bytes())
    assert certificate.issuer == root.subject
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "Document seal, agreements.example.org"
    )
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment


def test_running_it_again_changes_nothing(signing_dir: Path) -> None:
    run()
    before = {p.name: p.read_bytes() for p in signing_dir.iterdir()}
    output = run()
    assert "nothing changed" in output
    assert {p.name: p.read_bytes() for p in signing_dir.iterdir()} == before


def test_force_renews_the_signing_certificate_under_the_same_root(
    signing_dir: Path, rendered: RenderedPdf
) -> None:
    run()
    earlier = seal_pdf(rendered.content)
    files = signing_files()
    root_before, cert_before = files.root.read_bytes(), files.certificate.read_bytes()
    output = run("--force")
    assert "Made a new root" not in output
    assert files.root.read_bytes() == root_before
    assert files.certificate.read_bytes() != cert_before
    # Documents sealed before the renewal are still this service's.
    assert check_pdf(earlier).verdict == Verdict.SEALED_HERE
    assert check_pdf(seal_pdf(rendered.content)).verdict == Verdict.SEALED_HERE


def test_a_new_root_disowns_earlier_documents(signing_dir: Path, rendered: RenderedPdf) -> None:
    run()
    earlier = seal_pdf(rendered.content)
    assert "Made a new root certificate" in run("--new-root")
    assert check_pdf(earlier).verdict == Verdict.NOT_ISSUED_HERE


def test_keys_are_encrypted_with_the_passphrase(
    signing_dir: Path, settings: Any, rendered: RenderedPdf
) -> None:
    settings.SIGNING_KEY_PASSPHRASE = "a long passphrase for the seal"
    run()
    files = signing_files()
    assert b"ENCRYPTED PRIVATE KEY" in files.key.read_bytes()
    assert files.root_key is not None
    assert b"ENCRYPTED PRIVATE KEY" in files.root_key.read_bytes()
    assert check_pdf(seal_pdf(rendered.content)).verdict == Verdict.SEALED_HERE


def test_a_root_without_its_key_cannot_issue(signing_dir: Path) -> None:
    run()
    files = signing_files()
    assert files.root_key is not None
    files.root_key.unlink()
    files.certificate.unlink()
    with pytest.raises(CommandError, match="--new-root"):
        run()


def test_the_signing_directory_is_not_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    ignored = (root / ".gitignore").read_text().split()
    assert "var/" in ignored
