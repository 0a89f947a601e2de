"""PDFs of issued versions: asking for one, making it in the background, and what went
wrong when it could not be made.

A version has at most one PDF of each kind (``RenderedDocument``, one row per version
and kind): sealed for a version every party signed, a watermarked draft for any other.
Asking again for one that is queued, being made or ready changes nothing; asking again
for one that failed queues it afresh.

How a PDF gets made (``document_render``, run by ``agreements.tasks.render_document_task``):

1. The job takes the document's lock (a PostgreSQL session advisory lock on its id). Only
   the holder makes the PDF, so two deliveries of the same task never make two files. A
   worker that dies (SIGKILL, out of memory) drops its database connection and with it
   the lock, so the task delivered again takes it at once.
2. It claims the row: queued (or left "rendering" by a worker that died) becomes
   rendering, and the attempt is counted. After ``MAX_ATTEMPTS`` the document fails: a
   document that kills its worker every time must not loop for ever.
3. It builds the HTML from the frozen version (``printing``), renders a tagged PDF, seals
   it when the version is signed, and stores the file under a name fixed by the document,
   replacing any file a dead attempt left: one document, one file.
4. It records the file, its SHA-256, size and pages, and ``document.ready``, in one
   transaction.

A problem a person must fix (no signing certificate) fails the document at once, with
what to do; a passing one (the database, the storage or the time-stamp server did not
answer) raises ``RenderInterrupted`` so the task tries again with growing pauses, and
``document_render_failed`` records why when it gives up.
"""

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import record_event
from documents.certificates import SigningCertificateError
from notifications import outbox
from partners.models import User
from partners.permissions import AnyUser, user_is_platform_admin

from ..models import Agreement, DocumentKind, DocumentStatus, RenderedDocument, Version
from ..permissions import user_can_edit_agreements
from .errors import AgreementError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
LEFT_QUEUED = timedelta(minutes=10)
# Longer than the render task's hard time limit (agreements.tasks).
LEFT_RENDERING = timedelta(minutes=15)
# Key space of the documents' advisory locks (two 32-bit keys: this and the id).
LOCK_SPACE = 0x50444653  # "PDFS"

NOT_ALLOWED = "Only the area's officers and admins can ask for a PDF of a version."
NOT_SIGNED = "Version {number} has not been signed by every party, so it has no sealed PDF."
STOPPED = (
    "The worker making this PDF stopped {count} times before it finished, which happens "
    "when a document needs more memory or time than the worker is given. Ask for the PDF "
    "again; if it fails again, ask the service's administrators to look at the worker's "
    "log and its memory and time limits."
)
TOO_SLOW = (
    "Making this PDF took longer than the {seconds} seconds a worker may take. Ask for it "
    "again when the service is less busy; if it fails again, tell the service's "
    "administrators."
)
UNEXPECTED = (
    "The PDF could not be made ({error}). Ask for it again; if it fails again, tell the "
    "service's administrators, who will find the details in the worker's log."
)


class RenderInterrupted(Exception):
    """A passing problem (database, file storage or time-stamp server); try again later."""


def document_kind_for(version: Version) -> str:
    """Sealed for a version every party signed (the agreement's signed version, or one
    that has a sealed PDF from when it was), draft for any other."""
    signed = version.agreement.signed_version_id == version.pk
    if signed or RenderedDocument.objects.filter(version=version, kind=DocumentKind.SEALED):
        return DocumentKind.SEALED
    return DocumentKind.DRAFT


def document_for(
    *, version: Version, agreement: Agreement | None = None
) -> RenderedDocument | None:
    """The version's PDF as people are shown it, in one query: the sealed one of a
    signed version, else the draft. ``agreement``, when the caller has it, saves
    loading it again."""
    agreement = agreement or version.agreement
    documents = {d.kind: d for d in RenderedDocument.objects.filter(version=version)}
    if agreement.signed_version_id == version.pk or DocumentKind.SEALED in documents:
        return documents.get(DocumentKind.SEALED)
    return documents.get(DocumentKind.DRAFT)


def signed_document(*, agreement: Agreement) -> RenderedDocument | None:
    """The sealed PDF of the version the agreement was signed on, if there is one."""
    if agreement.signed_version_id is None:
        return None
    return (
        RenderedDocument.objects.filter(
            version_id=agreement.signed_version_id, kind=DocumentKind.SEALED
        )
        .select_related("version")
        .defer("version__content", "version__canonical")
        .first()
    )


