"""An area's agreements: the list, starting a new one, adopting another area's."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import selectors, services
from ..forms import AdoptForm, AgreementCreateForm
from ..models import AgreementStatus, Version
from ..permissions import user_can_edit_agreements
from .common import EDITORS, form_page


@area_view()
def agreement_list(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in AgreementStatus.values:
        status = ""
    agreements = selectors.agreement_list_for_area(area=area, user=request.user, status=status)
    page = Paginator(agreements, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/list.html",
        {
            "area": area,
            "page": page,
            "status": status,
            "statuses": AgreementStatus.choices,
            "can_edit": user_can_edit_agreements(request.user, area),
        },
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def agreement_create(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    form = AgreementCreateForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.party_organisation_list(area=area),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                area=area,
                template=form.cleaned_data["template"],
                title=form.cleaned_data["title"],
                lead_organisation=form.cleaned_data["lead_organisation"],
                review_date=form.cleaned_data["review_date"],
                actor=request.user,
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"{agreement.reference} is drafted from the template. Fill in each section.",
            )
            return redirect(agreement.get_absolute_url())
    return form_page(
        request,
        area=area,
        agreement=None,
        form=form,
        title="Start a new agreement",
        intro=(
            "Choose a template that fits the sharing. Its sections, with guidance and standard "
            "clauses, become your draft."
        ),
        back_url=reverse("agreements:list", kwargs={"area_slug": area.slug}),
    )


@area_view(roles=EDITORS, staff=False)
def adopt_list(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    return render(
        request,
        "agreements/adopt_list.html",
        {
            "area": area,
            "versions": selectors.adoptable_versions(area=area),
            "form": AdoptForm(organisations=selectors.party_organisation_list(area=area)),
        },
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def adopt(request: AuthenticatedRequest, area: Area, version_id: int) -> HttpResponse:
    try:
        version = selectors.adoptable_version_get(area=area, pk=version_id)
    except Version.DoesNotExist as exc:
        raise Http404 from exc
    form = AdoptForm(request.POST, organisations=selectors.party_organisation_list(area=area))
    if form.is_valid():
        try:
            agreement = services.agreement_adopt(
                version=version,
                area=area,
                lead_organisation=form.cleaned_data["lead_organisation"],
                actor=request.user,
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Adopted {version.agreement.reference} from {version.agreement.area.name} "
                f"as {agreement.reference}. "
                "Add your parties and check every section.",
            )
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/adopt_list.html",
        {
            "area": area,
            "versions": selectors.adoptable_versions(area=area),
            "form": form,
            "failed_version": version.pk,
        },
        status=400,
    )
