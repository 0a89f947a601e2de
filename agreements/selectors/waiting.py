"""Scoped reads of the work waiting for people, for their dashboards: threads and
suggestions waiting for officers, review dates coming up, agreements open for review,
a reviewer's own open threads. The callers pass the areas the person holds the role in
(from partners.permissions), so every read stays inside them."""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce

from partners.models import Membership, User

from .. import lifecycle
from ..models import (
    Agreement,
    AgreementStatus,
    Comment,
    Invitation,
    Reply,
    Suggestion,
    TemplateVersion,
    TemplateVersionStatus,
    Version,
)
from ..models.drafting import without_snapshots
from ..permissions import EDITORS

S = AgreementStatus
# How far ahead officers are shown review dates.
REVIEW_SOON_DAYS = 90


def _last_word_by() -> Coalesce:
    """Who wrote a thread's latest message: its latest reply's author, or its own."""
    latest_reply = Reply.objects.filter(comment=OuterRef("pk")).order_by("-created_at", "-pk")
    return Coalesce(
        Subquery(latest_reply.values("author_id")[:1]), F("author_id"), output_field=IntegerField()
    )


def threads_waiting_for_answer(*, area_ids: list[int]) -> QuerySet[Comment]:
    """Open review threads on these areas' agreements whose latest message is not from
    an officer or area admin of the area: someone is waiting for an answer. Oldest
    first, on agreements whose threads can still be answered."""
    editor = Membership.objects.filter(
        user_id=OuterRef("last_word_by"),
        organisation__area_id=OuterRef("agreement__area_id"),
        role__in=EDITORS,
    )
    return (
        Comment.objects.filter(
            agreement__area_id__in=area_ids,
            agreement__status__in=lifecycle.states_allowing("answer_threads"),
            resolved_at=None,
        )
        .annotate(last_word_by=_last_word_by())
        .exclude(Exists(editor))
        .select_related("agreement__area", "version", "anchor_version", "author")
        .defer(*without_snapshots("version", "anchor_version"))
        .order_by("created_at", "pk")
    )


def suggestions_waiting(*, area_ids: list[int]) -> QuerySet[Suggestion]:
    """Suggested wording on these areas' agreements that no officer has decided on yet,
    while the draft can still take it. Oldest first."""
    return (
        Suggestion.objects.filter(
            state="open",
            comment__agreement__area_id__in=area_ids,
            comment__agreement__status__in=lifecycle.states_allowing("edit"),
        )
        .select_related(
            "comment__agreement__area",
            "comment__version",
            "comment__anchor_version",
            "comment__author",
        )
        .defer(*without_snapshots("comment__version", "comment__anchor_version"))
        .order_by("comment__created_at", "pk")
    )


def review_dates_soon(*, area_ids: list[int], today: date) -> QuerySet[Agreement]:
    """Agreements in force in these areas whose review date falls within
    REVIEW_SOON_DAYS (or has passed: they lapse overnight). Soonest first."""
    return (
        Agreement.objects.filter(
            area_id__in=area_ids,
            status__in=lifecycle.states_allowing("lapse"),
            review_date__lte=today + timedelta(days=REVIEW_SOON_DAYS),
        )
        .select_related("area")
        .order_by("review_date", "reference")
    )


def status_counts(*, area_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each area, how many of its agreements are in each state (for officers, who
    see every agreement of their areas)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Agreement.objects.filter(area_id__in=area_ids)
        .values_list("area_id", "status")
        .annotate(n=Count("pk"))
    )
    for area_id, status, n in rows:
        counts.setdefault(area_id, {})[status] = n
    return counts


def _issued_title() -> Subquery:
    latest = Version.objects.filter(agreement=OuterRef("pk")).order_by("-number")
    return Subquery(
        latest.values(shown=KT("content__agreement__title"))[:1], output_field=TextField()
    )


def open_for_review(*, user: User, area_ids: list[int]) -> QuerySet[Agreement]:
    """Agreements in review that ``user`` may comment on: those of the areas where they
    review, and those they were invited to. Each with ``latest_number`` and
    ``title_shown``, the title as the latest issued version has it (reviewers never see
    a draft). Longest in review first."""
    invited = Invitation.objects.filter(agreement=OuterRef("pk"), user=user)
    return (
        Agreement.objects.filter(Q(area_id__in=area_ids) | Exists(invited), status=S.IN_REVIEW)
        .annotate(latest_number=Max("versions__number"), title_shown=_issued_title())
        .filter(latest_number__isnull=False)
        .select_related("area")
        .order_by("updated_at", "reference")
    )


def own_open_threads(*, user: User) -> QuerySet[Comment]:
    """``user``'s own unresolved threads on agreements whose threads can still be
    answered, each with ``answered``: whether someone else has had the last word.
    Oldest first."""
    return (
        Comment.objects.filter(
            author=user,
            resolved_at=None,
            agreement__status__in=lifecycle.states_allowing("answer_threads"),
        )
        .annotate(last_word_by=_last_word_by())
        .annotate(answered=ExpressionWrapper(~Q(last_word_by=user.pk), output_field=BooleanField()))
        .select_related("agreement__area", "version", "anchor_version")
        .defer(*without_snapshots("version", "anchor_version"))
        .order_by("created_at", "pk")
    )


def invitation_list_for(*, user: User) -> QuerySet[Invitation]:
    """The agreements ``user`` was invited to review, newest invitation first, each with
    ``latest_number`` (None before a version is issued) and ``title_shown``: that
    version's title (nothing of the draft before then)."""
    latest = Version.objects.filter(agreement=OuterRef("agreement_id")).order_by("-number")
    return (
        Invitation.objects.filter(user=user)
        .select_related("agreement__area", "invited_by")
        .annotate(
            latest_number=Max("agreement__versions__number"),
            title_shown=Subquery(
                latest.values(shown=KT("content__agreement__title"))[:1], output_field=TextField()
            ),
        )
        .order_by("-created_at", "-pk")
    )


def template_revisions_to_decide(*, user: User, area_ids: list[int]) -> QuerySet[TemplateVersion]:
    """Template revisions waiting for an area admin's decision that ``user``, an admin of
    ``area_ids``, may make: not their own, and proposed from an area other than at least
    one of theirs. Oldest first."""
    revisions = TemplateVersion.objects.filter(status=TemplateVersionStatus.PROPOSED).exclude(
        created_by_id=user.pk
    )
    if len(area_ids) == 1:
        revisions = revisions.exclude(proposed_from_id=area_ids[0])
    return revisions.select_related("template", "created_by", "proposed_from").order_by(
        "created_at", "pk"
    )