@transaction.atomic
def document_request(*, version: Version, user: User | None, kind: str = "") -> RenderedDocument:
    """Ask for the PDF of ``version`` (of ``kind``, by default the one the version has:
    ``document_kind_for``). ``user`` None is the service itself (on signing).

    Idempotent: one document per version and kind. One that is queued, being made or
    ready is returned as it is; one that failed is queued again. A new or re-queued
    document is owed through the outbox in this transaction, so it is made once the
    caller's change commits, and not at all if it rolls back.

    Raises AgreementError for someone who is not an officer or admin of the area, and
    for a sealed PDF of a version not signed. Audit: ``document.requested``."""
    agreement = version.agreement
    if user is not None and not (
        user_can_edit_agreements(user, agreement.area) or user_is_platform_admin(user)
    ):
        raise AgreementError(NOT_ALLOWED)
    kind = kind or document_kind_for(version)
    if kind == DocumentKind.SEALED and document_kind_for(version) != DocumentKind.SEALED:
        raise AgreementError(NOT_SIGNED.format(number=version.number))
    document, created = RenderedDocument.objects.get_or_create(
        version=version, kind=kind, defaults={"requested_by": user}
    )
    if not created:
        document = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if document.status != DocumentStatus.FAILED and not _left_behind(document):
            return document
        document.status = DocumentStatus.QUEUED
        document.requested_by = user
        document.requested_at = timezone.now()
        document.started_at = document.finished_at = None
        document.attempts = 0
        document.failure_reason = ""
        document.save()
    outbox.enqueue(
        "agreements.tasks.render_document_job",
        area=agreement.area,
        description=f"Make the PDF of {agreement.reference} version {version.number}",
        document_id=document.pk,
    )
    record_event(
        actor=user,
        verb="document.requested",
        target=agreement,
        area=agreement.area,
        data={
            "version": version.number,
            "kind": kind,
            "again": not created,
            "on_signing": user is None,
        },
    )
    return document


def _left_behind(document: RenderedDocument) -> bool:
    """Whether a document's job seems lost (see documents_left_behind), so that asking
    again sends it again, even where no scheduled job runs (the embedded default)."""
    condition = _left_behind_condition(timezone.now())
    return RenderedDocument.objects.filter(condition, pk=document.pk).exists()


@contextmanager
def _render_lock(document_id: int) -> Iterator[bool]:
    """Whether this process holds the document's lock, for the ``with`` block. A session
    lock, not a transaction's: nothing is held open while the PDF is made, and a process
    that dies releases it with its connection. (SQLite runs jobs in-process, one at a
    time: nothing to lock.)"""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, document_id])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, document_id])
            except DatabaseError:  # the connection went; so did the lock
                logger.warning("Could not release the lock of document %s", document_id)


