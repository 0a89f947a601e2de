import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .context import reset_request_id, set_request_id

# A request id from a trusted proxy (X-Request-ID) is kept if it looks like one.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id, kept on the events it causes and sent back in the
    X-Request-ID response header, so a log line and an audit event can be matched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _ACCEPTABLE.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response
