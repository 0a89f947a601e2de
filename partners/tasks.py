"""Outbox jobs of this app (see notifications.outbox): run by the relay after the
change that queued them commits, with the ids they were queued with."""

from .emails import password_reset_send, user_send_invitation
from .models import Area, User


def send_invitation_task(*, user_id: int, area_id: int, invited_by_id: int | None) -> bool:
    """Send the invitation e-mail for a person just added to an area. A person who has
    been deactivated, or has set a password since, is skipped."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    area = Area.objects.filter(pk=area_id).first()
    if user is None or area is None or user.has_usable_password():
        return False
    inviter = User.objects.filter(pk=invited_by_id).first() if invited_by_id else None
    user_send_invitation(
        user=user, area=area, invited_by_name=inviter.get_full_name() if inviter else ""
    )
    return True


def send_password_reset_task(*, user_id: int) -> bool:
    """Send a link to set a new password to an active account; nothing for others."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    password_reset_send(user=user)
    return True
