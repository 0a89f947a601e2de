"""Published agreements on the public register: search and filters, and each agreement's
page in plain words, from the version published."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agreements.models import Publication, PublicStatus, Theme
from agreements.selectors import public as selectors
from agreements.services import version_sections_html
from agreements.spread import chart, describe
from audit.selectors import chain_head
from gateways.models import DataCategory, GatewayStatus
from partners.access import public_view

PER_PAGE = 20
MAX_VALUE = 200
FILTERS = ("area", "theme", "gateway", "organisation", "category", "status")


@dataclass
class Search:
    filters: selectors.PublicFilters
    shortened: bool
    page: Page
    options: selectors.FilterOptions


def _value(request: HttpRequest, name: str) -> str:
    """A query-string value, cut short and stripped of anything unprintable."""
    raw = request.GET.get(name, "")
    return selectors.clean_query(raw)[0][:MAX_VALUE]


def read_filters(request: HttpRequest) -> tuple[selectors.PublicFilters, bool]:
    query, shortened = selectors.clean_query(request.GET.get("q", ""))
    values = {name: _value(request, name) for name in FILTERS}
    return selectors.PublicFilters(query=query, **values), shortened


@public_view
def agreement_list(request: HttpRequest) -> HttpResponse:
    filters, shortened = read_filters(request)
    publications = selectors.publication_search(filters=filters)
    page = Paginator(publications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "register/agreement_list.html",
        {
            "search": Search(filters, shortened, page, selectors.filter_options()),
            "themes": Theme.choices,
            "statuses": PublicStatus.choices,
        },
    )


def _get(reference: str) -> Publication:
    try:
        return selectors.publication_get(reference=reference)
    except Publication.DoesNotExist as exc:
        raise Http404 from exc


@public_view
def agreement_detail(request: HttpRequest, public_reference: str) -> HttpResponse:
    publication = _get(public_reference)
    version = publication.version
    record = publication.record
    spreads, counted = selectors.register_spread(version=version)
    outcomes = selectors.benefit_outcomes(agreement_ids=[publication.agreement_id])
    categories = {
        c.name: c
        for c in DataCategory.objects.filter(
            name__in=[c["name"] for c in record["data_categories"]]
        )
    }
    return render(
        request,
        "register/agreement_detail.html",
        {
            "publication": publication,
            "record": record,
            "version": version,
            "pdf": selectors.published_pdf(version=version),
            "categories": [
                (entry, categories.get(entry["name"])) for entry in record["data_categories"]
            ],
            "gateway_pages": set(
                publication.gateways.filter(status=GatewayStatus.APPROVED).values_list(
                    "slug", flat=True
                )
            ),
            "signatures": [
                {**signature, "signed_on": date.fromisoformat(signature["signed_on"])}
                for signature in record["signatures"]
            ],
            "sections": _sections(version),
            "benefits": selectors.benefits_with_outcomes(
                publication, outcomes.get(publication.agreement_id, {})
            ),
            "spreads": spreads,
            "counted": counted,
            "chart": chart(spreads),
            "chart_description": describe(spreads),
            "comments": list(selectors.public_comments(version_id=version.pk)),
        },
    )


def _sections(version: Any) -> list[tuple[dict[str, Any], Any]]:
    """The published version's sections in order, each with its HTML (rendered once,
    when the version was issued)."""
    shown = version_sections_html(version=version)
    return [
        (section, shown[section["key"]])
        for section in sorted(version.content.get("sections", []), key=lambda s: s["position"])
    ]


@public_view
def index(request: HttpRequest) -> HttpResponse:
    from gateways import selectors as gateway_selectors

    from ..opendata import AGREEMENT_FIELD_DOCS, GATEWAY_FIELD_DOCS

    areas = selectors.areas_with_counts()
    return render(
        request,
        "register/index.html",
        {
            "gateway_count": gateway_selectors.gateway_list_public().count(),
            "areas": areas,
            "agreement_count": sum(count for _, _, count in areas),
            "themes": Theme.choices,
            "field_docs": GATEWAY_FIELD_DOCS,
            "agreement_field_docs": AGREEMENT_FIELD_DOCS,
            "head": chain_head(),
        },
    )
