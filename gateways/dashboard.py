"""The gateways app's panel on area admins' dashboards (see partners.dashboard): gateway
proposals waiting for another area admin's decision."""

from collections.abc import Mapping
from typing import Any

from partners import dashboard
from partners.models import Role, User
from partners.permissions import user_has_role_anywhere

from .selectors import proposals_to_decide

LISTED = 10


def _context(user: User) -> Mapping[str, Any] | None:
    if not user_has_role_anywhere(user, {Role.AREA_ADMIN}):
        return None
    proposals = proposals_to_decide(user=user)
    return {
        "proposals": list(proposals[:LISTED]),
        "proposals_count": proposals.count(),
        "waiting": proposals.count(),
    }


def _waiting(user: User) -> int:
    if not user_has_role_anywhere(user, {Role.AREA_ADMIN}):
        return 0
    return proposals_to_decide(user=user).count()


PROPOSALS = dashboard.Panel(
    name="gateways.proposals",
    order=35,
    template="gateways/_dashboard_proposals.html",
    context=_context,
    waiting=_waiting,
)


def register() -> None:
    dashboard.register(PROPOSALS)
