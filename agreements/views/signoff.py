"""Sign-off pages: asking for it, a signatory's decision (with their password again), and
a decision made outside the service, recorded by an officer."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import lifecycle, selectors, services
from ..completeness import completeness_gaps
from ..forms import OutsideSignOffForm, SignOffForm, SignOffRequestForm
from ..models import Agreement, Capacity, Party, Version
from ..permissions import user_signs_for
from .common import get_agreement, trade_off_context

EDITORS = lifecycle.roles_for("edit")
WRONG_PASSWORD = "The password is not right. Enter your own password again to sign off."  # noqa: S105
LOCKED_OUT = (
    "Too many wrong passwords: signing off (and signing in) is paused for a while. Try again later."
)

# A signatory's job title often names the office they sign in.
_CAPACITY_WORDS = (
    ("senior information risk", Capacity.SIRO),
    ("siro", Capacity.SIRO),
    ("data protection officer", Capacity.DPO),
    ("caldicott", Capacity.CALDICOTT),
    ("chief executive", Capacity.CHIEF_EXECUTIVE),
)


def _capacity_from(job_title: str) -> dict[str, str]:
    title = job_title.lower()
    for words, capacity in _CAPACITY_WORDS:
        if words in title:
            return {"capacity": capacity}
    return {"capacity": Capacity.OTHER, "capacity_other": job_title} if job_title else {}


def _latest(agreement: Agreement) -> Version | None:
    numbers = selectors.version_list(agreement=agreement).values_list("number", flat=True)
    number = numbers.first()
    return selectors.version_get(agreement=agreement, number=number) if number else None


def _decided(version: Version | None, signoffs: list[Any]) -> set[int]:
    if version is None:
        return set()
    return {
        s.organisation_id
        for s in signoffs
        if s.version_id == version.pk and s.superseded_at is None
    }


@area_view(roles=lifecycle.roles_for("sign_off"), staff=False, methods=("GET", "POST"))
def signoff_page(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    mine = user_signs_for(request.user, agreement)
    if not mine:
        raise PermissionDenied
    version = _latest(agreement)
    signoffs = selectors.signoff_list(agreement=agreement)
    decided = _decided(version, signoffs)
    to_decide: list[Party] = [p for p in mine if p.organisation_id not in decided]
    awaiting = lifecycle.allows("sign_off", agreement.status) and version is not None
    form = None
    status = 200
    if awaiting and to_decide and version is not None:
        form = SignOffForm(
            request.POST if request.method == "POST" else None,
            parties=to_decide,
            initial={"version_number": version.number, **_capacity_from(request.user.job_title)},
        )
        if request.method == "POST":
            if form.is_valid() and _password_confirmed(request, form):
                try:
                    services.signoff_record(
                        agreement=agreement,
                        organisation=next(
                            p.organisation
                            for p in to_decide
                            if p.organisation_id == form.cleaned_data["organisation"]
                        ),
                        actor=request.user,
                        version_number=form.cleaned_data["version_number"],
                        decision=form.cleaned_data["decision"],
                        capacity=form.cleaned_data["capacity"],
                        capacity_other=form.cleaned_data["capacity_other"],
                        conditions=form.cleaned_data["conditions"],
                        balance_accepted=form.cleaned_data["balance_accepted"],
                        password_confirmed=True,
                    )
                except services.AgreementError as error:
                    form.add_error(error.field if error.field in form.fields else None, str(error))
                else:
                    messages.success(
                        request, "Your decision is recorded, with the version's fingerprint."
                    )
                    return redirect(f"{agreement.get_absolute_url()}#sign-off")
            status = 400
    context: dict[str, Any] = {
        "area": area,
        "agreement": agreement,
        "version": version,
        "form": form,
        "awaiting": awaiting,
        "mine": mine,
        "overview": selectors.signoff_overview(
            agreement=agreement,
            latest_number=version.number if version else None,
            signoffs=signoffs,
        ),
        "threads": list(selectors.unresolved_threads(version=version)) if version else [],
    }
    if version is not None:
        trade_off = trade_off_context(agreement, version)
        context |= {"trade_off": trade_off, "frozen": trade_off["frozen"]}
    return render(request, "agreements/signoff.html", context, status=status)


def _password_confirmed(request: AuthenticatedRequest, form: SignOffForm) -> bool:
    """The signatory's own password, checked as a sign-in is (failures count towards the
    same pause, and are recorded), without signing in again."""
    user = authenticate(
        request, username=request.user.email, password=form.cleaned_data["password"]
    )
    if getattr(request, "axes_locked_out", False):
        form.add_error("password", LOCKED_OUT)
        return False
    if user is None or user.pk != request.user.pk:
        form.add_error("password", WRONG_PASSWORD)
        return False
    return True


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def signoff_request(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    version = _latest(agreement)
    threads = list(selectors.unresolved_threads(version=version)) if version else []
    form = SignOffRequestForm(
        request.POST if request.method == "POST" else None, open_threads=len(threads)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_request_signoff(
                agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.Incomplete as incomplete:
            return render(
                request,
                "agreements/incomplete.html",
                {
                    "area": area,
                    "agreement": agreement,
                    "error": str(incomplete),
                    "gaps": incomplete.gaps,
                },
                status=409,
            )
        except services.OpenThreads as open_threads:
            form.add_error("reason", str(open_threads))
            status = 409
        except services.AgreementError as error:
            # Changed since the page was opened: why, with the reason as written.
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, "Each party's signatory has been asked to sign off.")
            return redirect(f"{agreement.get_absolute_url()}#sign-off")
    return render(
        request,
        "agreements/signoff_request.html",
        {
            "area": area,
            "agreement": agreement,
            "version": version,
            "threads": threads,
            "form": form,
            "allowed": lifecycle.allows("request_signoff", agreement.status),
            "gaps": completeness_gaps(agreement),
        },
        status=status,
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def signoff_record_outside(
    request: AuthenticatedRequest, area: Area, reference: str
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    version = _latest(agreement)
    decided = _decided(version, selectors.signoff_list(agreement=agreement))
    parties = [p for p in agreement.parties.all() if p.organisation_id not in decided]
    allowed = lifecycle.allows("record_outside_signoff", agreement.status) and bool(parties)
    form = OutsideSignOffForm(
        request.POST if request.method == "POST" else None,
        parties=parties,
        initial={"version_number": version.number if version else None},
    )
    status = 200
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.signoff_record_outside(
                agreement=agreement,
                organisation=next(
                    p.organisation
                    for p in parties
                    if p.organisation_id == form.cleaned_data["organisation"]
                ),
                actor=request.user,
                version_number=form.cleaned_data["version_number"],
                signatory_name=form.cleaned_data["signatory_name"],
                capacity=form.cleaned_data["capacity"],
                capacity_other=form.cleaned_data["capacity_other"],
                decision=form.cleaned_data["decision"],
                conditions=form.cleaned_data["conditions"],
                signed_on=form.cleaned_data["signed_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Recorded the sign-off made outside the service.")
            return redirect(f"{agreement.get_absolute_url()}#sign-off")
    if request.method == "POST" and form.errors:
        status = 400
    return render(
        request,
        "agreements/signoff_outside.html",
        {
            "area": area,
            "agreement": agreement,
            "version": version,
            "form": form,
            "allowed": allowed,
        },
        status=status,
    )
