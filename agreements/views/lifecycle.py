"""Moving an agreement on: issuing versions, publication on the register, withdrawal,
revision. (Sign-off has its own pages: views/signoff.py.)"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import services
from ..forms import ReasonForm, VersionNoteForm
from .common import EDITORS, act_and_return, form_page, get_agreement


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def version_issue(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = VersionNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version = services.version_issue(agreement=agreement, actor=request.user, note=note)
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Issued version {version.number} for review. Its fingerprint (SHA-256) is "
            f"{version.sha256[:16]}\u2026",
        )
    return redirect(agreement.get_absolute_url())


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def review_resume(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return act_and_return(
        request,
        lambda: services.agreement_resume_review(agreement=agreement, actor=request.user),
        "Nothing differs from the latest version, so it is back in review.",
        agreement.get_absolute_url(),
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def publish(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return act_and_return(
        request,
        lambda: services.agreement_publish(agreement=agreement, actor=request.user),
        "The agreement is published on the public register.",
        agreement.get_absolute_url(),
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def withdraw(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label="Why is it being withdrawn?",
        submit="Withdraw the agreement",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_withdraw(
                agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The agreement is withdrawn. Its versions stay on record.")
            return redirect(agreement.get_absolute_url())
    return form_page(
        request, area=area, agreement=agreement, form=form, title="Withdraw this agreement"
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def revision_start(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return act_and_return(
        request,
        lambda: services.agreement_start_revision(agreement=agreement, actor=request.user),
        "A new draft is open. What was signed stays in its version.",
        agreement.get_absolute_url(),
    )
