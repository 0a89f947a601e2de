"""Helpers the agreement views share."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from partners.access import AuthenticatedRequest
from partners.models import Area, Role

from .. import selectors
from ..models import Agreement

EDITORS = {Role.OFFICER, Role.AREA_ADMIN}


def get_agreement(request: AuthenticatedRequest, area: Area, reference: str) -> Agreement:
    try:
        return selectors.agreement_get(area=area, user=request.user, reference=reference)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


def form_page(
    request: AuthenticatedRequest,
    *,
    area: Area,
    agreement: Agreement | None,
    form: Any,
    title: str,
    intro: str = "",
    back_url: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A page with one form, in the agreement's context."""
    return render(
        request,
        "agreements/form_page.html",
        {
            "area": area,
            "agreement": agreement,
            "form": form,
            "page_title": title,
            "intro": intro,
            "back_url": back_url or (agreement.get_absolute_url() if agreement else ""),
            **(extra or {}),
        },
        status=status,
    )
