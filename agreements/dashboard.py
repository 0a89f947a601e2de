"""The agreements app's panels on people's dashboards (see partners.dashboard): for
officers, their areas' agreements by state, threads waiting for an answer, suggested
wording waiting for a decision and review dates coming up; for reviewers, agreements
open for review and their own open threads; for signatories, the sign-offs waiting for
them; for area admins, template revisions waiting for their decision and their own
exports of signed agreements (those ready and not yet downloaded wait for them)."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from partners import dashboard
from partners.models import Area, Role, User
from partners.permissions import user_has_role_anywhere, user_roles_by_area

from .models import AgreementStatus
from .selectors import signoffs_waiting_for
from .selectors.exports import export_list_for, exports_ready_not_downloaded
from .selectors.waiting import (
    REVIEW_SOON_DAYS,
    invitation_list_for,
    open_for_review,
    own_open_threads,
    review_dates_soon,
    status_counts,
    suggestions_waiting,
    template_revisions_to_decide,
    threads_waiting_for_answer,
)

# Items listed under each heading; the heading's count covers them all.
LISTED = 10


def _areas_where(user: User, role: str) -> list[int]:
    return sorted(area for area, roles in user_roles_by_area(user).items() if role in roles)


def _officer_context(user: User) -> Mapping[str, Any] | None:
    area_ids = _areas_where(user, Role.OFFICER)
    if not area_ids:
        return None
    today = timezone.localdate()
    counts = status_counts(area_ids=area_ids)
    threads = threads_waiting_for_answer(area_ids=area_ids)
    suggestions = suggestions_waiting(area_ids=area_ids)
    soon = review_dates_soon(area_ids=area_ids, today=today)
    sections = {
        "threads": (list(threads[:LISTED]), threads.count()),
        "suggestions": (list(suggestions[:LISTED]), suggestions.count()),
        "review_soon": (list(soon[:LISTED]), soon.count()),
    }
    return {
        "areas": [
            {
                "area": area,
                "by_status": [
                    (status, label, counts.get(area.pk, {}).get(status, 0))
                    for status, label in AgreementStatus.choices
                    if counts.get(area.pk, {}).get(status, 0)
                ],
            }
            for area in Area.objects.filter(pk__in=area_ids).order_by("name")
        ],
        **{name: items for name, (items, _) in sections.items()},
        **{f"{name}_count": count for name, (_, count) in sections.items()},
        "review_soon_days": REVIEW_SOON_DAYS,
        "today": today,
        "waiting": sum(count for _, count in sections.values()),
    }


def _officer_waiting(user: User) -> int:
    area_ids = _areas_where(user, Role.OFFICER)
    if not area_ids:
        return 0
    return (
        threads_waiting_for_answer(area_ids=area_ids).count()
        + suggestions_waiting(area_ids=area_ids).count()
        + review_dates_soon(area_ids=area_ids, today=timezone.localdate()).count()
    )


def _reviewer_context(user: User) -> Mapping[str, Any] | None:
    area_ids = _areas_where(user, Role.REVIEWER)
    invitations = list(invitation_list_for(user=user))
    if not area_ids and not invitations:
        return None
    agreements = open_for_review(user=user, area_ids=area_ids)
    threads = own_open_threads(user=user)
    open_count, thread_count = agreements.count(), threads.count()
    return {
        "open_for_review": list(agreements[:LISTED]),
        "open_for_review_count": open_count,
        "threads": list(threads[:LISTED]),
        "threads_count": thread_count,
        "invitations": invitations,
        "waiting": open_count + thread_count,
    }


def _reviewer_waiting(user: User) -> int:
    # Counted only for those the panel is shown to, so the navigation and the
    # dashboard always agree.
    area_ids = _areas_where(user, Role.REVIEWER)
    if not area_ids and not invitation_list_for(user=user).exists():
        return 0
    agreements = open_for_review(user=user, area_ids=area_ids).count()
    return agreements + own_open_threads(user=user).count()


def _signatory_context(user: User) -> Mapping[str, Any] | None:
    # Only a signatory of a party's organisation is asked to sign for it.
    if not user_has_role_anywhere(user, {Role.SIGNATORY}):
        return None
    parties = list(signoffs_waiting_for(user=user))
    return {"parties": parties, "waiting": len(parties)}


def _signatory_waiting(user: User) -> int:
    if not user_has_role_anywhere(user, {Role.SIGNATORY}):
        return 0
    return signoffs_waiting_for(user=user).count()


def _revisions_context(user: User) -> Mapping[str, Any] | None:
    area_ids = _areas_where(user, Role.AREA_ADMIN)
    if not area_ids:
        return None
    revisions = template_revisions_to_decide(user=user, area_ids=area_ids)
    areas = {area.pk: area for area in Area.objects.filter(pk__in=area_ids)}
    listed = []
    for revision in revisions[:LISTED]:
        # Decided from one of the person's areas other than the one it came from.
        decide_in = next(a for pk, a in sorted(areas.items()) if pk != revision.proposed_from_id)
        listed.append((revision, decide_in))
    count = revisions.count()
    return {"revisions": listed, "revisions_count": count, "waiting": count}


def _revisions_waiting(user: User) -> int:
    area_ids = _areas_where(user, Role.AREA_ADMIN)
    if not area_ids:
        return 0
    return template_revisions_to_decide(user=user, area_ids=area_ids).count()


def _exports_context(user: User) -> Mapping[str, Any] | None:
    area_ids = _areas_where(user, Role.AREA_ADMIN)
    if not area_ids:
        return None
    ready = exports_ready_not_downloaded(user=user).filter(area_id__in=area_ids).count()
    return {
        "exports": list(export_list_for(user=user).filter(area_id__in=area_ids)[:5]),
        "areas": list(Area.objects.filter(pk__in=area_ids).order_by("name")),
        "ready_count": ready,
        "waiting": ready,
    }


def _exports_waiting(user: User) -> int:
    area_ids = _areas_where(user, Role.AREA_ADMIN)
    if not area_ids:
        return 0
    return exports_ready_not_downloaded(user=user).filter(area_id__in=area_ids).count()


PANELS = (
    dashboard.Panel(
        name="agreements.signoffs",
        order=10,
        template="agreements/_signoffs_waiting.html",
        context=_signatory_context,
        waiting=_signatory_waiting,
    ),
    dashboard.Panel(
        name="agreements.officer",
        order=20,
        template="agreements/_dashboard_officer.html",
        context=_officer_context,
        waiting=_officer_waiting,
    ),
    dashboard.Panel(
        name="agreements.template_revisions",
        order=37,
        template="agreements/_dashboard_revisions.html",
        context=_revisions_context,
        waiting=_revisions_waiting,
    ),
    dashboard.Panel(
        name="agreements.exports",
        order=47,
        template="agreements/_dashboard_exports.html",
        context=_exports_context,
        waiting=_exports_waiting,
    ),
    dashboard.Panel(
        name="agreements.reviewer",
        order=30,
        template="agreements/_dashboard_reviewer.html",
        context=_reviewer_context,
        waiting=_reviewer_waiting,
    ),
)


def register() -> None:
    for panel in PANELS:
        dashboard.register(panel)
