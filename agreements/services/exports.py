"""Exports of signed agreements: a ZIP of their sealed PDFs and a manifest, built in the
background (an outbox job) for the admin who asked, and downloaded by them alone.

A signed agreement whose sealed PDF is not ready (still being made, or failed) is left
out rather than waited for: an export is a snapshot of what can be handed over now, and
a render that failed would otherwise hold it up for ever. The page and the manifest name
each one left out and why, so the admin can export again once it is ready.
"""

import hashlib
import logging
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import record_event
from notifications.outbox import enqueue
from partners.models import Area, Role, User
from partners.permissions import user_has_role_in_area, user_is_platform_admin

from ..exporting import MANIFEST, ManifestRow, manifest_csv, pdf_name
from ..models import (
    Agreement,
    DocumentKind,
    DocumentStatus,
    Export,
    ExportStatus,
    RenderedDocument,
    SignOff,
)
from ..selectors.exports import signed_agreements
from .errors import AgreementError

logger = logging.getLogger(__name__)

NOT_AN_ADMIN = "Only the area's admins can export its signed agreements."
NOT_A_PLATFORM_ADMIN = "Only platform admins can export agreements chosen across areas."
NOTHING_CHOSEN = "Choose at least one agreement to export."
NOT_READY = "This export is not ready to download."
# An export waiting or being built for longer than this has been lost (its worker
# stopped); asking again starts a new one.
STALE_AFTER = timedelta(minutes=30)
_CHUNK = 1024 * 1024

LEFT_OUT = {
    None: "no sealed PDF has been asked for yet",
    DocumentStatus.QUEUED: "its sealed PDF is waiting to be made",
    DocumentStatus.RENDERING: "its sealed PDF is being made",
    DocumentStatus.FAILED: "its sealed PDF could not be made",
}
ALTERED_IN_STORAGE = "the stored PDF no longer matches the fingerprint taken when it was sealed"
MISSING_IN_STORAGE = "the stored PDF could not be read"


def export_start(*, area: Area, actor: User) -> Export:
    """Start an export of all the area's signed agreements for ``actor``, an area admin
    (raises AgreementError otherwise). An export of theirs for this area still waiting or
    being built is returned instead of starting another. Records ``export.requested``."""
    if not user_has_role_in_area(actor, area, {Role.AREA_ADMIN}):
        raise AgreementError(NOT_AN_ADMIN)
    with transaction.atomic():
        current = (
            Export.objects.select_for_update()
            .filter(
                requested_by=actor,
                area=area,
                status__in=(ExportStatus.QUEUED, ExportStatus.BUILDING),
                requested_at__gte=timezone.now() - STALE_AFTER,
            )
            .first()
        )
        if current is not None:
            return current
        return _start(Export(requested_by=actor, area=area), area=area)


def export_start_chosen(
    *, actor: Any, areas: Iterable[Area] = (), agreements: Iterable[Agreement] = ()
) -> list[Export]:
    """For platform admins (raises AgreementError otherwise): one export per chosen
    area, and one of the chosen agreements across areas. Records ``export.requested``
    for each."""
    if not user_is_platform_admin(actor):
        raise AgreementError(NOT_A_PLATFORM_ADMIN)
    areas, chosen = list(areas), sorted({a.pk for a in agreements})
    if not areas and not chosen:
        raise AgreementError(NOTHING_CHOSEN)
    with transaction.atomic():
        started = [_start(Export(requested_by=actor, area=area), area=area) for area in areas]
        if chosen:
            started.append(_start(Export(requested_by=actor, agreement_ids=chosen), area=None))
    return started


def _start(export: Export, *, area: Area | None) -> Export:
    agreements = signed_agreements(
        area_id=area.pk if area else None, agreement_ids=export.agreement_ids
    )
    export.total = agreements.count()
    export.save()
    enqueue(
        "agreements.tasks.build_export_task",
        area=area,
        description=f"Export of signed agreements asked for by {export.requested_by}",
        export_id=export.pk,
    )
    record_event(
        actor=export.requested_by,
        verb="export.requested",
        target=export,
        area=area,
        data={"agreements": export.total, **({} if area else {"chosen": _references(export)})},
    )
    return export


def _references(export: Export) -> list[str]:
    chosen = Agreement.objects.filter(pk__in=export.agreement_ids).order_by("reference")
    return list(chosen.values_list("reference", flat=True))


