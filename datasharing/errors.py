"""The service's own error pages, in its layout, whenever people meet an error."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import get_resolver, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure page, in the service's layout (Django's own has no request
    context, so no navigation and no CSP nonce)."""
    return render(request, "403_csrf.html", status=403)


def _service_page(request: HttpRequest, status: int, exception: Exception | None) -> HttpResponse:
    handler: Callable[..., HttpResponse] = get_resolver(get_urlconf()).resolve_error_handler(status)
    if status == 500:
        return handler(request)
    return handler(request, exception=exception)


class _ServicePageReporter(ExceptionReporter):
    """Answers where Django would show its technical page for a failure: the service's
    500 page (or 400, for a bad request). The traceback is still logged as usual."""

    def _status(self) -> int:
        return 400 if isinstance(self.exc_value, BadRequest | SuspiciousOperation) else 500

    def get_traceback_html(self) -> SafeString:
        assert self.request is not None
        exception = self.exc_value if isinstance(self.exc_value, Exception) else None
        response = _service_page(self.request, self._status(), exception)
        return mark_safe(response.content.decode(response.charset))  # noqa: S308 - our page

    def get_traceback_text(self) -> SafeString:
        if self._status() == 400:
            return SafeString("Bad request.\n")
        return SafeString("Sorry, there is a problem with the service. Try again later.\n")


def _showing_debug_pages() -> bool:
    return bool(settings.DEBUG and settings.DEBUG_ERROR_PAGES)


class ServiceErrorPagesMiddleware:
    """With DEBUG on (as `make run` sets up a first run), Django would answer a missing
    page with a page listing every URL of the service, and a failure with a traceback
    and the settings. This middleware keeps the service's own 404, 400 and 500 pages
    instead, as in production, unless DEBUG_ERROR_PAGES=true opts in to Django's
    technical pages for development. Tracebacks are logged either way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.DEBUG or _showing_debug_pages():
            return self.get_response(request)
        request.exception_reporter_class = _ServicePageReporter
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None:
            # No URL matched: Django's technical 404 lists every pattern.
            return _service_page(request, 404, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and not _showing_debug_pages() and isinstance(exception, Http404):
            return _service_page(request, 404, exception)
        return None
