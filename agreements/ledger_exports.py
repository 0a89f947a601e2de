"""Ledger entries in words (see audit.vocabulary) for checks of sealed PDFs on the
register's verify page and for exports of signed agreements."""

from collections.abc import Mapping

from audit.vocabulary import Detail, Target, Verb, as_hash, describe, describe_targets

from .models import Export

OUTCOMES = {
    "sealed-here": "sealed by this service and unchanged since",
    "altered": "changed after it was sealed",
    "not-issued-here": "sealed, but not by this service",
    "unsealed": "not sealed",
    "not-pdf": "not a PDF",
    "too-big": "too big to check",
    "unreadable": "a PDF that could not be checked",
}

VERIFIED: Mapping[str, Detail] = {
    "outcome": Detail("Found to be", values=OUTCOMES),
    "sha256": Detail("Fingerprint of the file checked (SHA-256)", show=as_hash),
    "size": Detail("Size in bytes"),
    "version": Detail("Version"),
    "version_sha256": Detail("Fingerprint of the version (SHA-256)", show=as_hash),
}

EXPORT: Mapping[str, Detail] = {
    "agreements": Detail("Signed agreements"),
    "chosen": Detail("Agreements chosen"),
    "included": Detail("Sealed PDFs in it"),
    "left_out": Detail("Left out, with no sealed PDF ready"),
    "sha256": Detail("Fingerprint of the ZIP file (SHA-256)", show=as_hash),
    "size": Detail("Size in bytes"),
    "reason": Detail("Why"),
}

VERBS: Mapping[str, Verb] = {
    "document.verified": Verb(
        "checked a PDF on the register: it is {outcome}",
        "checked a PDF",
        VERIFIED,
        nobody="Someone",
    ),
    "export.requested": Verb(
        "asked for an export of the sealed PDFs of signed agreements",
        "asked for an export of sealed PDFs",
        EXPORT,
    ),
    "export.ready": Verb(
        "finished an export of sealed PDFs",
        "finished an export of sealed PDFs",
        EXPORT,
    ),
    "export.failed": Verb(
        "could not finish an export of sealed PDFs", "could not finish an export", EXPORT
    ),
    "export.downloaded": Verb(
        "downloaded an export of sealed PDFs", "downloaded an export of sealed PDFs", EXPORT
    ),
}


def _exports(ids: list[str]) -> dict[str, Target]:
    numbers = [int(i) for i in ids if i.isdigit()]
    return {
        str(e.pk): Target(str(e))
        for e in Export.objects.filter(pk__in=numbers).select_related("area")
    }


def register() -> None:
    describe(VERBS)
    describe_targets("agreements.export", _exports)
