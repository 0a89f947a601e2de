"""Navigation by role, for the base layout."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from . import dashboard, permissions, selectors


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool
    count: int = 0  # things waiting, shown beside the text


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = [
        NavItem(
            "Dashboard",
            reverse("partners:dashboard"),
            path == "/",
            count=dashboard.waiting_for_request(request, user),
        )
    ]
    gateways = reverse("gateways:list")
    items.append(NavItem("Legal gateways", gateways, path.startswith(gateways)))
    for area in selectors.area_list_visible_to(user=user).order_by("name")[:6]:
        if not permissions.user_roles_in_area(user, area):
            continue
        href = area.get_absolute_url()
        members = reverse("partners:member-list", kwargs={"area_slug": area.slug})
        in_members = path.startswith(members)
        agreements = f"{href}agreements/"
        in_agreements = path.startswith(agreements)
        items.append(
            NavItem(area.name, href, path.startswith(href) and not in_members and not in_agreements)
        )
        items.append(NavItem(f"{area.name} agreements", agreements, in_agreements))
        if permissions.user_is_area_admin(user, area):
            items.append(NavItem(f"{area.name} members", members, in_members))
    if user.is_staff:
        items.append(NavItem("Platform admin", reverse("admin:index"), path.startswith("/admin/")))
    return {"nav_items": items}
