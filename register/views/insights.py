"""Insights across the six areas: the public's version over published agreements, and
the signed-in version, which adds the agreements of the person's own areas."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agreements.selectors import insights as selectors
from partners.access import AuthenticatedRequest, public_view, signed_in_view

from .. import insights
from ..opendata import csv_cell


def _csv(data: selectors.InsightData, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(insights.CSV_COLUMNS)
    for row in insights.csv_rows(data):
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_view
def public_insights(request: HttpRequest) -> HttpResponse:
    data = selectors.insight_data_public()
    test = insights.chosen_test(request.GET.get("test"))
    return render(
        request, "register/insights.html", {**insights.page(data, test=test), "public": True}
    )


@public_view
def public_insights_csv(request: HttpRequest) -> HttpResponse:
    response = _csv(selectors.insight_data_public(), "insights.csv")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@signed_in_view
def insights_for_me(request: AuthenticatedRequest) -> HttpResponse:
    data = selectors.insight_data_for(user=request.user)
    test = insights.chosen_test(request.GET.get("test"))
    return render(
        request, "register/insights.html", {**insights.page(data, test=test), "public": False}
    )


@signed_in_view
def insights_for_me_csv(request: AuthenticatedRequest) -> HttpResponse:
    return _csv(selectors.insight_data_for(user=request.user), "insights-signed-in.csv")