def export_build(*, export_id: int) -> Export | None:
    """Build the export's ZIP and store it (Django's storage; private), keeping its
    progress (done of total) on the export as it goes. Returns the export, None if there
    is none; one already finished is left as it is, so running this again does the work
    once. Records ``export.ready``. Raises what storage raises, for the task to record."""
    claimed = Export.objects.filter(
        pk=export_id, status__in=(ExportStatus.QUEUED, ExportStatus.BUILDING)
    ).update(status=ExportStatus.BUILDING, started_at=timezone.now(), done=0)
    export = Export.objects.select_related("area", "requested_by").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    agreements = list(signed_agreements(area_id=export.area_id, agreement_ids=export.agreement_ids))
    Export.objects.filter(pk=export_id).update(total=len(agreements))
    rows = _manifest_rows(agreements)
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            for done, row in enumerate(rows, start=1):
                _add_pdf(archive, row)
                Export.objects.filter(pk=export_id).update(done=done)
            archive.writestr(MANIFEST, manifest_csv(rows), compress_type=zipfile.ZIP_DEFLATED)
        sha256, size = _fingerprint(spool)
        export.file.save(export.filename, File(spool), save=False)
    left_out = [
        {"reference": r.agreement.reference, "version": _number(r), "reason": r.left_out}
        for r in rows
        if r.left_out
    ]
    with transaction.atomic():
        Export.objects.filter(pk=export_id).update(
            status=ExportStatus.READY,
            finished_at=timezone.now(),
            file=export.file.name,
            sha256=sha256,
            size=size,
            total=len(rows),
            done=len(rows),
            included=len(rows) - len(left_out),
            left_out=left_out,
        )
        export.refresh_from_db()
        record_event(
            actor=export.requested_by,
            verb="export.ready",
            target=export,
            area=export.area,
            data={
                "included": export.included,
                "left_out": [f"{e['reference']} version {e['version']}" for e in left_out],
                "sha256": sha256,
                "size": size,
            },
        )
    return export


def _number(row: ManifestRow) -> int:
    return row.agreement.signed_version.number if row.agreement.signed_version else 0


def _manifest_rows(agreements: list[Agreement]) -> list[ManifestRow]:
    version_ids = [a.signed_version_id for a in agreements if a.signed_version_id]
    documents = {
        d.version_id: d
        for d in RenderedDocument.objects.filter(
            version_id__in=version_ids, kind=DocumentKind.SEALED
        )
    }
    signoffs: dict[int, list[SignOff]] = defaultdict(list)
    for signoff in SignOff.objects.filter(version_id__in=version_ids, superseded_at=None):
        signoffs[signoff.version_id].append(signoff)
    rows = []
    for agreement in agreements:
        document = documents.get(agreement.signed_version_id or 0)
        row = ManifestRow(
            agreement=agreement,
            signoffs=signoffs.get(agreement.signed_version_id or 0, []),
            document=document,
        )
        if document is None or document.status != DocumentStatus.READY or not document.file:
            row.left_out = LEFT_OUT[document.status if document else None]  # type: ignore[index]
        rows.append(row)
    return rows


def _add_pdf(archive: zipfile.ZipFile, row: ManifestRow) -> None:
    """Copy the row's sealed PDF into the ZIP, checking it against the fingerprint taken
    when it was sealed; a file that does not match is left out, and says so."""
    if row.left_out or row.document is None:
        return
    try:
        with row.document.file.open("rb") as stored:
            content = stored.read()
    except OSError:
        logger.warning("The sealed PDF %s could not be read", row.document.file.name, exc_info=True)
        row.left_out = MISSING_IN_STORAGE
        return
    digest = hashlib.sha256(content).hexdigest()
    if digest != row.document.sha256:
        row.left_out = ALTERED_IN_STORAGE
        return
    row.file, row.pdf_sha256 = pdf_name(row.agreement), digest
    archive.writestr(row.file, content)


def _fingerprint(spool: IO[bytes]) -> tuple[str, int]:
    spool.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := spool.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    spool.seek(0)
    return digest.hexdigest(), size


def export_failed(*, export_id: int, reason: str) -> None:
    """An export that could not be built: keep why, and record ``export.failed``, so the
    page says so and the admin can start another."""
    with transaction.atomic():
        export = (
            Export.objects.select_for_update(of=("self",))
            .select_related("area", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status == ExportStatus.READY:
            return
        export.status, export.finished_at = ExportStatus.FAILED, timezone.now()
        export.failure_reason = reason[:2000]
        export.save(update_fields=["status", "finished_at", "failure_reason"])
        record_event(
            actor=export.requested_by,
            verb="export.failed",
            target=export,
            area=export.area,
            data={"reason": reason[:300]},
        )


def export_download(*, export: Export, actor: Any) -> File[bytes]:
    """The export's file, opened, for the admin who asked for it (the selector has
    already found it among theirs). Raises AgreementError when it is not ready. Records
    ``export.downloaded``."""
    if export.status != ExportStatus.READY or not export.file:
        raise AgreementError(NOT_READY)
    handle = export.file.open("rb")
    with transaction.atomic():
        Export.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)
        record_event(
            actor=actor,
            verb="export.downloaded",
            target=export,
            area=export.area,
            data={"sha256": export.sha256},
        )
    return handle
