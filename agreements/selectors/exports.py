"""Exports are their requester's alone: every read is scoped to the person who asked
for it (other admins of the same area included, nobody else finds it). And what an
export holds: the signed agreements, with or without a sealed PDF ready."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from partners.models import Area, User

from ..models import Agreement, DocumentKind, DocumentStatus, Export, ExportStatus, RenderedDocument


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


def signed_agreements(
    *, area_id: int | None, agreement_ids: Iterable[int] = ()
) -> QuerySet[Agreement]:
    """Agreements that have a signed version: an area's, or those chosen (whatever their
    state now: published, lapsed, withdrawn or being revised)."""
    agreements = Agreement.objects.filter(signed_version__isnull=False)
    if area_id is not None:
        agreements = agreements.filter(area_id=area_id)
    else:
        agreements = agreements.filter(pk__in=list(agreement_ids))
    return (
        agreements.select_related("area", "signed_version")
        .defer("signed_version__content", "signed_version__canonical")
        .order_by("reference")
    )


def signed_without_sealed_pdf(*, area_id: int) -> QuerySet[Agreement]:
    """The area's signed agreements whose signed version has no sealed PDF ready: an
    export started now leaves them out."""
    ready = RenderedDocument.objects.filter(
        version_id=OuterRef("signed_version_id"),
        kind=DocumentKind.SEALED,
        status=DocumentStatus.READY,
    )
    return signed_agreements(area_id=area_id).filter(~Exists(ready))
