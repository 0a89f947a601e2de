"""The trade-off: officers draft the assessment (with its expected benefits and risks);
everyone with a part in the agreement records their own view of an issued version."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import lifecycle, selectors, services
from ..forms import AssessmentForm, BenefitForm, PerspectiveForm, RiskForm
from ..models import Agreement, Benefit, Risk, Version
from ..permissions import invited_to_agreement, user_can_record_perspective
from ..services import assessment as assessment_messages
from ..snapshot import active_questions, build_assessment
from .common import act_and_return, form_page, found_or_404, get_agreement

EDITORS = lifecycle.roles_for("edit")


def _back(agreement: Agreement) -> str:
    return f"{agreement.get_absolute_url()}#assessment"


def _assessment_initial(agreement: Agreement) -> dict[str, Any]:
    assessment = selectors.assessment_get(agreement=agreement)
    initial: dict[str, Any] = {
        name: getattr(assessment, name)
        for name in (
            "risk_of_not_sharing",
            "safe_people",
            "safe_projects",
            "safe_settings",
            "safe_data",
            "safe_outputs",
            "dpia",
            "dpia_date",
            "dpia_outcome",
            "dpo_advice",
            "residual_risk",
            "residual_risk_note",
            "balance_statement",
            "overall_position",
        )
    }
    initial["base_revision"] = assessment.revision
    for answer in assessment.answers.all():
        initial[f"score_{answer.question.code}"] = answer.score
        initial[f"reason_{answer.question.code}"] = answer.reason
    return initial


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def assessment_edit(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    questions = active_questions()
    posted = request.method == "POST"
    form = AssessmentForm(
        request.POST if posted else None,
        questions=questions,
        initial=_assessment_initial(agreement),
    )
    status = 200
    if posted and form.is_valid():
        try:
            services.assessment_save(
                agreement=agreement,
                actor=request.user,
                base_revision=form.cleaned_data["base_revision"],
                answers={
                    code: services.Answer(score, reason)
                    for code, (score, reason) in form.answers().items()
                },
                fields=form.assessment_fields(),
            )
        except services.AssessmentConflict as conflict:
            # Keep what they typed; the next save goes over the newer revision knowingly.
            data = request.POST.copy()
            data["base_revision"] = str(conflict.current_revision)
            form = AssessmentForm(data, questions=questions)
            form.is_valid()
            form.add_error(None, str(conflict))
            status = 409
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Saved the trade-off assessment.")
            return redirect(_back(agreement))
    saved = build_assessment(agreement) if status == 409 else None
    return render(
        request,
        "agreements/assessment_edit.html",
        {"area": area, "agreement": agreement, "form": form, "saved": saved},
        status=status,
    )


def _item_page(
    request: AuthenticatedRequest,
    area: Area,
    agreement: Agreement,
    *,
    form: Any,
    save: Any,
    title: str,
    intro: str,
    success: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, success)
            return redirect(_back(agreement))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title=title,
        intro=intro,
        back_url=_back(agreement),
    )


BENEFIT_INTRO = (
    "Say who benefits, what the benefit is, and how anyone will know it happened. At review, "
    "what actually happened is recorded against each one."
)
RISK_INTRO = (
    "A risk to the people whose data is shared, or to others, with how likely and how severe "
    "it is, and what is done about it."
)


def _benefit_initial(benefit: Benefit) -> dict[str, Any]:
    return {
        "beneficiary": benefit.beneficiary,
        "description": benefit.description,
        "measure": benefit.measure,
        "expected_by": benefit.expected_by,
    }


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def benefit_add(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return _item_page(
        request,
        area,
        agreement,
        form=BenefitForm(request.POST if request.method == "POST" else None),
        save=lambda **values: services.benefit_save(
            agreement=agreement, actor=request.user, **values
        ),
        title="Add an expected benefit",
        intro=BENEFIT_INTRO,
        success="Added the benefit.",
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def benefit_edit(
    request: AuthenticatedRequest, area: Area, reference: str, benefit_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    benefit = found_or_404(selectors.benefit_get, agreement=agreement, pk=benefit_id)
    return _item_page(
        request,
        area,
        agreement,
        form=BenefitForm(
            request.POST if request.method == "POST" else None, initial=_benefit_initial(benefit)
        ),
        save=lambda **values: services.benefit_save(
            agreement=agreement, actor=request.user, benefit=benefit, **values
        ),
        title="Change an expected benefit",
        intro=BENEFIT_INTRO,
        success="Saved the benefit.",
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def benefit_remove(
    request: AuthenticatedRequest, area: Area, reference: str, benefit_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    benefit = found_or_404(selectors.benefit_get, agreement=agreement, pk=benefit_id)
    return act_and_return(
        request,
        lambda: services.assessment_item_remove(item=benefit, actor=request.user),
        "Removed the benefit.",
        _back(agreement),
    )


def _risk_initial(risk: Risk) -> dict[str, Any]:
    return {
        "description": risk.description,
        "who_is_affected": risk.who_is_affected,
        "likelihood": risk.likelihood,
        "severity": risk.severity,
        "mitigation": risk.mitigation,
    }


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def risk_add(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    return _item_page(
        request,
        area,
        agreement,
        form=RiskForm(request.POST if request.method == "POST" else None),
        save=lambda **values: services.risk_save(agreement=agreement, actor=request.user, **values),
        title="Add a risk",
        intro=RISK_INTRO,
        success="Added the risk.",
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def risk_edit(
    request: AuthenticatedRequest, area: Area, reference: str, risk_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    risk = found_or_404(selectors.risk_get, agreement=agreement, pk=risk_id)
    return _item_page(
        request,
        area,
        agreement,
        form=RiskForm(
            request.POST if request.method == "POST" else None, initial=_risk_initial(risk)
        ),
        save=lambda **values: services.risk_save(
            agreement=agreement, actor=request.user, risk=risk, **values
        ),
        title="Change a risk",
        intro=RISK_INTRO,
        success="Saved the risk.",
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def risk_remove(
    request: AuthenticatedRequest, area: Area, reference: str, risk_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    risk = found_or_404(selectors.risk_get, agreement=agreement, pk=risk_id)
    return act_and_return(
        request,
        lambda: services.assessment_item_remove(item=risk, actor=request.user),
        "Removed the risk.",
        _back(agreement),
    )


@area_view(
    roles=lifecycle.roles_for("record_perspective"),
    staff=False,
    methods=("GET", "POST"),
    guest=invited_to_agreement,
)
def perspective_edit(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    version = found_or_404(selectors.version_get, agreement=agreement, number=number)
    if not user_can_record_perspective(request.user, agreement):
        raise Http404
    frozen = version.content.get("assessment")
    questions = frozen["questions"] if frozen else []
    mine = selectors.perspective_of(user=request.user, version=version)
    initial: dict[str, Any] = {}
    if mine is not None:
        initial = {f"score_{s.question_code}": s.score for s in mine.scores.all()}
        initial |= {"overall_position": mine.overall_position, "comment": mine.comment}
    form = PerspectiveForm(
        request.POST if request.method == "POST" else None, questions=questions, initial=initial
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.perspective_record(
                version=version,
                actor=request.user,
                scores=form.scores(),
                overall_position=form.cleaned_data["overall_position"],
                comment=form.cleaned_data["comment"],
            )
        except services.AgreementError as failure:
            form.add_error(failure.field if failure.field in form.fields else None, str(failure))
        else:
            messages.success(request, "Saved your view of the trade-off.")
            return redirect(_version_url(agreement, version, "trade-off"))
    elif request.method == "GET":
        error = _closed_reason(agreement, version)
    return render(
        request,
        "agreements/perspective_edit.html",
        {
            "area": area,
            "agreement": agreement,
            "version": version,
            "frozen": frozen,
            "form": form,
            "mine": mine,
            "closed": error,
        },
        status=400 if form.errors else 200,
    )


def _version_url(agreement: Agreement, version: Version, anchor: str) -> str:
    url = reverse(
        "agreements:version",
        kwargs={
            "area_slug": agreement.area.slug,
            "reference": agreement.reference,
            "number": version.number,
        },
    )
    return f"{url}#{anchor}"


def _closed_reason(agreement: Agreement, version: Version) -> str:
    """Why a view cannot be recorded on this version now, or "" if it can."""
    if not version.content.get("assessment"):
        return assessment_messages.NO_ASSESSMENT_IN_VERSION.format(number=version.number)
    if not lifecycle.allows("record_perspective", agreement.status):
        return assessment_messages.CLOSED.format(status=agreement.get_status_display().lower())
    latest = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    if version.number != latest:
        return assessment_messages.NOT_LATEST.format(number=latest)
    return ""
