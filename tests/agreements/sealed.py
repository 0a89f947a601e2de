"""Signed agreements with sealed PDFs, for the tests of verification and exports: the
PDF is made with the documents engine itself (simple HTML, rendered and sealed with the
test run's certificate) and stored as the render jobs store theirs."""

import hashlib
from html import escape

from django.core.files.base import ContentFile
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, DocumentKind, DocumentStatus, RenderedDocument
from documents.render import PdfMetadata, render_pdf
from documents.seal import seal_pdf
from partners.models import Area, User
from tests.agreements.factories import complete, draft, sign_all


def signed(*, area: Area, officer: User, title: str = "Signed sharing") -> Agreement:
    """An agreement every party has signed, not published."""
    agreement = complete(draft(area=area, officer=officer, title=title), officer)
    services.version_issue(agreement=agreement, actor=officer)
    services.agreement_request_signoff(agreement=agreement, actor=officer)
    sign_all(agreement)
    return Agreement.objects.select_related("signed_version", "area").get(pk=agreement.pk)


def sealed_pdf(agreement: Agreement) -> bytes:
    """The agreement's signed version as a small sealed PDF naming the version it is."""
    version = agreement.signed_version
    assert version is not None
    html = (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{escape(agreement.title)}</title></head><body>"
        f"<h1>{escape(agreement.title)}</h1><p>{agreement.reference}, version {version.number}</p>"
        f"<p>Version fingerprint {version.sha256}</p></body></html>"
    )
    rendered = render_pdf(
        html,
        metadata=PdfMetadata(
            title=agreement.title,
            custom={
                "AgreementReference": agreement.reference,
                "VersionNumber": str(version.number),
                "VersionSHA256": version.sha256,
            },
        ),
    )
    return seal_pdf(rendered.content)


def sealed_document(agreement: Agreement, *, content: bytes | None = None) -> RenderedDocument:
    """A ready sealed PDF of the agreement's signed version, stored in Django's storage
    with its fingerprint."""
    data = content if content is not None else sealed_pdf(agreement)
    # Signing already owes the sealed PDF (a queued row, with no worker in these tests):
    # this stands in for the worker that would make it.
    document = RenderedDocument.objects.filter(
        version=agreement.signed_version, kind=DocumentKind.SEALED
    ).first() or RenderedDocument(version=agreement.signed_version, kind=DocumentKind.SEALED)
    document.status = DocumentStatus.READY
    document.started_at = document.finished_at = timezone.now()
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.size = len(data)
    document.pages = 1
    document.file.save(f"{agreement.reference}.pdf", ContentFile(data), save=False)
    document.save()
    return document
