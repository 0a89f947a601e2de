"""Sign-in, sign-out and failed sign-in, recorded in the audit ledger.

Django's auth signals are the one place every route to signing in passes through (our
sign-in page, the Django admin's, password reset), so the ledger hears about them here
rather than in each view.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit.services import record_event

from .models import User


def _via(request: HttpRequest | None) -> str:
    return request.path if request is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_event(actor=user, verb="auth.signed_in", target=user, data={"via": _via(request)})


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def record_sign_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        record_event(actor=user, verb="auth.signed_out", target=user, data={})


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """The ledger cannot forget, so it keeps no typed-in text: only which account, if the
    address belongs to one (people sometimes type a password into the address field)."""
    attempted = str(credentials.get("username") or credentials.get("email") or "")
    account = User.objects.filter(email__iexact=attempted.strip()).first() if attempted else None
    record_event(
        actor=None,
        verb="auth.sign_in_failed",
        target=account,
        data={"account_known": account is not None, "via": _via(request)},
    )
