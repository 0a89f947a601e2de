"""An area's e-mails and jobs that are not getting through, for its admins."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area, Role

from . import selectors, services
from .forms import JobRetryForm
from .models import Job
from .outbox import MAX_ATTEMPTS


@area_view(roles={Role.AREA_ADMIN})
def trouble(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    jobs = list(selectors.job_list_needing_attention(area=area)[:200])
    return render(
        request,
        "notifications/trouble.html",
        {"area": area, "jobs": jobs, "max_attempts": MAX_ATTEMPTS},
    )


@area_view(roles={Role.AREA_ADMIN}, methods=("POST",))
def retry(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    form = JobRetryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose something to try again.")
        return redirect("notifications:trouble", area_slug=area.slug)
    try:
        job = selectors.job_get_for_area(area=area, pk=form.cleaned_data["job"])
    except Job.DoesNotExist:
        messages.error(request, "That has already gone through, or is not this area's.")
        return redirect("notifications:trouble", area_slug=area.slug)
    services.job_retry(job=job, actor=request.user, area=area)
    messages.success(request, f"Trying again now: {job}.")
    return redirect("notifications:trouble", area_slug=area.slug)
