"""An area's audit ledger, for its area admins: filter, read, export."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from audit import selectors as audit_selectors
from audit import services as audit_services
from audit.ledger import PROBLEMS
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


def _chain_check(area: Area) -> dict[str, object]:
    """The latest check of the chain from this area's page, with how far it has got."""
    check = audit_selectors.chain_check_latest(area_id=area.pk)
    if check is None:
        return {"check": None}
    checked = audit_services.chain_check_progress(check)
    total = max(check.total, checked)
    stale = (
        not check.done and check.requested_at < timezone.now() - audit_services.CHECK_STALE_AFTER
    )
    return {
        "check": check,
        "checked": checked,
        "total": total,
        "percent": int(checked * 100 / total) if total else 0,
        "stale": stale,
        "problem": PROBLEMS.get(check.problem_kind, ""),
    }


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
            **_chain_check(area),
        },
    )


@area_view(roles={Role.AREA_ADMIN}, methods=("POST",))
def area_audit_check_start(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    """Start a check of the whole chain in the background."""
    check = audit_services.chain_check_start(actor=request.user, area=area)
    if check.done:
        messages.success(request, "The check of the ledger has finished.")
    else:
        messages.success(
            request,
            "Checking the ledger in the background. You can leave this page: the result is "
            "kept here and in the ledger.",
        )
    return redirect(
        f"{reverse('partners:area-audit', kwargs={'area_slug': area.slug})}#chain-check"
    )


@area_view(roles={Role.AREA_ADMIN})
def area_audit_check(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    """Where the latest check has got to: the part of the ledger page that a script
    refreshes while a check runs."""
    return render(request, "partners/_chain_check.html", {"area": area, **_chain_check(area)})


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
