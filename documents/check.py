"""Checking a PDF someone was sent: is it a document this service sealed, unchanged since?

``check_pdf`` takes untrusted bytes (an upload) and answers in plain words. It never
raises for bad input: an empty file, something else renamed ``.pdf``, a file too big, a
damaged PDF or a "PDF bomb" each get a verdict and a reason. Its guards:

- size: at most ``CheckLimits.max_bytes``, refused before anything is parsed;
- decompression: streams are inflated only when read, within pyHanko's decoding limits
  (tightened here), so a small file cannot expand to gigabytes;
- pages and signatures: their counts are read from the document's own structure, not by
  walking it, and documents with more than this service ever issues are refused;
- time: signature validation hashes the signed bytes once and needs no network (no
  fetching of revocation data), and the diff analysis of later revisions is not run: a
  seal must cover the whole file, so anything appended after sealing is an alteration.
"""

import datetime
import hashlib
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import (
    DEFAULT_PURPOSE_LIMITS,
    DecodeLimits,
    DecodePurpose,
    DocumentDecodeBudget,
    StreamDecodeLimits,
)
from pyhanko.pdf_utils.misc import PdfDecodeLimitError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .certificates import SigningFiles, load_roots, load_tsa_roots, signing_files
from .sync import outside_event_loop

logger = logging.getLogger(__name__)

MiB = 1024 * 1024


class Verdict(StrEnum):
    NOT_PDF = "not-pdf"
    TOO_BIG = "too-big"
    UNREADABLE = "unreadable"
    UNSEALED = "unsealed"
    ALTERED = "altered"
    NOT_ISSUED_HERE = "not-issued-here"
    SEALED_HERE = "sealed-here"


SUMMARIES = {
    Verdict.NOT_PDF: "This file is not a PDF.",
    Verdict.TOO_BIG: "This file is too big to check.",
    Verdict.UNREADABLE: "This PDF could not be checked.",
    Verdict.UNSEALED: "This PDF has no seal, so nothing shows who issued it or that it is unchanged.",
    Verdict.ALTERED: "This PDF has been changed since it was sealed.",
    Verdict.NOT_ISSUED_HERE: "This PDF was not sealed by this service.",
    Verdict.SEALED_HERE: (
        "This PDF was sealed by this service and has not been changed since it was sealed."
    ),
}


@dataclass(frozen=True)
class CheckLimits:
    """What a PDF may be and still be checked. The defaults are far above any document
    this service issues and far below what would strain it."""

    max_bytes: int = 20 * MiB
    max_pages: int = 2_000
    max_signatures: int = 8
    max_metadata_fields: int = 40
    max_metadata_length: int = 2_000


DEFAULT_LIMITS = CheckLimits()

_DECODE_LIMITS = DecodeLimits(
    per_stream=StreamDecodeLimits(max_ratio=1100, ratio_floor=MiB, max_output_size=32 * MiB),
    per_purpose={
        **DEFAULT_PURPOSE_LIMITS,
        DecodePurpose.OBJECT_STREAM: StreamDecodeLimits(
            max_ratio=100, ratio_floor=MiB, max_output_size=16 * MiB
        ),
    },
    document_budget=DocumentDecodeBudget(base_allowance=64 * MiB, max_ratio=20),
)


@dataclass(frozen=True)
class PdfCheck:
    """The answer about one file. ``summary`` is one sentence for a headline; ``reasons``
    say more, in plain words. ``metadata`` is what the file says about itself (title,
    custom fields such as an agreement reference): covered by the seal only when the
    verdict is ``SEALED_HERE``."""

    verdict: Verdict
    reasons: tuple[str, ...] = ()
    size: int = 0
    sha256: str = ""
    page_count: int | None = None
    signer: str = ""
    sealed_at: datetime.datetime | None = None
    # Whether ``sealed_at`` comes from a time-stamp server rather than the sealer's clock.
    timestamped: bool = False
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return SUMMARIES[self.verdict]

    @property
    def is_pdf(self) -> bool:
        return self.verdict not in (Verdict.NOT_PDF, Verdict.TOO_BIG)

    @property
    def sealed(self) -> bool:
        return self.verdict in (Verdict.ALTERED, Verdict.NOT_ISSUED_HERE, Verdict.SEALED_HERE)

    @property
    def intact(self) -> bool:
        """Sealed and unchanged since (whoever sealed it)."""
        return self.verdict in (Verdict.NOT_ISSUED_HERE, Verdict.SEALED_HERE)

    @property
    def issued_here(self) -> bool:
        return self.verdict == Verdict.SEALED_HERE


