from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure page, in the service's layout (Django's own has no request
    context, so no navigation and no CSP nonce)."""
    return render(request, "403_csrf.html", status=403)
