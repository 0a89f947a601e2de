"""The deployment's signing certificate: where it is, whether it can be used, and making a
self-signed one for development and demonstration.

Settings (from the environment; see .env.example):
- ``SIGNING_KEY_PATH``: the private key that seals PDFs (PEM).
- ``SIGNING_CERT_PATH``: its certificate (PEM).
- ``SIGNING_ROOT_CERT_PATH``: the root certificate, and any intermediates, that a sealed
  PDF must chain to for this service to call it its own (PEM, one or more). Use a root of
  your own, not a public one: every certificate under it counts as this service's.
- ``SIGNING_ROOT_KEY_PATH``: the root's key; only ``create_signing_cert`` uses it.
- ``SIGNING_KEY_PASSPHRASE``: the keys' passphrase, if they are encrypted.
- ``SIGNING_TSA_URL``: an RFC 3161 time-stamp server; empty for none.
- ``SIGNING_TSA_ROOT_CERT_PATH``: the root certificate(s) of time-stamp servers whose times
  the check relies on (PEM); without it, a PDF's sealing time is the sealer's own claim.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from cryptography.x509.oid import NameOID
from django.conf import settings

MISSING_CERTIFICATE = (
    "There is no signing certificate at {path}, so PDFs cannot be sealed or checked. "
    "For development or a demonstration run `python manage.py create_signing_cert` "
    "(`make run` does); in production set SIGNING_KEY_PATH, SIGNING_CERT_PATH and "
    "SIGNING_ROOT_CERT_PATH to the deployment's certificate (see .env.example)."
)

# Keys the service makes itself: NIST P-256, which every current PDF reader verifies.
_CURVE = ec.SECP256R1()


class SigningCertificateError(Exception):
    """The deployment's signing certificate is missing or cannot be used; the message
    says what to do."""


@dataclass(frozen=True)
class SigningFiles:
    """Where a signing certificate and its key are kept, and how to use them."""

    key: Path
    certificate: Path
    root: Path
    passphrase: str = ""
    tsa_url: str = ""
    root_key: Path | None = None
    tsa_roots: Path | None = None


@dataclass(frozen=True)
class SigningMaterial:
    """A signing key and certificate, read and checked, with the roots they chain to."""

    key: PrivateKeyTypes
    certificate: x509.Certificate
    roots: tuple[x509.Certificate, ...]


def signing_files() -> SigningFiles:
    """The configured signing certificate's files (which need not exist yet)."""
    return SigningFiles(
        key=Path(settings.SIGNING_KEY_PATH),
        certificate=Path(settings.SIGNING_CERT_PATH),
        root=Path(settings.SIGNING_ROOT_CERT_PATH),
        passphrase=settings.SIGNING_KEY_PASSPHRASE,
        tsa_url=settings.SIGNING_TSA_URL,
        root_key=Path(settings.SIGNING_ROOT_KEY_PATH),
        tsa_roots=(
            Path(settings.SIGNING_TSA_ROOT_CERT_PATH)
            if settings.SIGNING_TSA_ROOT_CERT_PATH
            else None
        ),
    )


def load_roots(files: SigningFiles) -> tuple[x509.Certificate, ...]:
    """The certificates a PDF sealed here chains to. Raises SigningCertificateError."""
    if not files.root.is_file():
        raise SigningCertificateError(MISSING_CERTIFICATE.format(path=files.root))
    return _certificates(files.root, "root certificate")


def load_tsa_roots(files: SigningFiles) -> tuple[x509.Certificate, ...]:
    """The roots of the time-stamp servers whose times are relied on (none if not set).
    Raises SigningCertificateError when the setting names a file that is not there."""
    if files.tsa_roots is None:
        return ()
    if not files.tsa_roots.is_file():
        raise SigningCertificateError(
            f"SIGNING_TSA_ROOT_CERT_PATH names {files.tsa_roots}, which does not exist."
        )
    return _certificates(files.tsa_roots, "time-stamp root certificate")


