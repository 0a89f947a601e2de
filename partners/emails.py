"""The e-mails about people's accounts: composed and sent here, called by the outbox
jobs in ``tasks`` once the change that owed them has committed."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Area, User


def password_set_link(user: User) -> str:
    """A link for ``user`` to set their password and sign in: Django's password-reset
    link, valid for PASSWORD_RESET_TIMEOUT seconds."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return str(settings.SITE_URL).rstrip("/") + path


def _hours() -> int:
    return int(settings.PASSWORD_RESET_TIMEOUT // 3600)


def user_send_invitation(*, user: User, area: Area, invited_by_name: str) -> None:
    """E-mail a person a link to set their password and sign in to the area."""
    context = {
        "user": user,
        "area": area,
        "invited_by_name": invited_by_name,
        "link": password_set_link(user),
        "hours": _hours(),
    }
    send_mail(
        subject=f"You have been added to {area.name} on Data-sharing agreements",
        message=render_to_string("partners/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def password_reset_send(*, user: User) -> None:
    """E-mail a person a link to set a new password."""
    context = {"user": user, "link": password_set_link(user), "hours": _hours()}
    send_mail(
        subject=render_to_string("accounts/emails/password_reset_subject.txt").strip(),
        message=render_to_string("accounts/emails/password_reset.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
