"""Agreement pieces shown on pages of other apps."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max

from ..models import Invitation
from ..selectors import agreement_list_relying_on

register = template.Library()


@register.simple_tag
def review_invitations(user: Any) -> list[Invitation]:
    """The agreements ``user`` was invited to review, newest invitation first, each with
    ``latest_number``: its latest version, or None before one is published."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Invitation.objects.filter(user_id=user.pk)
        .select_related("agreement__area", "invited_by")
        .annotate(latest_number=Max("agreement__versions__number"))
        .order_by("-created_at", "-pk")
    )


@register.inclusion_tag("agreements/_relying_on.html")
def agreements_relying_on(gateway: Any, user: Any, *, public: bool = False) -> dict[str, Any]:
    """The agreements that rely on a gateway, for its page: on the public register the
    published ones only; signed in, what the person may see (see the selector)."""
    if public:
        user = AnonymousUser()
    return {
        "agreements": agreement_list_relying_on(gateway_id=gateway.pk, user=user),
        "public": public,
    }