def _claim(document_id: int) -> RenderedDocument | None:
    """Mark the document as being made and count the attempt; None if it is ready,
    failed or gone. Fails it after MAX_ATTEMPTS."""
    with transaction.atomic():
        document = (
            RenderedDocument.objects.select_for_update(of=("self",))
            .select_related("version__agreement__area")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            return None
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.started_at = timezone.now()
        document.save(update_fields=["status", "attempts", "started_at"])
    if document.attempts > MAX_ATTEMPTS:
        document_render_failed(
            document_id=document.pk, reason=STOPPED.format(count=document.attempts - 1)
        )
        return None
    return document


def document_render(*, document_id: int) -> str:
    """Make, seal (when signed) and store one document's PDF; see the module's
    docstring. Returns what happened: "ready", "busy" (another worker holds it), "done"
    (nothing to do) or "failed".

    Raises RenderInterrupted for a passing problem (the task tries again), and
    SoftTimeLimitExceeded when the worker's time is up (the task records it).
    Audit: ``document.ready`` or ``document.failed``."""
    from documents.render import render_pdf
    from documents.seal import SealError, seal_pdf

    from .printing import document_html, document_metadata

    with _render_lock(document_id) as held:
        if not held:
            return "busy"
        document = _claim(document_id)
        if document is None:
            return "done"
        version = document.version
        try:
            rendered = render_pdf(
                document_html(version=version, kind=document.kind),
                metadata=document_metadata(version=version, kind=document.kind),
            )
            content = rendered.content
            if document.kind == DocumentKind.SEALED:
                content = seal_pdf(
                    content,
                    reason=f"Signed by every party: version {version.number}",
                    location=version.agreement.area.name,
                )
            _finish(document, _store(document, content), content, rendered.page_count)
        except (SoftTimeLimitExceeded, RenderInterrupted):
            raise
        except SigningCertificateError as error:
            document_render_failed(document_id=document_id, reason=str(error))
            return "failed"
        except (SealError, DatabaseError, OSError) as error:
            logger.warning("Document %s will be tried again", document_id, exc_info=True)
            problem = _passing_problem(error)
            _back_in_queue(document_id, problem)
            raise RenderInterrupted(problem) from error
        except Exception as error:
            logger.exception("Document %s could not be made", document_id)
            reason = UNEXPECTED.format(error=f"{error.__class__.__name__}: {error}"[:500])
            document_render_failed(document_id=document_id, reason=reason)
            return "failed"
        return "ready"


def _file_name(document: RenderedDocument) -> str:
    version = document.version
    reference = version.agreement.reference
    return f"agreements/documents/{reference}/{reference}-v{version.number}-{document.kind}.pdf"


def _store(document: RenderedDocument, content: bytes) -> str:
    """Store the file under the document's own name, replacing what an attempt that
    died may have left there (nothing refers to it: the document is not ready)."""
    storage = RenderedDocument._meta.get_field("file").storage
    name = _file_name(document)
    if storage.exists(name):
        storage.delete(name)
    return str(storage.save(name, ContentFile(content)))


def _finish(document: RenderedDocument, name: str, content: bytes, pages: int) -> None:
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        RenderedDocument.objects.filter(pk=document.pk).update(
            status=DocumentStatus.READY,
            file=name,
            sha256=sha256,
            size=len(content),
            pages=pages,
            finished_at=timezone.now(),
            failure_reason="",
        )
        agreement = document.version.agreement
        record_event(
            actor=None,
            verb="document.ready",
            target=agreement,
            area=agreement.area,
            data={
                "version": document.version.number,
                "kind": document.kind,
                "sha256": sha256,
                "pages": pages,
                "size": len(content),
            },
        )


def _passing_problem(error: Exception) -> str:
    """What went wrong, in words for the people who asked (the details go to the log)."""
    if isinstance(error, DatabaseError):
        return "The database did not answer."
    if isinstance(error, OSError):
        return "The file storage could not keep the PDF."
    return str(error)  # SealError's own words, such as the time-stamp server's silence


def _back_in_queue(document_id: int, problem: str) -> None:
    try:
        RenderedDocument.objects.filter(pk=document_id, status=DocumentStatus.RENDERING).update(
            status=DocumentStatus.QUEUED, failure_reason=f"Trying again after: {problem}"[:1000]
        )
    except DatabaseError:
        logger.warning("Could not put document %s back in the queue", document_id)


def document_render_failed(*, document_id: int, reason: str) -> None:
    """Record that a document could not be made, and why, in words a person can act on.
    Nothing for one that is ready. Audit: ``document.failed``."""
    with transaction.atomic():
        document = (
            RenderedDocument.objects.select_for_update(of=("self",))
            .select_related("version__agreement__area")
            .filter(pk=document_id)
            .exclude(status=DocumentStatus.READY)
            .first()
        )
        if document is None:
            return
        document.status = DocumentStatus.FAILED
        document.failure_reason = reason
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "failure_reason", "finished_at"])
        agreement = document.version.agreement
        record_event(
            actor=None,
            verb="document.failed",
            target=agreement,
            area=agreement.area,
            data={"version": document.version.number, "kind": document.kind, "reason": reason},
        )


def document_downloaded(*, document: RenderedDocument, user: AnyUser) -> None:
    """Record that a signed-in person downloaded a PDF. Audit: ``document.downloaded``."""
    agreement = document.version.agreement
    record_event(
        actor=user,
        verb="document.downloaded",
        target=agreement,
        area=agreement.area,
        data={"version": document.version.number, "kind": document.kind, "sha256": document.sha256},
    )


def _left_behind_condition(now: datetime) -> Q:
    queued_before = now - LEFT_QUEUED
    return Q(status=DocumentStatus.QUEUED, requested_at__lt=queued_before) & (
        Q(started_at=None) | Q(started_at__lt=queued_before)
    ) | Q(status=DocumentStatus.RENDERING, started_at__lt=now - LEFT_RENDERING)


def documents_left_behind(*, now: datetime | None = None) -> list[int]:
    """Documents whose job seems lost: queued for more than LEFT_QUEUED (the broker was
    down when they were owed, or a retry's message went missing), or "being made" for
    longer than any worker may take (its worker died without the task coming back).
    The scheduled job sends each to a worker again; the lock and the claim make that
    safe even if the first job is alive after all. At most 200 at a time, oldest first."""
    return list(
        RenderedDocument.objects.filter(_left_behind_condition(now or timezone.now()))
        .order_by("requested_at")
        .values_list("pk", flat=True)[:200]
    )
