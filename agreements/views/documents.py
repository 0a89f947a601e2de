"""PDFs of versions: asking for one, following it while it is made, downloading it."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import selectors, services
from ..models import Agreement, DocumentStatus, RenderedDocument, Version
from ..permissions import invited_to_agreement, user_can_edit_agreements
from ..services.documents import document_downloaded, document_for, document_request
from .common import EDITORS, get_agreement

# How often a page following a PDF being made looks again, in seconds.
REFRESH = 3


def _version(request: AuthenticatedRequest, area: Area, reference: str, number: int) -> Version:
    agreement = get_agreement(request, area, reference)
    try:
        return selectors.version_get(agreement=agreement, number=number)
    except Version.DoesNotExist as exc:
        raise Http404 from exc


def document_panel(
    request: AuthenticatedRequest, agreement: Agreement, version: Version
) -> dict[str, object]:
    """What the PDF panel (agreements/_document.html) shows for one version."""
    document = document_for(version=version, agreement=agreement)
    urls = {"area_slug": agreement.area.slug, "reference": agreement.reference}
    urls["number"] = version.number  # type: ignore[assignment]
    return {
        "document": document,
        "document_version": version,
        "document_pending": document is not None
        and document.status in (DocumentStatus.QUEUED, DocumentStatus.RENDERING),
        "may_make_document": user_can_edit_agreements(request.user, agreement.area)
        and (document is None or document.status == DocumentStatus.FAILED),
        "document_url": reverse("agreements:document", kwargs=urls),
        "document_make_url": reverse("agreements:document-make", kwargs=urls),
        "document_download_url": reverse("agreements:document-download", kwargs=urls),
    }


@area_view(roles=EDITORS, methods=("POST",))
def document_make(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> HttpResponse:
    version = _version(request, area, reference, number)
    try:
        document_request(version=version, user=request.user)
    except services.AgreementError as error:
        messages.error(request, str(error))
        return redirect(version.agreement.get_absolute_url())
    return redirect("agreements:document", area_slug=area.slug, reference=reference, number=number)


@area_view(guest=invited_to_agreement)
def document_status(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> HttpResponse:
    """The PDF's progress: a page that looks again every few seconds while the PDF is
    queued or being made (no JavaScript needed); with htmx, just the panel."""
    version = _version(request, area, reference, number)
    panel = document_panel(request, version.agreement, version)
    template = "agreements/_document.html" if request.headers.get("HX-Request") else None
    context = {"area": area, "agreement": version.agreement, "version": version, **panel}
    context["refresh"] = REFRESH
    return render(request, template or "agreements/document.html", context)


@area_view(guest=invited_to_agreement)
def document_download(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> FileResponse:
    version = _version(request, area, reference, number)
    document = document_for(version=version)
    if document is None or document.status != DocumentStatus.READY or not document.file:
        raise Http404
    document_downloaded(document=document, user=request.user)
    return pdf_response(document)


def pdf_response(document: RenderedDocument) -> FileResponse:
    """The document's file as a download, named after the agreement and version; 404
    when the file has gone from storage."""
    version = document.version
    suffix = "" if document.kind == "sealed" else "-draft"
    name = f"{version.agreement.reference}-version-{version.number}{suffix}.pdf"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = "application/pdf"
    response["X-Content-Type-Options"] = "nosniff"
    return response