def _certificates(path: Path, what: str) -> tuple[x509.Certificate, ...]:
    try:
        return tuple(x509.load_pem_x509_certificates(path.read_bytes()))
    except ValueError as error:
        raise SigningCertificateError(
            f"The {what} file {path} holds no PEM certificate ({error})."
        ) from error


def load_material(files: SigningFiles, *, at: datetime.datetime | None = None) -> SigningMaterial:
    """Read the signing key and certificate and check they can seal a PDF now: present,
    readable with the passphrase, a matching pair, in date. Raises SigningCertificateError
    with a message that says what is wrong and what to do."""
    for path in (files.key, files.certificate):
        if not path.is_file():
            raise SigningCertificateError(MISSING_CERTIFICATE.format(path=path))
    try:
        certificate = x509.load_pem_x509_certificate(files.certificate.read_bytes())
    except ValueError as error:
        raise SigningCertificateError(
            f"The signing certificate {files.certificate} is not a PEM certificate ({error})."
        ) from error
    try:
        key = serialization.load_pem_private_key(
            files.key.read_bytes(), password=files.passphrase.encode() or None
        )
    except (ValueError, TypeError) as error:
        raise SigningCertificateError(
            f"The signing key {files.key} could not be read: it is not a PEM private key, or "
            f"SIGNING_KEY_PASSPHRASE does not open it ({error})."
        ) from error
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise SigningCertificateError(
            f"The signing key {files.key} does not belong to the certificate {files.certificate}."
        )
    now = at or datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise SigningCertificateError(
            f"The signing certificate {files.certificate} is valid from "
            f"{certificate.not_valid_before_utc:%d %B %Y} to "
            f"{certificate.not_valid_after_utc:%d %B %Y}, not now. Renew it (for a development "
            "certificate: `python manage.py create_signing_cert --force`)."
        )
    return SigningMaterial(key=key, certificate=certificate, roots=load_roots(files))


def _public_der(public_key: PublicKeyTypes) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_certificate_pem(files: SigningFiles | None = None) -> bytes | None:
    """The public part of the signing certificate, for anyone to check sealed PDFs with:
    the signing certificate followed by its roots, in PEM. None when none is configured."""
    files = files or signing_files()
    if not files.certificate.is_file() or not files.root.is_file():
        return None
    try:
        chain = [x509.load_pem_x509_certificate(files.certificate.read_bytes())]
        chain += x509.load_pem_x509_certificates(files.root.read_bytes())
    except ValueError:
        return None
    unique = list(dict.fromkeys(chain))
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in unique)


# Making a development certificate.


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,  # "non-repudiation", which PDF seals require
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def make_root(
    *, common_name: str, organisation: str, days: int = 3650
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A new self-signed root certificate authority that may issue signing certificates."""
    key = ec.generate_private_key(_CURVE)
    now = datetime.datetime.now(datetime.UTC)
    name = _name(common_name, organisation)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def make_signing_certificate(
    *,
    root_key: ec.EllipticCurvePrivateKey,
    root: x509.Certificate,
    common_name: str,
    organisation: str,
    days: int = 1095,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A new document-signing certificate issued by ``root``. Never valid beyond the root."""
    key = ec.generate_private_key(_CURVE)
    now = datetime.datetime.now(datetime.UTC)
    until = min(now + datetime.timedelta(days=days), root.not_valid_after_utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()  # the root's own key identifies it
            ),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return key, certificate


def write_private_key(path: Path, key: ec.EllipticCurvePrivateKey, *, passphrase: str) -> None:
    """Write a private key readable by its owner only, encrypted when a passphrase is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    data = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    _write(path, data, mode=0o600)


def write_certificates(path: Path, *certificates: x509.Certificate) -> None:
    _write(path, b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates))


def _write(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(partial, mode)
    partial.replace(path)
