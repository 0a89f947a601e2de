"""Who is on the other end of a request, as far as this deployment can trust it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the person's machine. Behind TRUSTED_PROXY_COUNT reverse proxies,
    each adding the address it was reached from to the end of X-Forwarded-For, it is
    that many entries from the end; whatever stands before it was sent by the client
    and proves nothing. Without trusted proxies (or when the header is short or not an
    address, as when a proxy is bypassed), it is the connection's own address.

    Sign-in pauses (django-axes) and rate limits count per this address."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
