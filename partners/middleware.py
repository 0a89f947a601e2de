from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBadRequest, HttpResponseBase
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
    """An address no page can use is refused before any view sees it: a NUL character
    in it (PostgreSQL can neither store nor compare one) is 400; a part longer than any
    object's address, or a number past the database's, is 404. So every view, new ones
    too, answers such addresses with a clear page, not a 500. Forms check their own
    fields (Django refuses NUL in them), so a person's other input is kept beside the
    error rather than lost to an error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path:
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


def _bad_request(request: HttpRequest) -> HttpResponseBase:
    return HttpResponseBadRequest(render_to_string("400.html", request=request))
