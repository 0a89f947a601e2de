"""Agreement pieces shown on pages of other apps."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from ..selectors import agreement_list_relying_on

register = template.Library()


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
