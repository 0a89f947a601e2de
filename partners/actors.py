"""How the audit ledger describes people: their name, e-mail address, and their
organisations and roles in the area of the event, as they are at that moment."""

from typing import Any

from .models import Membership


def describe_actor(actor: Any, area_id: int | None) -> dict[str, str]:
    memberships = Membership.objects.filter(user_id=actor.pk).select_related("organisation")
    if area_id is not None:
        memberships = memberships.filter(organisation__area_id=area_id)
    organisations = sorted({m.organisation.name for m in memberships})
    roles = sorted({m.get_role_display() for m in memberships})
    if getattr(actor, "is_staff", False):
        roles.append("Platform admin")
    return {
        "name": getattr(actor, "full_name", "") or str(actor),
        "email": getattr(actor, "email", ""),
        "organisation": "; ".join(organisations),
        "role": "; ".join(roles),
    }
