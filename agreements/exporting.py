"""What goes into an export of signed agreements: each agreement's sealed PDF, named by
reference and version, and ``manifest.csv``, one row per signed agreement (those left
out too, saying why), with the fingerprints that let anyone check the files."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

from .models import Agreement, RenderedDocument, SignOff

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = (
    "Reference",
    "Title",
    "Area",
    "Status",
    "Version",
    "Version SHA-256",
    "Assessment SHA-256",
    "File",
    "PDF SHA-256",
    "Signatories",
    "Signed on",
    "Sealed on",
    "Review date",
    "Included",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def pdf_name(agreement: Agreement) -> str:
    """The PDF's name in the ZIP: references are letters, digits and hyphens."""
    number = agreement.signed_version.number if agreement.signed_version else 0
    return f"{agreement.reference}-version-{number}.pdf"


@dataclass
class ManifestRow:
    """One signed agreement in the manifest."""

    agreement: Agreement
    signoffs: list[SignOff] = field(default_factory=list)
    document: RenderedDocument | None = None
    file: str = ""
    pdf_sha256: str = ""
    left_out: str = ""

    def cells(self) -> list[str]:
        agreement, version = self.agreement, self.agreement.signed_version
        assert version is not None
        return [
            _cell(value)
            for value in (
                agreement.reference,
                agreement.title,
                agreement.area.name,
                agreement.get_status_display(),
                version.number,
                version.sha256,
                version.assessment_sha256,
                self.file,
                self.pdf_sha256,
                "; ".join(signatory(s) for s in self.signoffs),
                _day(signed_on(self.signoffs)),
                _day(self.document.finished_at if self.document and not self.left_out else None),
                _day(agreement.review_date),
                "yes" if not self.left_out else f"no: {self.left_out}",
            )
        ]


def signatory(signoff: SignOff) -> str:
    """ "Dr Amina Shah, Data protection officer, for Leeds City Council: approved on
    3 March 2027"."""
    decision = signoff.get_decision_display().lower()
    when = _day(signoff.signed_on or signoff.recorded_at)
    return (
        f"{signoff.signatory_name}, {signoff.capacity_label}, for {signoff.organisation_name}: "
        f"{decision} on {when}"
    )


def signed_on(signoffs: Iterable[SignOff]) -> date | None:
    """When the last party signed: the day the version became signed."""
    days = [_as_date(s.signed_on or s.recorded_at) for s in signoffs]
    return max((d for d in days if d is not None), default=None)


def manifest_csv(rows: Iterable[ManifestRow]) -> bytes:
    """The manifest as UTF-8 CSV (with a byte-order mark, so spreadsheets read the
    accents in names)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MANIFEST_COLUMNS)
    for row in rows:
        writer.writerow(row.cells())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _day(value: date | datetime | None) -> str:
    day = _as_date(value)
    return date_format(day) if day is not None else ""


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
