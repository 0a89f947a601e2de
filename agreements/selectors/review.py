"""Scoped reads of review threads and invitations."""

from django.db.models import Count, F, Q, QuerySet

from ..models import Agreement, Comment, Invitation, Reply, Version
from ..models.drafting import without_snapshots


def comment_threads_for_version(*, version: Version) -> list[Comment]:
    """The threads to show on a version: those anchored to it now, and those made on it
    whose words have since gone (outdated), oldest first. Each carries `made_on`, the
    number of the version it was made on (not the version itself), and `reply_list`, its
    replies oldest first with their authors: read in one query for the whole page rather
    than one queryset per thread, which costs more than the rows on a busy agreement."""
    threads: list[Comment] = list(
        Comment.objects.filter(Q(anchor_version=version) | Q(version=version, outdated=True))
        .select_related("author", "resolved_by", "suggestion__decided_by")
        .annotate(made_on=F("version__number"))
        .order_by("created_at")
    )
    replies: dict[int, list[Reply]] = {thread.pk: [] for thread in threads}
    for reply in (
        Reply.objects.filter(comment_id__in=[thread.pk for thread in threads])
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        replies[reply.comment_id].append(reply)
    for thread in threads:
        thread.reply_list = replies[thread.pk]  # type: ignore[attr-defined]
    return threads


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
