from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Pages shown to someone signed in, and every CSV, say ``Cache-Control: no-store``:
    a shared computer's browser, or a proxy between, keeps no copy of drafts, members
    or ledger exports after the person has gone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        csv = str(response.get("Content-Type", "")).startswith("text/csv")
        if signed_in:
            patch_cache_control(response, no_store=True, private=True)
        elif csv:
            patch_cache_control(response, no_store=True)
        return response
