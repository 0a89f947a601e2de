"""Sealing a PDF: a PAdES signature by the deployment's certificate, with pyHanko.

The seal is a certification signature that allows no later changes: any change to the
file afterwards shows, in this service's check and in PDF readers. With ``SIGNING_TSA_URL``
set, an RFC 3161 time-stamp server vouches for when it was sealed (PAdES B-T); without,
the time is the service's own claim (PAdES B-B).

Drafts are never sealed: a caller that renders an unsigned version simply does not call
this.
"""

import datetime
import io
from functools import lru_cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .certificates import SigningCertificateError, SigningFiles, load_material, signing_files
from .sync import outside_event_loop

SEAL_FIELD = "Seal"

# Space kept in the file for the signature, so that it is made once (pyHanko otherwise
# makes a trial signature, and a trial time-stamp, to measure it). Generous for keys of
# any usual type with a chain of a few certificates; a time-stamp token brings the time-
# stamp server's own certificates.
_RESERVED = 16 * 1024
_RESERVED_TIMESTAMP = 16 * 1024


class SealError(Exception):
    """The PDF could not be sealed; the message says why."""


def seal_pdf(
    pdf: bytes,
    *,
    files: SigningFiles | None = None,
    reason: str = "",
    location: str = "",
    tsa_url: str | None = None,
) -> bytes:
    """Seal PDF bytes with the deployment's certificate and return the sealed bytes.

    ``files`` defaults to the configured certificate (``SIGNING_*`` settings); ``tsa_url``
    to ``SIGNING_TSA_URL``. ``reason`` and ``location`` are shown by PDF readers beside the
    signature.

    Raises SigningCertificateError when the certificate is missing or unusable (the message
    says how to make or configure one), and SealError when the PDF cannot be read or the
    time-stamp server does not answer.
    """
    files = files or signing_files()
    signer, valid_until = _signer(files, *_modified_times(files))
    if datetime.datetime.now(datetime.UTC) > valid_until:
        load_material(files)  # raises, saying the certificate has expired
    url = files.tsa_url if tsa_url is None else tsa_url
    timestamper = timestamps.HTTPTimeStamper(url, timeout=20) if url else None
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=reason or None,
        location=location or None,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = outside_event_loop(
            signers.PdfSigner(metadata, signer, timestamper=timestamper).sign_pdf,
            writer,
            bytes_reserved=_RESERVED + (_RESERVED_TIMESTAMP if timestamper else 0),
        )
    except timestamps.TimestampRequestError as error:
        raise SealError(f"The time-stamp server at {url} did not give a time-stamp: {error}") from (
            error
        )
    except (PdfError, ValueError) as error:
        raise SealError(f"The PDF could not be sealed: {error}") from error
    return output.getvalue()


def _modified_times(files: SigningFiles) -> tuple[float, float, float]:
    try:
        return (
            files.key.stat().st_mtime,
            files.certificate.stat().st_mtime,
            files.root.stat().st_mtime,
        )
    except FileNotFoundError:
        # load_material says which file is missing, and what to do.
        return (0.0, 0.0, 0.0)


@lru_cache(maxsize=4)
def _signer(
    files: SigningFiles, *modified: float
) -> tuple[signers.SimpleSigner, datetime.datetime]:
    """The signer for these files and the end of its certificate's validity, read and
    checked once while the files are unchanged (a renewed certificate has a new
    modification time, so it is picked up without a restart)."""
    material = load_material(files)
    key_der = material.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    chain = SimpleCertificateStore()
    chain.register_multiple(
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in material.roots
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            material.certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=chain,
    )
    return signer, material.certificate.not_valid_after_utc


__all__ = ["SEAL_FIELD", "SealError", "SigningCertificateError", "seal_pdf"]
