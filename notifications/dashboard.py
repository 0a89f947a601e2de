"""The notifications app's panel on area admins' dashboards (see partners.dashboard): the
area's e-mails and background work that are not getting through."""

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from partners import dashboard
from partners.models import Area, Role, User
from partners.permissions import user_roles_by_area

from .selectors import job_list_needing_attention

LISTED = 10


def _admin_area_ids(user: User) -> list[int]:
    return sorted(a for a, roles in user_roles_by_area(user).items() if Role.AREA_ADMIN in roles)


def _admin_areas(user: User) -> list[Area]:
    area_ids = _admin_area_ids(user)
    return list(Area.objects.filter(pk__in=area_ids).order_by("name")) if area_ids else []


def _context(user: User) -> Mapping[str, Any] | None:
    areas = _admin_areas(user)
    if not areas:
        return None
    per_area: list[dict[str, Any]] = []
    for area in areas:
        jobs = job_list_needing_attention(area=area)
        per_area.append(
            {
                "area": area,
                "jobs": list(jobs[:LISTED]),
                "count": jobs.count(),
                "url": reverse("notifications:trouble", kwargs={"area_slug": area.slug}),
            }
        )
    waiting = sum(int(entry["count"]) for entry in per_area)
    return {"areas": per_area, "jobs_count": waiting, "waiting": waiting}


def _waiting(user: User) -> int:
    # By id alone: the navigation need not load the areas to count their work.
    return sum(
        job_list_needing_attention(area=Area(pk=area_id)).count()
        for area_id in _admin_area_ids(user)
    )


UNDELIVERED = dashboard.Panel(
    name="notifications.undelivered",
    order=45,
    template="notifications/_dashboard_undelivered.html",
    context=_context,
    waiting=_waiting,
)


def register() -> None:
    dashboard.register(UNDELIVERED)
