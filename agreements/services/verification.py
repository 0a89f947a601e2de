"""Checking a PDF anyone was sent (the register's verify page): whether this service
sealed it, unchanged since, and which agreement and version it is."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from audit.services import record_event
from documents.bounded import check_pdf_bounded
from documents.check import PdfCheck, Verdict

from ..selectors.verification import IssuedDocument, issued_document_for


@dataclass(frozen=True)
class Verification:
    """The check of one upload, and the document it matched, if any (only for a file
    sealed here and unchanged since)."""

    check: PdfCheck
    issued: IssuedDocument | None = None


# Content types a browser or mail client may give a PDF; anything else is refused unread.
PDF_TYPES = frozenset(
    {"application/pdf", "application/x-pdf", "application/acrobat", "application/octet-stream", ""}
)
WRONG_TYPE = "The file you chose was sent as “{content_type}”, not as a PDF. Choose the PDF itself."


def document_verify(*, data: bytes, content_type: str = "", actor: Any = None) -> Verification:
    """Check uploaded bytes (declared as ``content_type``: one that is not a PDF's is
    refused without reading the file), match them to an issued version when sealed here and intact,
    and record the outcome in the ledger as ``document.verified``: the verdict, the
    file's SHA-256 and size, never its content (which is not kept anywhere). The event
    is about the agreement the file matched, in its area's ledger; otherwise about
    nothing. Never raises for bad input (the check is bounded in time and memory);
    raises SigningCertificateError when the service has no certificate to check with."""
    declared = content_type.split(";", 1)[0].strip().lower()
    if declared not in PDF_TYPES:
        check = PdfCheck(
            Verdict.NOT_PDF,
            (WRONG_TYPE.format(content_type=declared[:100]),),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    else:
        check = check_pdf_bounded(data)
    issued = None
    if check.verdict == Verdict.SEALED_HERE:
        issued = issued_document_for(sha256=check.sha256, metadata=dict(check.metadata))
    verification_record(actor=actor, check=check, issued=issued)
    return Verification(check=check, issued=issued)


def verification_record(
    *, actor: Any, check: PdfCheck, issued: IssuedDocument | None = None
) -> None:
    """Record one verification (also of an upload refused before it was checked, such
    as one too big to read) as ``document.verified``."""
    data: dict[str, Any] = {"outcome": check.verdict.value, "sha256": check.sha256}
    if check.size:
        data["size"] = check.size
    agreement = None
    if issued is not None:
        agreement = issued.version.agreement
        data["version"] = issued.version.number
        data["version_sha256"] = issued.version.sha256
    with transaction.atomic():
        record_event(
            actor=actor,
            verb="document.verified",
            target=agreement,
            area=agreement.area if agreement is not None else None,
            data=data,
        )
