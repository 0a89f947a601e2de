"""The gateways app's panel on area admins' dashboards (see partners.dashboard): gateways
proposed for the register, and changes proposed to gateways in it, waiting for another
area admin's decision."""

from collections.abc import Mapping
from typing import Any

from partners import dashboard
from partners.models import Role, User
from partners.permissions import user_has_role_anywhere

from .selectors import changes_to_decide, proposals_to_decide

LISTED = 10


def _context(user: User) -> Mapping[str, Any] | None:
    if not user_has_role_anywhere(user, {Role.AREA_ADMIN}):
        return None
    proposals, changes = proposals_to_decide(user=user), changes_to_decide(user=user)
    proposals_count, changes_count = proposals.count(), changes.count()
    return {
        "proposals": list(proposals[:LISTED]),
        "proposals_count": proposals_count,
        "changes": list(changes[:LISTED]),
        "changes_count": changes_count,
        "waiting": proposals_count + changes_count,
    }


def _waiting(user: User) -> int:
    if not user_has_role_anywhere(user, {Role.AREA_ADMIN}):
        return 0
    return proposals_to_decide(user=user).count() + changes_to_decide(user=user).count()


PROPOSALS = dashboard.Panel(
    name="gateways.proposals",
    order=35,
    template="gateways/_dashboard_proposals.html",
    context=_context,
    waiting=_waiting,
)


def register() -> None:
    dashboard.register(PROPOSALS)
