"""Sealing with the deployment's certificate and checking seals, with real pyHanko."""

import asyncio
import datetime
import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from documents.certificates import (
    SigningCertificateError,
    SigningFiles,
    make_root,
    signing_files,
    write_certificates,
    write_private_key,
)
from documents.check import Verdict, check_pdf
from documents.render import RenderedPdf
from documents.seal import SealError, seal_pdf
from tests.documents.conftest import certificate_files
from tests.documents.tsa import time_stamp_authority


def test_a_sealed_pdf_checks_as_issued_here(rendered: RenderedPdf, sealed: bytes) -> None:
    result = check_pdf(sealed)
    assert result.verdict == Verdict.SEALED_HERE
    assert result.sealed
    assert result.intact
    assert result.issued_here
    assert result.summary == (
        "This PDF was sealed by this service and has not been changed since it was sealed."
    )
    assert result.page_count == rendered.page_count
    assert result.metadata["Title"] == "Early help information sharing"
    assert result.metadata["AgreementReference"] == "LDS-2026-0007"
    assert result.metadata["VersionNumber"] == "3"
    assert result.metadata["VersionSHA256"] == "9f" * 32
    assert result.signer.startswith("Document seal")
    assert result.sealed_at is not None
    assert abs(result.sealed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(hours=1)
    assert not result.timestamped


def test_sealing_keeps_the_document_and_adds_the_seal(rendered: RenderedPdf, sealed: bytes) -> None:
    # An incremental update: the rendered bytes are untouched, the seal follows them.
    assert sealed.startswith(rendered.content)
    assert b"/ETSI.CAdES.detached" in sealed
    assert b"/DocMDP" in sealed


def test_an_unsealed_pdf_is_reported_as_unsealed(rendered: RenderedPdf) -> None:
    result = check_pdf(rendered.content)
    assert result.verdict == Verdict.UNSEALED
    assert not result.sealed
    assert result.metadata["AgreementReference"] == "LDS-2026-0007"


def _change_byte(data: bytes, position: int) -> bytes:
    # One character for another of the same kind (digit for digit), so only the meaning
    # changes, never the file's structure.
    changed = b"1" if data[position : position + 1] == b"0" else b"0"
    if not data[position : position + 1].isdigit() and data[position] not in b"abcdefABCDEF":
        changed = bytes([data[position] ^ 0x01])
    return data[:position] + changed + data[position + 1 :]


@pytest.mark.parametrize("where", ["page content", "signature value", "seal time"])
def test_one_changed_byte_after_sealing_is_reported_as_altered(sealed: bytes, where: str) -> None:
    if where == "page content":
        position = sealed.index(b"stream\n") + 200
    elif where == "signature value":
        # The signature value ends the signature data, which is followed by padding.
        start = sealed.index(b"/Contents <") + len(b"/Contents <")
        signature = sealed[start : sealed.index(b">", start)].rstrip(b"0")
        position = start + len(signature) - 10
    else:
        position = sealed.index(b"/M (D\\072") + len(b"/M (D\\072") + 3
    altered = _change_byte(sealed, position)
    assert len(altered) == len(sealed)
    assert altered != sealed
    result = check_pdf(altered)
    assert result.verdict == Verdict.ALTERED, result.reasons
    assert not result.intact
    assert not result.issued_here
    assert "changed" in result.reasons[0]


def test_anything_added_after_sealing_is_reported_as_altered(sealed: bytes) -> None:
    result = check_pdf(sealed + b"\n% a note added later\n")
    assert result.verdict == Verdict.ALTERED
    assert "added to the file after it was sealed" in result.reasons[0]


def test_a_sealed_pdf_cannot_be_sealed_again(sealed: bytes) -> None:
    # The seal allows no changes, a further signature included.
    with pytest.raises(SealError):
        seal_pdf(sealed)


def test_a_pdf_sealed_by_another_certificate_is_not_issued_here(
    rendered: RenderedPdf, elsewhere: SigningFiles
) -> None:
    theirs = seal_pdf(rendered.content, files=elsewhere)
    assert check_pdf(theirs, files=elsewhere).verdict == Verdict.SEALED_HERE
    result = check_pdf(theirs)
    assert result.verdict == Verdict.NOT_ISSUED_HERE
    assert result.intact
    assert not result.issued_here
    assert result.signer == "Document seal (Elsewhere Council)"
    assert "Document seal (Elsewhere Council)" in result.reasons[0]


def test_a_seal_stays_good_after_its_certificate_expires(
    rendered: RenderedPdf,
    tmp_path: Path,
) -> None:
    root_key, root = make_root(common_name="Short-lived root", organisation="Test")
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name.from_rfc4514_string("CN=Brief seal,O=Test"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(seconds=3))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    files = SigningFiles(
        key=tmp_path / "k.pem", certificate=tmp_path / "c.pem", root=tmp_path / "r.pem"
    )
    write_private_key(files.key, key, passphrase="")
    write_certificates(files.certificate, certificate)
    write_certificates(files.root, root)
    brief = seal_pdf(rendered.content, files=files)
    time.sleep(
        max(
            0.0,
            (certificate.not_valid_after_utc - datetime.datetime.now(datetime.UTC)).total_seconds(),
        )
        + 1.5
    )
    assert check_pdf(brief, files=files).verdict == Verdict.SEALED_HERE
    # ...while it no longer seals anything new.
    with pytest.raises(SigningCertificateError, match="not now"):
        seal_pdf(rendered.content, files=files)


def test_sealing_without_a_certificate_says_how_to_make_one(
    rendered: RenderedPdf, tmp_path: Path
) -> None:
    missing = replace(signing_files(), key=tmp_path / "none.pem")
    with pytest.raises(
        SigningCertificateError, match=re.escape("python manage.py create_signing_cert")
    ):
        seal_pdf(rendered.content, files=missing)


def test_checking_without_a_root_certificate_says_how_to_make_one(
    sealed: bytes, tmp_path: Path
) -> None:
    missing = replace(signing_files(), root=tmp_path / "none.pem")
    with pytest.raises(SigningCertificateError, match="create_signing_cert"):
        check_pdf(sealed, files=missing)


def test_a_key_that_does_not_match_the_certificate_is_refused(
    rendered: RenderedPdf, elsewhere: SigningFiles
) -> None:
    mismatched = replace(signing_files(), key=elsewhere.key)
    with pytest.raises(SigningCertificateError, match="does not belong to the certificate"):
        seal_pdf(rendered.content, files=mismatched)


def test_an_encrypted_key_needs_its_passphrase(rendered: RenderedPdf, tmp_path: Path) -> None:
    files = certificate_files(tmp_path, organisation="Careful Council")
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(files.key.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    write_private_key(files.key, key, passphrase="correct horse")
    assert b"ENCRYPTED" in files.key.read_bytes()
    with pytest.raises(SigningCertificateError, match="SIGNING_KEY_PASSPHRASE"):
        seal_pdf(rendered.content, files=replace(files, passphrase="wrong"))
    sealed = seal_pdf(rendered.content, files=replace(files, passphrase="correct horse"))
    assert check_pdf(sealed, files=files).verdict == Verdict.SEALED_HERE


def test_the_time_stamp_server_not_answering_is_a_seal_error(rendered: RenderedPdf) -> None:
    # Port 9 (discard) on this machine: nothing answers there.
    with pytest.raises(SealError, match="time-stamp server"):
        seal_pdf(rendered.content, tsa_url="http://127.0.0.1:9/tsa")


def test_a_time_stamp_server_vouches_for_the_sealing_time(
    rendered: RenderedPdf, tmp_path: Path
) -> None:
    with time_stamp_authority() as authority:
        stamped = seal_pdf(rendered.content, tsa_url=authority.url)
    assert authority.requests == 1  # one token, not a trial one as well
    # Trusting the time-stamp server's root, the check reports its time...
    tsa_root = tmp_path / "tsa-root.pem"
    write_certificates(tsa_root, authority.root)
    result = check_pdf(stamped, files=replace(signing_files(), tsa_roots=tsa_root))
    assert result.verdict == Verdict.SEALED_HERE
    assert result.timestamped
    assert result.sealed_at == authority.time
    # ...and without, the sealer's own claim, though the seal is just as good.
    unvouched = check_pdf(stamped)
    assert unvouched.verdict == Verdict.SEALED_HERE
    assert not unvouched.timestamped
    assert unvouched.sealed_at != authority.time


def test_the_time_stamp_server_is_taken_from_settings(rendered: RenderedPdf, settings: Any) -> None:
    with time_stamp_authority() as authority:
        settings.SIGNING_TSA_URL = authority.url
        seal_pdf(rendered.content)
    assert authority.requests == 1


def test_sealing_and_checking_work_where_an_event_loop_runs(rendered: RenderedPdf) -> None:
    # As in an async view, or a worker thread that also drives a browser.
    async def in_a_loop() -> Verdict:
        return check_pdf(seal_pdf(rendered.content)).verdict

    found: list[Verdict] = []
    # A thread of its own, whatever this one is running.
    thread = threading.Thread(target=lambda: found.append(asyncio.run(in_a_loop())))
    thread.start()
    thread.join(timeout=60)
    assert found == [Verdict.SEALED_HERE]
