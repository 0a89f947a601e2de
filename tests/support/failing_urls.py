"""The service's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged value")


urlpatterns = [
    path("fails/", fails),
    path("suspicious/", suspicious),
    path("", include("datasharing.urls")),
]
