"""Who may curate the gateway register. Gateways are shared by every area."""

from partners.models import Membership, Role
from partners.permissions import AnyUser, user_is_platform_admin


def user_can_curate_gateways(user: AnyUser) -> bool:
    """Area admins of any area, and platform admins, propose gateways and decide on
    each other's proposals."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_is_platform_admin(user):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.AREA_ADMIN).exists()
