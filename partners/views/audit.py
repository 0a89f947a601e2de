"""An area's audit ledger, for its area admins: filter, read, export."""

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from audit import selectors as audit_selectors
from audit.models import Event
from audit.presentation import csv_response, raw_csv_response, trail_page
from audit.vocabulary import verb_label

from ..access import AuthenticatedRequest, area_view
from ..forms import AuditFilterForm
from ..models import Area, Role


def _filtered(
    request: AuthenticatedRequest, area: Area
) -> tuple[AuditFilterForm, QuerySet[Event] | None]:
    """The filter form and the events it selects; no events while the form has errors."""
    verbs = sorted(
        ((verb, verb_label(verb)) for verb in audit_selectors.verb_list_for_area(area_id=area.pk)),
        key=lambda choice: choice[1],
    )
    form = AuditFilterForm(request.GET or None, verbs=verbs)
    filters = None
    if form.is_bound and not form.is_valid():
        return form, None
    if form.is_bound:
        filters = audit_selectors.EventFilters(
            verb=form.cleaned_data["verb"],
            actor=form.cleaned_data["actor"].strip(),
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    events = audit_selectors.event_list_for_area(area_id=area.pk, filters=filters)
    return form, events


@area_view(roles={Role.AREA_ADMIN})
def area_audit(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    form, events = _filtered(request, area)
    return render(
        request,
        "partners/area_audit.html",
        {
            "area": area,
            "form": form,
            "trail": trail_page(request, events) if events is not None else None,
            "head": audit_selectors.chain_head(),
        },
    )


def _export(request: AuthenticatedRequest, area: Area, *, raw: bool) -> HttpResponseBase:
    form, events = _filtered(request, area)
    if events is None:
        return render(
            request,
            "partners/area_audit.html",
            {"area": area, "form": form, "trail": None, "head": audit_selectors.chain_head()},
            status=400,
        )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if raw:
        return raw_csv_response(events, f"audit-ledger-{area.slug}-{stamp}.csv")
    return csv_response(events, f"audit-{area.slug}-{stamp}.csv")


@area_view(roles={Role.AREA_ADMIN})
def area_audit_csv(request: AuthenticatedRequest, area: Area) -> HttpResponseBase:
    """The filtered entries in words, for reading in a spreadsheet."""
    return _export(request, area, raw=False)


@area_view(roles={Role.AREA_ADMIN})
def area_audit_raw_csv(request: AuthenticatedRequest, area: Area) -> HttpResponseBase:
    """The filtered entries with every column as the ledger keeps it, hashes and JSON
    data included, for re-checking the chain (docs/audit-ledger.md)."""
    return _export(request, area, raw=True)
