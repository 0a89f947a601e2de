"""The register for signed-in people: search, read, propose, decide, correct."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, signed_in_view
from partners.models import Role

from .. import reliance, selectors, services
from ..forms import ChangeReasonForm, DecisionForm, GatewayForm, ProposalForm
from ..models import Gateway, GatewayChange, GatewayStatus
from ..permissions import user_can_curate_gateways
from .listing import search_results

CURATORS = {Role.AREA_ADMIN}


@signed_in_view
def gateway_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "gateways/list.html",
        {
            "results": search_results(request),
            "can_curate": user_can_curate_gateways(request.user),
            "detail_url_name": "gateways:detail",
        },
    )


def _gateway_or_404(request: AuthenticatedRequest, slug: str) -> Gateway:
    try:
        return selectors.gateway_get_visible_to(user=request.user, slug=slug)
    except Gateway.DoesNotExist as exc:
        raise Http404 from exc


@signed_in_view
def gateway_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    gateway = _gateway_or_404(request, slug)
    return render(
        request,
        "gateways/detail.html",
        {
            "gateway": gateway,
            "can_curate": user_can_curate_gateways(request.user),
            "relying": reliance.sections_for(gateway=gateway, request=request),
        },
    )


@signed_in_view(roles=CURATORS, methods=("GET", "POST"))
def gateway_propose(request: AuthenticatedRequest) -> HttpResponse:
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            gateway = services.gateway_propose(
                details=form.details(),
                reason=form.cleaned_data["reason"].strip(),
                actor=request.user,
            )
        except services.GatewayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{gateway.title} is proposed. Another area admin will decide whether it "
                "goes in the register.",
            )
            return redirect(gateway.get_absolute_url())
    return render(request, "gateways/propose.html", {"form": form})


@signed_in_view(roles=CURATORS)
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "gateways/proposals.html",
        {
            "proposals": selectors.gateway_proposal_list(),
            "changes": selectors.gateway_change_list(),
            "decided": selectors.gateway_recently_decided()[:20],
        },
    )


@signed_in_view(roles=CURATORS, methods=("GET", "POST"))
def gateway_review(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    gateway = _gateway_or_404(request, slug)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if gateway.status != GatewayStatus.PROPOSED:
        # Already decided: the page says how and by whom; a late decision is refused.
        if request.method == "POST":
            form.is_valid()  # so the refusal can be added beside any field errors
            form.add_error(
                None, services.NOT_PROPOSED.format(status=gateway.get_status_display().lower())
            )
        return render(
            request,
            "gateways/review.html",
            {"gateway": gateway, "form": form, "own_proposal": False},
            status=409 if request.method == "POST" else 200,
        )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.gateway_approve(
                    gateway=gateway, actor=request.user, note=form.cleaned_data["note"].strip()
                )
                messages.success(request, f"{gateway.title} is now in the register.")
            else:
                services.gateway_reject(
                    gateway=gateway, actor=request.user, reason=form.cleaned_data["note"]
                )
                messages.success(request, f"You turned down the proposal for {gateway.title}.")
        except services.GatewayError as error:
            form.add_error(None, str(error))
        else:
            return redirect("gateways:proposals")
    return render(
        request,
        "gateways/review.html",
        {
            "gateway": gateway,
            "form": form,
            "own_proposal": gateway.proposed_by_id == request.user.pk,
        },
    )


@signed_in_view(roles=CURATORS, methods=("GET", "POST"))
def gateway_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A proposal is corrected in place; a gateway in the register gets a proposed
    change, which another area admin approves before the register shows it."""
    gateway = _gateway_or_404(request, slug)
    in_register = gateway.status == GatewayStatus.APPROVED
    data = request.POST if request.method == "POST" else None
    form = GatewayForm(
        data,
        initial=GatewayForm.initial_from(gateway),
        submit="Propose this change" if in_register else "Save changes",
    )
    reason = ChangeReasonForm(data)
    if request.method == "POST" and form.is_valid() and reason.is_valid():
        try:
            if in_register:
                services.gateway_change_propose(
                    gateway=gateway,
                    details=form.details(),
                    reason=reason.cleaned_data["reason"],
                    actor=request.user,
                )
            else:
                services.gateway_update(gateway=gateway, details=form.details(), actor=request.user)
        except services.GatewayError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your change to {gateway.title} is proposed. Another area admin will decide "
                "on it; until then the register shows the gateway as it was."
                if in_register
                else f"Saved the changes to {gateway.title}.",
            )
            return redirect(gateway.get_absolute_url())
    return render(
        request,
        "gateways/edit.html",
        {"gateway": gateway, "form": form, "reason_form": reason, "in_register": in_register},
    )


@signed_in_view(roles=CURATORS, methods=("GET", "POST"))
def change_review(request: AuthenticatedRequest, change_id: int) -> HttpResponse:
    try:
        change = selectors.gateway_change_get(pk=change_id)
    except GatewayChange.DoesNotExist as exc:
        raise Http404 from exc
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.gateway_change_approve(
                    change=change, actor=request.user, note=form.cleaned_data["note"].strip()
                )
                messages.success(request, f"The change to {change.gateway.title} is approved.")
            else:
                services.gateway_change_reject(
                    change=change, actor=request.user, reason=form.cleaned_data["note"]
                )
                messages.success(request, f"You turned down the change to {change.gateway.title}.")
        except services.GatewayError as error:
            form.add_error(None, str(error))
        else:
            return redirect("gateways:proposals")
    return render(
        request,
        "gateways/change_review.html",
        {
            "change": change,
            "differences": services.change_differences(change),
            "form": form,
            "own_change": change.proposed_by_id == request.user.pk,
        },
    )


@signed_in_view
def lawful_basis_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "gateways/lawful_bases.html",
        {"bases": selectors.lawful_basis_list(), "categories": selectors.data_category_list()},
    )
