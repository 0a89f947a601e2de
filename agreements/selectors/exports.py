"""Exports are their requester's alone: every read is scoped to the person who asked
for it (other admins of the same area included, nobody else finds it)."""

from django.db.models import QuerySet

from partners.models import Area, User

from ..models import Export, ExportStatus


def export_list_for(*, user: User, area: Area | None = None) -> QuerySet[Export]:
    """The person's own exports, newest first (of one area, if given)."""
    exports = Export.objects.filter(requested_by=user).select_related("area")
    if area is not None:
        exports = exports.filter(area=area)
    return exports.order_by("-requested_at", "-pk")


def export_get_for(*, user: User, area: Area, pk: int) -> Export:
    """One of the person's exports of this area. Raises Export.DoesNotExist for anyone
    else's, or another area's."""
    return export_list_for(user=user, area=area).get(pk=pk)


def exports_ready_not_downloaded(*, user: User) -> QuerySet[Export]:
    """The person's finished exports they have not downloaded yet: waiting for them."""
    return export_list_for(user=user).filter(status=ExportStatus.READY, downloads=0)
