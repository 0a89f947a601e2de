import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from .context import reset_request_id, set_request_id

# A request id set by the proxy (X-Request-ID) is kept if the deployment says its proxy
# sets one (TRUST_REQUEST_ID_HEADER) and it looks like one; any client could send the
# header, so otherwise every request gets an id of its own.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id, kept on the events it causes and sent back in the
    X-Request-ID response header, so a log line and an audit event can be matched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = (
            request.headers.get("X-Request-ID", "")
            if getattr(settings, "TRUST_REQUEST_ID_HEADER", False)
            else ""
        )
        request_id = offered if _ACCEPTABLE.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response
