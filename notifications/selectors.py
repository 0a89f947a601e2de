"""Scoped reads of the outbox, for the people who must know when e-mail is not getting
through: an area's admins (their area's work) and platform admins (all of it)."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from partners.models import Area

from .models import Job

# Work still waiting this long after it was due means no relay is running.
OVERDUE = timedelta(minutes=5)


def _for_area(area: Area) -> Q:
    # Work queued for the area, or (e-mails not tied to an area) to people in it.
    return Q(area=area) | Q(area=None, recipient__memberships__organisation__area=area)


def job_list_needing_attention(*, area: Area) -> QuerySet[Job]:
    """The area's unfinished work that has failed at least once, or has waited past
    OVERDUE: given up first, then by when it was queued, newest first."""
    overdue = timezone.now() - OVERDUE
    return (
        Job.objects.filter(_for_area(area), done_at=None)
        .filter(~Q(last_error="") | Q(run_after__lt=overdue))
        .select_related("recipient")
        .distinct()
        .order_by("-failed_at", "-created_at", "-pk")
    )


def job_get_for_area(*, area: Area, pk: int) -> Job:
    """One unfinished job of the area; raises Job.DoesNotExist for any other."""
    return Job.objects.filter(_for_area(area), done_at=None).distinct().get(pk=pk)
