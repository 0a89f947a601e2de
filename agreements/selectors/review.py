"""Scoped reads of review threads and invitations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Agreement, Comment, Invitation, Reply, Version
from ..models.drafting import without_snapshots


def comment_threads_for_version(*, version: Version) -> list[Comment]:
    """The threads to show on a version: those anchored to it now, and those made on it
    whose words have since gone (outdated), with their replies and suggestions (and the
    numbers of their versions, not the versions' snapshots)."""
    return list(
        Comment.objects.filter(Q(anchor_version=version) | Q(version=version, outdated=True))
        .select_related(
            "author", "resolved_by", "version", "anchor_version", "suggestion__decided_by"
        )
        .defer(*without_snapshots("version", "anchor_version"))
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("author")))
        .order_by("created_at")
    )


def outdated_threads(*, agreement: Agreement) -> QuerySet[Comment]:
    """Open threads whose words are in no later version, with the version they were
    made on."""
    return (
        Comment.objects.filter(agreement=agreement, outdated=True, resolved_at=None)
        .select_related("author", "version")
        .defer(*without_snapshots("version"))
        .order_by("created_at")
    )


def unresolved_counts_by_section(*, agreement: Agreement) -> dict[str, int]:
    """How many threads are unresolved in each section (by key)."""
    rows = (
        Comment.objects.filter(agreement=agreement, resolved_at=None)
        .values("section_key")
        .annotate(count=Count("pk"))
    )
    return {row["section_key"]: row["count"] for row in rows}


def unresolved_threads(*, version: Version) -> QuerySet[Comment]:
    """The unresolved threads as of a version: anchored to it, or left behind by an
    earlier version (outdated, their words gone) and still open: nobody has answered
    them, so signatories see these too before signing off."""
    return (
        Comment.objects.filter(
            Q(anchor_version=version)
            | Q(
                agreement_id=version.agreement_id,
                outdated=True,
                anchor_version__number__lt=version.number,
            ),
            resolved_at=None,
        )
        .select_related("author", "version")
        .defer(*without_snapshots("version"))
        .order_by("section_key", "created_at")
    )


def comment_get(*, agreement: Agreement, pk: int) -> Comment:
    return (
        Comment.objects.select_related("agreement__area", "author", "version", "anchor_version")
        .defer(*without_snapshots("version", "anchor_version"))
        .get(agreement=agreement, pk=pk)
    )


def invitation_list(*, agreement: Agreement) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(agreement=agreement)
        .select_related("user", "invited_by")
        .order_by("created_at")
    )
