"""The agreements that rely on a gateway, on the gateway's page (see gateways.reliance:
gateways sit below agreements, so this app adds its section there)."""

from collections.abc import Mapping
from typing import Any

from gateways import reliance
from gateways.models import Gateway
from partners.permissions import AnyUser

from .selectors import agreement_list_relying_on


def _relying_on(gateway: Gateway, user: AnyUser) -> Mapping[str, Any]:
    """What the person may see of the agreements naming the gateway (see the selector)."""
    return {
        "agreements": agreement_list_relying_on(gateway_id=gateway.pk, user=user),
        "public": False,
    }


def register() -> None:
    reliance.register(reliance.Section("agreements", "agreements/_relying_on.html", _relying_on))
