"""The ledger's entries about PDFs of versions, in words (see audit.vocabulary)."""

from collections.abc import Mapping

from audit.vocabulary import Detail, Verb, as_hash, describe

from .models import DocumentKind

_DOCUMENT: Mapping[str, Detail] = {
    "version": Detail("Version"),
    "kind": Detail(
        "PDF",
        values={
            DocumentKind.SEALED: "the signed agreement, sealed",
            DocumentKind.DRAFT: "a draft, not signed",
        },
    ),
    "again": Detail("Asked for again after it failed"),
    "on_signing": Detail("Asked for by the service when every party had signed"),
    "sha256": Detail("Fingerprint of the PDF (SHA-256)", show=as_hash),
    "pages": Detail("Pages"),
    "size": Detail("Size in bytes"),
    "reason": Detail("Why"),
}

VERBS: Mapping[str, Verb] = {
    "document.requested": Verb(
        "asked for a PDF of version {version}", "asked for a PDF", _DOCUMENT
    ),
    "document.ready": Verb("made the PDF of version {version}", "made a PDF", _DOCUMENT),
    "document.failed": Verb(
        "could not make the PDF of version {version}", "could not make a PDF", _DOCUMENT
    ),
    "document.downloaded": Verb(
        "downloaded the PDF of version {version}", "downloaded a PDF", _DOCUMENT
    ),
}


def register() -> None:
    describe(VERBS)