@dataclass(frozen=True)
class _Seal:
    """One signature's validation, reduced to what the verdict needs."""

    intact: bool
    ours: bool
    whole_file: bool
    signer: str = ""
    sealed_at: datetime.datetime | None = None
    timestamped: bool = False
    problem: str = ""


def check_pdf(
    data: bytes, *, limits: CheckLimits = DEFAULT_LIMITS, files: SigningFiles | None = None
) -> PdfCheck:
    """Check PDF bytes: is it a PDF, is it sealed, unchanged since, by this deployment's
    certificate (one that chains to ``SIGNING_ROOT_CERT_PATH``), and what does it say about
    itself. Never raises for bad input.

    Raises SigningCertificateError only when this deployment has no root certificate to
    check against: a configuration problem, not the file's.
    """
    files = files or signing_files()
    roots, tsa_roots = load_roots(files), load_tsa_roots(files)
    size = len(data)
    if size == 0:
        return PdfCheck(Verdict.NOT_PDF, ("The file is empty.",))
    if size > limits.max_bytes:
        return PdfCheck(
            Verdict.TOO_BIG,
            (
                f"The file is {_megabytes(size)}; files of up to "
                f"{_megabytes(limits.max_bytes)} can be checked. Documents from this "
                "service are far smaller: check that this is the file you were sent.",
            ),
            size=size,
        )
    base = PdfCheck(Verdict.UNREADABLE, size=size, sha256=hashlib.sha256(data).hexdigest())
    if b"%PDF-" not in data[:1024]:
        return replace(base, verdict=Verdict.NOT_PDF, reasons=(_what_it_looks_like(data),))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=_DECODE_LIMITS)
        if reader.encrypt_dict is not None:
            return replace(
                base,
                verdict=Verdict.NOT_ISSUED_HERE,
                reasons=("The PDF is encrypted; documents sealed by this service never are.",),
            )
        pages = _page_count(reader)
        if pages > limits.max_pages:
            return replace(
                base,
                page_count=pages,
                reasons=(
                    f"The PDF says it has {pages:,} pages, more than the {limits.max_pages:,} "
                    "any document from this service has, so it was not checked further.",
                ),
            )
        base = replace(base, page_count=pages, metadata=_metadata(reader, limits))
        signatures = reader.embedded_regular_signatures
    except PdfDecodeLimitError:
        return replace(base, reasons=(_BOMB,))
    except Exception:  # an untrusted file can break a parser in any way
        logger.info("An uploaded PDF could not be read", exc_info=True)
        return replace(base, reasons=(_DAMAGED,))

    if not signatures:
        return replace(
            base,
            verdict=Verdict.UNSEALED,
            reasons=(
                "Documents from this service are sealed when signed; drafts are never sealed.",
            ),
        )
    if len(signatures) > limits.max_signatures:
        return replace(
            base,
            reasons=(
                f"The PDF carries {len(signatures)} signatures; documents from this service "
                "carry one.",
            ),
        )
    trust, tsa_trust = _asn1(roots), _asn1(tsa_roots)
    return _verdict([_validate(signature, trust, tsa_trust) for signature in signatures], base)


def _asn1(certificates: tuple[x509.Certificate, ...]) -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certificates
    ]


def _verdict(seals: list[_Seal], base: PdfCheck) -> PdfCheck:
    broken = next((s for s in seals if not s.intact), None)
    if broken is not None:
        return replace(
            base,
            verdict=Verdict.ALTERED,
            reasons=(broken.problem or _CHANGED_CONTENT,),
            signer=broken.signer,
        )
    ours = next((s for s in seals if s.ours), None)
    seal = ours or seals[0]
    base = replace(base, signer=seal.signer, sealed_at=seal.sealed_at, timestamped=seal.timestamped)
    if ours is None:
        return replace(
            base,
            verdict=Verdict.NOT_ISSUED_HERE,
            reasons=(
                f"It was sealed by “{seal.signer}”, whose certificate does not come from this "
                "service's root certificate.",
            ),
        )
    if not ours.whole_file:
        return replace(
            base,
            verdict=Verdict.ALTERED,
            reasons=(
                "The seal by this service is intact, but something was added to the file "
                "after it was sealed, so what you see may not be what was sealed.",
            ),
        )
    return replace(base, verdict=Verdict.SEALED_HERE, reasons=())


