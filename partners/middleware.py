from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBadRequest, HttpResponseBase, QueryDict
from django.template.loader import render_to_string
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


# No object here is addressed by more than this many characters, or by a number past a
# 64-bit integer; anything longer cannot exist, so it is not looked for.
LONGEST_ADDRESS_PART = 500
LARGEST_ID = 2**63 - 1


class RefuseBadInputMiddleware:
    """Input no page can use is refused before any view sees it: a NUL character
    anywhere in the address, query or form (PostgreSQL cannot store or compare it) is
    400; an address part longer than any object's, or a number past the database's, is
    404. So every view, new ones too, answers such input with a clear page, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path or _holds_nul(request.GET):
            return _bad_request(request)
        if request.method == "POST" and _holds_nul(request.POST):
            return _bad_request(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        for value in [*args, *kwargs.values()]:
            if isinstance(value, int) and not 0 <= value <= LARGEST_ID:
                raise Http404
            if isinstance(value, str) and len(value) > LONGEST_ADDRESS_PART:
                raise Http404
        return None


def _holds_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def _bad_request(request: HttpRequest) -> HttpResponseBase:
    return HttpResponseBadRequest(render_to_string("400.html", request=request))
