"""Each person's waiting work on their dashboard, composed from the apps that hold it.

partners sits below the apps whose work people wait on (agreements, gateways), so it
imports none of them: each app registers its panels here in its ``AppConfig.ready``,
and the dashboard and the navigation ask every panel. A panel gives, for one person,
what it shows (a template and its context, or nothing) and how many things in it wait
for them: the same number its headings add up to, shown beside "Dashboard" in the
navigation on every page.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from . import selectors
from .models import Role, User
from .permissions import user_roles_by_area


@dataclass(frozen=True)
class Panel:
    """One app's part of the dashboard. ``context(user)`` is what ``template`` needs,
    with ``waiting`` (the things in it waiting for the person), or None when the panel
    has nothing to say to them; ``waiting(user)`` counts the same things cheaply, for
    the navigation. Panels show in ``order``."""

    name: str
    order: int
    template: str
    context: Callable[[User], Mapping[str, Any] | None]
    waiting: Callable[[User], int]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    if panel.name in _panels and _panels[panel.name] != panel:
        raise ImproperlyConfigured(f"The dashboard panel {panel.name} is registered twice.")
    _panels[panel.name] = panel


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.name))


def panels_for(user: User) -> list[tuple[Panel, Mapping[str, Any]]]:
    """The panels with something to show ``user``, each with its context."""
    shown = []
    for panel in panels():
        context = panel.context(user)
        if context is not None:
            shown.append((panel, context))
    return shown


def waiting_count(user: User) -> int:
    """Everything waiting for ``user`` across the panels: the count in the navigation."""
    return sum(panel.waiting(user) for panel in panels())


_REMEMBERED = "_dashboard_waiting"


def remember_waiting(request: HttpRequest, total: int) -> None:
    """Keep the total a page has just counted (the dashboard, from its panels), so the
    navigation of the same response does not count it again."""
    setattr(request, _REMEMBERED, total)


def waiting_for_request(request: HttpRequest, user: User) -> int:
    """The navigation's count: the one the page counted, or counted now."""
    remembered: int | None = getattr(request, _REMEMBERED, None)
    return remembered if remembered is not None else waiting_count(user)


# The partners app's own panel: for area admins, people added who have not yet set a
# password (their invitation is not accepted).


def _admin_area_ids(user: User) -> list[int]:
    return [area for area, roles in user_roles_by_area(user).items() if Role.AREA_ADMIN in roles]


def _invitations_context(user: User) -> Mapping[str, Any] | None:
    area_ids = _admin_area_ids(user)
    if not area_ids:
        return None
    pending = list(selectors.membership_list_not_yet_accepted(area_ids=area_ids))
    return {
        "memberships": pending,
        "waiting": len(pending),
        "members_urls": [
            (area.name, reverse("partners:member-list", kwargs={"area_slug": area.slug}))
            for area in selectors.area_list_visible_to(user=user).filter(pk__in=area_ids)
        ],
        "today": timezone.localdate(),
    }


def _invitations_waiting(user: User) -> int:
    area_ids = _admin_area_ids(user)
    if not area_ids:
        return 0
    return selectors.membership_list_not_yet_accepted(area_ids=area_ids).count()


INVITATIONS = Panel(
    name="partners.invitations",
    order=40,
    template="partners/_dashboard_invitations.html",
    context=_invitations_context,
    waiting=_invitations_waiting,
)