def _validate(
    signature: EmbeddedPdfSignature,
    trust: list[asn1_x509.Certificate],
    tsa_trust: list[asn1_x509.Certificate],
) -> _Seal:
    try:
        signer = _describe(signature.signer_cert)
        claimed = signature.self_reported_timestamp
    except Exception:  # a damaged signature can break its parser in any way
        logger.info("A signature in an uploaded PDF could not be read", exc_info=True)
        return _Seal(intact=False, ours=False, whole_file=False, problem=_DAMAGED_SEAL)
    context = ValidationContext(
        trust_roots=trust,
        # Judge the certificate as it was when the document was sealed, so a seal stays
        # good after its certificate expires. The claimed time is covered by the seal.
        moment=claimed or datetime.datetime.now(datetime.UTC),
        allow_fetching=False,
    )
    # A time-stamp token is outside what the seal's signature covers, so its time counts
    # only when a time-stamp server this deployment trusts vouches for it.
    stamps = ValidationContext(trust_roots=tsa_trust or trust, allow_fetching=False)
    try:
        status = outside_event_loop(
            validate_pdf_signature,
            signature,
            context,
            ts_validation_context=stamps,
            skip_diff=True,
        )
    except Exception:
        logger.info("A signature in an uploaded PDF could not be validated", exc_info=True)
        return _Seal(
            intact=False, ours=False, whole_file=False, signer=signer, problem=_DAMAGED_SEAL
        )
    intact = status.intact and status.valid
    stamp = status.timestamp_validity
    stamped = stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    return _Seal(
        intact=intact,
        ours=intact and status.trusted,
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=signer,
        sealed_at=stamp.timestamp if stamp is not None and stamped else claimed,
        timestamped=stamped,
    )


def _describe(certificate: asn1_x509.Certificate) -> str:
    """A certificate's holder as people say it: "Document seal (Leeds City Council)"."""
    subject = certificate.subject.native
    name, organisation = subject.get("common_name"), subject.get("organization_name")
    if not isinstance(name, str) or not name:
        return str(certificate.subject.human_friendly)
    if isinstance(organisation, str) and organisation and organisation not in name:
        return f"{name} ({organisation})"
    return name


def _page_count(reader: PdfFileReader) -> int:
    count = reader.root["/Pages"]["/Count"]
    if not isinstance(count, int) or count < 0:
        raise ValueError("The page tree has no page count.")
    return int(count)


def _metadata(reader: PdfFileReader, limits: CheckLimits) -> dict[str, str]:
    info = reader.trailer_view.get("/Info")
    if info is None:
        return {}
    info = info.get_object()
    if not isinstance(info, generic.DictionaryObject):
        return {}
    found: dict[str, str] = {}
    for key in list(info.keys())[: limits.max_metadata_fields]:
        value = info[key]
        if isinstance(value, generic.TextStringObject | generic.ByteStringObject):
            text = str(value) if isinstance(value, str) else value.original_bytes.decode("latin-1")
            found[str(key).removeprefix("/")] = text[: limits.max_metadata_length]
    return found


def _megabytes(size: int) -> str:
    return f"{size / MiB:.1f} MB"


_MAGIC = (
    (b"PK\x03\x04", "a ZIP file, such as a Word, Excel or OpenDocument file"),
    (b"\xd0\xcf\x11\xe0", "an older Word or Excel file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a rich-text (RTF) document"),
)


def _what_it_looks_like(data: bytes) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"It looks like {kind}. Upload the PDF itself."
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "It looks like a web page. Upload the PDF itself."
    return "A PDF file starts with “%PDF-”, and this one does not. Upload the PDF itself."


_BOMB = (
    "Part of the file expands to far more data than its size suggests, as files made to "
    "overwhelm software do, so it was not opened further. It is not a document from this "
    "service."
)
_DAMAGED = (
    "The file starts like a PDF but is damaged or built in a way that cannot be read "
    "safely. Documents from this service open in any PDF reader."
)
_DAMAGED_SEAL = (
    "The seal in the file is damaged: its signature data cannot be read, as happens when "
    "the file is changed after sealing."
)
_CHANGED_CONTENT = (
    "The content no longer matches the seal: at least one byte of the file was changed "
    "after it was sealed."
)
