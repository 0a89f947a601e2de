"""The public register's gateways, their open data, and the signing certificate."""

import csv
import io
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from agreements.selectors import public as public_selectors
from documents.certificates import public_certificate_pem
from gateways import selectors as gateway_selectors
from gateways.models import Gateway
from gateways.views.listing import search_results
from partners.access import public_view

from ..opendata import GATEWAY_FIELDS, csv_cell, gateway_record


@public_view
def gateway_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "register/gateway_list.html",
        {"results": search_results(request), "detail_url_name": "register:gateway-detail"},
    )


@public_view
def gateway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        gateway = gateway_selectors.gateway_get_public(slug=slug)
    except Gateway.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "register/gateway_detail.html",
        {
            "gateway": gateway,
            "publications": list(public_selectors.publications_relying_on(gateway=gateway)),
        },
    )


def _records() -> list[dict[str, object]]:
    site = settings.SITE_URL
    return [
        gateway_record(g, site_url=site)
        for g in gateway_selectors.gateway_list_public().order_by(
            "act_title", "act_year", "provision_key"
        )
    ]


@public_view
def gateways_json(request: HttpRequest) -> JsonResponse:
    records = _records()
    response = JsonResponse(
        {
            "generated_at": timezone.now().isoformat(),
            "count": len(records),
            "fields_documentation": settings.SITE_URL.rstrip("/") + "/register/#open-data",
            "gateways": records,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
def gateways_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GATEWAY_FIELDS)
    for record in _records():
        writer.writerow([csv_cell(record[name]) for name in GATEWAY_FIELDS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gateways.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
@cache_control(public=True, max_age=3600)
def signing_certificate(request: HttpRequest) -> HttpResponse:
    """The public certificate that sealed PDFs are signed with, for anyone to check them
    with their own tools."""
    pem = public_certificate_pem()
    if pem is None:
        return render(request, "register/signing_certificate_missing.html", status=503)
    host = re.sub(r"[^a-z0-9.-]", "-", (urlsplit(settings.SITE_URL).hostname or "").lower())
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = (
        f'attachment; filename="{host or "service"}-signing-certificate.pem"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
