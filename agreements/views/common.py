"""Helpers the agreement views share."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest
from partners.models import Area

from .. import lifecycle, selectors
from ..models import Agreement, Version
from ..selectors.public import public_views_counted
from ..spread import chart, describe

EDITORS = lifecycle.roles_for("edit")


def get_agreement(
    request: AuthenticatedRequest, area: Area, reference: str, *, whole: bool = True
) -> Agreement:
    """The agreement, or the 404 page; ``whole=False`` for a page about one part of it,
    which needs nothing of the rest (``selectors.agreement_get_plain``)."""
    getter = selectors.agreement_get if whole else selectors.agreement_get_plain
    try:
        return getter(area=area, user=request.user, reference=reference)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


# A number no real id is, standing in for one while a URL is reversed once.
_STAND_IN = 987_654_321_987


def url_for_each(name: str, key: str, **kwargs: Any) -> Callable[[object], str]:
    """``reverse(name, kwargs={**kwargs, key: value})`` for many values of ``key``,
    reversing once: for a page that links to each of hundreds of things."""
    before, after = reverse(name, kwargs={**kwargs, key: _STAND_IN}).split(str(_STAND_IN))
    return lambda value: f"{before}{value}{after}"


def found_or_404[T](getter: Callable[..., T], **kwargs: Any) -> T:
    """``getter(**kwargs)`` (a selector), or the 404 page when there is no such thing."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def act_and_return(
    request: AuthenticatedRequest, action: Callable[[], Any], success: str, back: str
) -> HttpResponse:
    """Do one state change; say how it went; go back. A rule the change breaks is shown
    as an error message rather than a failed page."""
    from .. import services

    try:
        action()
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(back)


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


def trade_off_context(agreement: Agreement, version: Version) -> dict[str, Any]:
    """What anyone deciding on a version sees of its trade-off: the frozen assessment
    and the spread of perspectives by stakeholder group, as a chart and a table."""
    frozen = version.content.get("assessment")
    perspectives = selectors.perspective_list(version_id=version.pk)
    # Members of the public who confirmed their view on the register count as a group.
    counted = [*perspectives, *public_views_counted(version_id=version.pk)]
    spreads = selectors.perspective_spread(perspectives=counted, frozen_assessment=frozen)  # type: ignore[arg-type]
    return {
        "frozen": frozen,
        "perspectives": perspectives,
        "counted": len(counted),
        "spreads": spreads,
        "chart": chart(spreads),
        "chart_description": describe(spreads),
        "chart_id": f"spread-{version.number}",
    }
