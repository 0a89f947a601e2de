"""Agreement pieces shown on pages of other apps."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, OuterRef, Subquery
from django.db.models.fields.json import KT

from partners.models import Role
from partners.permissions import user_has_role_anywhere

from ..models import Invitation, Party, Version
from ..selectors import agreement_list_relying_on, signoffs_waiting_for

register = template.Library()


@register.simple_tag
def review_invitations(user: Any) -> list[Invitation]:
    """The agreements ``user`` was invited to review, newest invitation first, each with
    ``latest_number``: its latest version, or None before one is issued; and
    ``title_shown``: that version's title (nothing of the draft before then)."""
    if not getattr(user, "is_authenticated", False):
        return []
    latest = Version.objects.filter(agreement=OuterRef("agreement_id")).order_by("-number")
    return list(
        Invitation.objects.filter(user_id=user.pk)
        .select_related("agreement__area", "invited_by")
        .annotate(
            latest_number=Max("agreement__versions__number"),
            title_shown=Subquery(latest.values(shown=KT("content__agreement__title"))[:1]),
        )
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


@register.simple_tag
def signoffs_waiting(user: Any) -> dict[str, Any]:
    """For a signatory: the parties they are asked to sign off for and have not yet
    decided on (``parties``), and whether they hold the signatory role at all."""
    if not getattr(user, "is_authenticated", False):
        return {"parties": [], "is_signatory": False}
    parties: list[Party] = list(signoffs_waiting_for(user=user))
    return {
        "parties": parties,
        "is_signatory": bool(parties) or user_has_role_anywhere(user, {Role.SIGNATORY}),
    }
