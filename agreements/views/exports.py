"""Exports of an area's signed agreements, for its area admins: start one, follow its
progress, download it. Each export is its requester's alone: to anyone else, other
admins of the area included, it does not exist."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area, Role

from ..models import Export
from ..selectors.exports import (
    export_get_for,
    export_list_for,
    signed_agreements,
    signed_without_sealed_pdf,
)
from ..services import exports as services
from ..services.errors import AgreementError
from .common import found_or_404

ADMINS = {Role.AREA_ADMIN}
LISTED = 20


def _export(request: AuthenticatedRequest, area: Area, export_id: int) -> Export:
    return found_or_404(export_get_for, user=request.user, area=area, pk=export_id)


@area_view(roles=ADMINS, staff=False)
def export_list(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    """The admin's own exports of the area, and the button that starts one."""
    return render(
        request,
        "agreements/exports.html",
        {
            "area": area,
            "exports": list(export_list_for(user=request.user, area=area)[:LISTED]),
            "signed": signed_agreements(area_id=area.pk).count(),
            "not_ready": list(signed_without_sealed_pdf(area_id=area.pk)),
        },
    )


@area_view(roles=ADMINS, staff=False, methods=("POST",))
def export_start(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    try:
        export = services.export_start(area=area, actor=request.user)
    except AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:exports", area_slug=area.slug)
    return redirect("agreements:export", area_slug=area.slug, export_id=export.pk)


@area_view(roles=ADMINS, staff=False)
def export_detail(request: AuthenticatedRequest, area: Area, export_id: int) -> HttpResponse:
    """How far the export has got; the page refreshes itself until it is finished."""
    export = _export(request, area, export_id)
    return render(request, "agreements/export_detail.html", {"area": area, "export": export})


@area_view(roles=ADMINS, staff=False)
def export_status(request: AuthenticatedRequest, area: Area, export_id: int) -> HttpResponse:
    """The part of the export's page that a script refreshes while it is built."""
    export = _export(request, area, export_id)
    return render(request, "agreements/_export_status.html", {"area": area, "export": export})


@area_view(roles=ADMINS, staff=False)
def export_download(request: AuthenticatedRequest, area: Area, export_id: int) -> HttpResponseBase:
    export = _export(request, area, export_id)
    try:
        handle = services.export_download(export=export, actor=request.user)
    except AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:export", area_slug=area.slug, export_id=export.pk)
    return FileResponse(
        handle, as_attachment=True, filename=export.filename, content_type="application/zip"
    )
