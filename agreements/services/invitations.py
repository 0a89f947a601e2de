"""Inviting someone to review one agreement, and the e-mail that carries the invitation
(with a link to set a password for someone new). Recorded in the audit ledger."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from audit.services import record_event
from notifications.outbox import enqueue
from notifications.services import one_line
from partners import services as partner_services
from partners.models import User
from partners.permissions import user_roles_in_area

from ..models import Agreement, Invitation
from ..permissions import user_can_resolve_comments
from .errors import AgreementError

ACCOUNT_CLOSED = "This person's account has been closed. A platform admin can reopen it."
JUST_INVITED = "Someone has just invited this person. Check the list of reviewers below."


@transaction.atomic
def invitation_add(
    *, agreement: Agreement, email: str, full_name: str, actor: User, note: str = ""
) -> Invitation:
    """Invite someone to review this one agreement. They are e-mailed the invitation
    whatever their notification settings (it is the reason for the account), and someone
    new gets an account with a link to set a password in the same e-mail. Raises
    AgreementError for someone already invited, already in the area, or whose account
    is closed. Audit: ``reviewer.invited``."""
    if not user_can_resolve_comments(actor, agreement.area):
        raise AgreementError("Only the area's officers invite reviewers.")
    user = User.objects.filter(email__iexact=email.strip()).first()
    created = user is None
    if user is None:
        if not full_name.strip():
            raise AgreementError(
                "Enter the person's full name: they have not signed in before.", field="full_name"
            )
        try:
            with transaction.atomic():
                user = partner_services.user_create(
                    email=email, full_name=full_name.strip(), actor=actor
                )
        except IntegrityError as error:  # invited by someone else a moment ago
            raise AgreementError(JUST_INVITED, field="email") from error
    elif not user.is_active:
        raise AgreementError(ACCOUNT_CLOSED, field="email")
    elif user_roles_in_area(user, agreement.area):
        raise AgreementError(
            "This person already has a role in the area, so they can review it already.",
            field="email",
        )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                agreement=agreement, user=user, invited_by=actor, note=note.strip()
            )
    except IntegrityError as error:
        raise AgreementError("This person is already invited.", field="email") from error
    enqueue(
        "agreements.tasks.send_review_invitation_task",
        area=agreement.area,
        recipient=user,
        description=f"Invitation to review {agreement.reference} for {user.email}",
        invitation_id=invitation.pk,
    )
    record_event(
        actor=actor,
        verb="reviewer.invited",
        target=agreement,
        area=agreement.area,
        data={
            "email": user.email,
            "name": user.full_name,
            "new_account": created,
            "note": invitation.note,
        },
    )
    return invitation


def invitation_send(*, invitation_id: int) -> bool:
    """E-mail an invitation to review: what the agreement is, who asked and why, and
    for someone without a password yet a link to set one. Returns False when the
    invitation or the account has gone since."""
    invitation = (
        Invitation.objects.select_related("agreement__area", "user", "invited_by")
        .filter(pk=invitation_id, user__is_active=True)
        .first()
    )
    if invitation is None:
        return False
    agreement, user = invitation.agreement, invitation.user
    site = str(settings.SITE_URL).rstrip("/")
    context = {
        "user": user,
        "agreement": agreement,
        "invited_by": invitation.invited_by.full_name,
        "note": invitation.note,
        "url": site + agreement.get_absolute_url(),
        "link": "" if user.has_usable_password() else partner_services.password_set_link(user),
        "published": agreement.versions.exists(),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "sign_in": site + reverse("accounts:sign-in"),
        "reset": site + reverse("accounts:password-reset"),
    }
    send_mail(
        subject=one_line(f"You are invited to review {agreement.reference}: {agreement.title}"),
        message=render_to_string("agreements/emails/review_invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True
