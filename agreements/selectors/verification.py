"""Which issued document a PDF someone was sent is: by the fingerprint of the file as
stored when it was sealed, or else by the version fingerprint the PDF carries in its
own metadata (covered by the seal)."""

import re
from dataclasses import dataclass

from ..models import DocumentKind, DocumentStatus, Publication, RenderedDocument, Version

SHA256 = re.compile(r"[0-9a-f]{64}")
# The metadata field in which a sealed PDF names the version it was rendered from.
VERSION_FIELD = "VersionSHA256"


@dataclass(frozen=True)
class IssuedDocument:
    """The version a sealed PDF was rendered from, and what the public may know of it:
    ``publication`` is the agreement's entry on the register, None when it was never
    published (then nothing but the version's fingerprint may be shown to the public)."""

    version: Version
    matched_by_file: bool
    publication: Publication | None

    @property
    def is_signed_version(self) -> bool:
        """Whether this is the version the agreement is signed on now (not one that a
        later signed version replaced)."""
        return self.version.agreement.signed_version_id == self.version.pk


def issued_document_for(*, sha256: str, metadata: dict[str, str]) -> IssuedDocument | None:
    """The issued version behind a sealed PDF: the sealed document stored with this file
    fingerprint, or the version whose fingerprint the PDF's metadata names. None when
    neither is known here."""
    version = None
    matched_by_file = False
    if SHA256.fullmatch(sha256):
        document = (
            RenderedDocument.objects.filter(
                sha256=sha256, kind=DocumentKind.SEALED, status=DocumentStatus.READY
            )
            .select_related("version__agreement__area")
            .defer("version__content", "version__canonical")
            .first()
        )
        if document is not None:
            version, matched_by_file = document.version, True
    claimed = str(metadata.get(VERSION_FIELD, "")).strip().lower()
    if version is None and SHA256.fullmatch(claimed):
        version = (
            Version.objects.filter(sha256=claimed)
            .select_related("agreement__area")
            .defer("content", "canonical")
            .order_by("pk")
            .first()
        )
    if version is None:
        return None
    publication = Publication.objects.filter(agreement_id=version.agreement_id).first()
    return IssuedDocument(version=version, matched_by_file=matched_by_file, publication=publication)
