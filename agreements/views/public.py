"""The public register's side of an agreement, for its officers: opening and closing it
to the public's views, hiding abusive comments with a reason, and recording at review
what came of each expected benefit."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import lifecycle, services
from ..forms import BenefitOutcomeForm, ReasonForm
from ..models import Agreement
from ..selectors import public as selectors
from ..services.review_dates import NOT_PUBLISHED
from .common import EDITORS, act_and_return, form_page, found_or_404, get_agreement


def _public_url(agreement: Agreement) -> str:
    return reverse(
        "agreements:public",
        kwargs={"area_slug": agreement.area.slug, "reference": agreement.reference},
    )


@area_view(roles=EDITORS)
def public_side(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    publication = selectors.publication_of(agreement_id=agreement.pk)
    benefits = []
    if publication is not None:
        outcomes = selectors.benefit_outcomes(agreement_ids=[agreement.pk])
        benefits = selectors.benefits_with_outcomes(publication, outcomes.get(agreement.pk, {}))
    return render(
        request,
        "agreements/public_side.html",
        {
            "area": area,
            "agreement": agreement,
            "publication": publication,
            "views": selectors.public_views_for_officers(agreement_id=agreement.pk),
            "waiting": selectors.public_views_waiting(agreement_id=agreement.pk),
            "benefits": benefits,
            "outcome_form": BenefitOutcomeForm(benefits=benefits) if benefits else None,
            "can": lifecycle.available(agreement.status),
        },
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def public_comment_open(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return act_and_return(
        request,
        lambda: services.public_comment_open(agreement=agreement, actor=request.user),
        "The agreement is open for the public's views on the register.",
        _public_url(agreement),
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def public_comment_close(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return act_and_return(
        request,
        lambda: services.public_comment_close(agreement=agreement, actor=request.user),
        "The agreement is closed to the public's views. Those given stay counted.",
        _public_url(agreement),
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def public_view_hide(
    request: AuthenticatedRequest, area: Area, public_view_id: int
) -> HttpResponse:
    view = found_or_404(selectors.public_view_get, area=area, pk=public_view_id)
    agreement = view.agreement
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label="Why is it hidden?",
        submit="Hide the comment",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.public_view_hide(
                view=view, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The comment is hidden. Its scores still count.")
            return redirect(_public_url(agreement))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Hide a comment from the public register",
        intro=(
            f"“{view.comment[:300]}” The comment will no longer be shown or published; "
            "its scores still count. The reason is kept in the audit trail."
        ),
        back_url=_public_url(agreement),
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def benefit_outcome(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    publication = selectors.publication_of(agreement_id=agreement.pk)
    benefits = publication.record.get("expected_benefits", []) if publication else []
    form = BenefitOutcomeForm(request.POST, benefits=benefits)
    if form.is_valid():
        return act_and_return(
            request,
            lambda: services.benefit_outcome_record(
                agreement=agreement,
                actor=request.user,
                benefit_index=form.cleaned_data["benefit"],
                outcome=form.cleaned_data["outcome"],
                evidence=form.cleaned_data["evidence"],
            ),
            "Recorded what came of the benefit. The public register shows it.",
            _public_url(agreement),
        )
    if publication is None:
        messages.error(request, NOT_PUBLISHED)
        return redirect(_public_url(agreement))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Record what came of a benefit",
        back_url=_public_url(agreement),
        status=400,
    )
