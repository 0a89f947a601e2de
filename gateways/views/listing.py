"""Search and filter the register: shared by the signed-in and the public pages."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from .. import search, selectors
from ..forms import GatewayFilterForm

PER_PAGE = 20


@dataclass
class Results:
    form: GatewayFilterForm
    page: Page | None
    query: str
    shortened: bool
    filtered: bool


def search_results(request: HttpRequest) -> Results:
    """The filter form, and the page of gateways it selects (None while the form has
    errors). Any search text works: it is cleaned and capped, never passed raw."""
    form = GatewayFilterForm(
        request.GET or None,
        acts=selectors.act_title_list(),
        purposes=[(p.slug, p.name) for p in selectors.purpose_list()],
    )
    if form.is_bound and not form.is_valid():
        return Results(form=form, page=None, query="", shortened=False, filtered=True)
    data: dict[str, Any] = form.cleaned_data if form.is_bound else {}
    query, shortened = search.clean_query(data.get("q", ""))
    filters = selectors.GatewayFilters(
        query=query,
        act=data.get("act", ""),
        power_or_duty=data.get("power_or_duty", ""),
        purpose=data.get("purpose", ""),
        overrides_confidentiality=data.get("overrides_confidentiality", ""),
        jurisdiction=data.get("jurisdiction", ""),
    )
    gateways = selectors.gateway_search(filters=filters)
    page = Paginator(gateways, PER_PAGE).get_page(request.GET.get("page"))
    filtered = any(value for value in data.values())
    return Results(form=form, page=page, query=query, shortened=shortened, filtered=filtered)
