"""Editing the working copy: sections (with preview and conflict handling), details,
parties, gateways and lawful bases."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area
from partners.selectors import area_admin_list

from .. import selectors, services
from ..completeness import stack_label
from ..diffing import word_diff
from ..forms import CategoryBasisForm, DetailsForm, GatewayLinkForm, PartyForm, SectionForm
from ..models import Agreement, Section
from ..permissions import user_can_edit_locked_clauses
from ..rendering import fill_placeholders, render_markdown, render_section
from ..snapshot import placeholder_values
from .common import EDITORS, act_and_return, form_page, found_or_404, get_agreement


def _back(agreement, anchor: str) -> str:
    return f"{agreement.get_absolute_url()}#{anchor}"


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def section_edit(
    request: AuthenticatedRequest, area: Area, reference: str, key: str
) -> HttpResponse:
    agreement = get_agreement(request, area, reference, whole=False)
    section = found_or_404(selectors.section_get, agreement=agreement, key=key)
    posted = request.method == "POST"
    if section.locked and not user_can_edit_locked_clauses(request.user, area):
        return _locked_section(request, area, agreement, section, status=403 if posted else 200)
    form = SectionForm(
        request.POST if posted else None,
        initial={"body": section.body, "base_revision": section.revision},
    )
    preview = None
    context = {
        "area": area,
        "agreement": agreement,
        "section": section,
        "form": form,
        "may_edit_locked": user_can_edit_locked_clauses(request.user, area),
    }
    if posted and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" in request.POST:
            preview = render_markdown(fill_placeholders(body, placeholder_values(agreement)))
        else:
            try:
                services.section_save(
                    section=section,
                    body=body,
                    base_revision=form.cleaned_data["base_revision"],
                    actor=request.user,
                )
            except services.SectionConflict as conflict:
                resolve = SectionForm(
                    initial={"body": body, "base_revision": conflict.current_revision}
                )
                return render(
                    request,
                    "agreements/section_conflict.html",
                    {
                        **context,
                        "form": resolve,
                        "theirs": conflict.current_body,
                        "mine": body,
                        "saved_by": conflict.saved_by,
                        "pieces": word_diff(conflict.current_body, body),
                    },
                    status=409,
                )
            except services.AgreementError as error:
                form.add_error("body" if error.field == "body" else None, str(error))
            else:
                messages.success(request, f"Saved \u201c{section.heading}\u201d.")
                return redirect(_back(agreement, f"section-{section.key}"))
    return render(request, "agreements/section_edit.html", {**context, "preview": preview})


def _locked_section(
    request: AuthenticatedRequest,
    area: Area,
    agreement: Agreement,
    section: Section,
    *,
    status: int,
) -> HttpResponse:
    """A locked clause, read-only, saying why and whom to ask: not an edit form that
    refuses on save."""
    return render(
        request,
        "agreements/section_locked.html",
        {
            "area": area,
            "agreement": agreement,
            "section": section,
            "html": render_section(
                section.pk,
                section.revision,
                fill_placeholders(section.body, placeholder_values(agreement)),
            ),
            "admins": area_admin_list(area=area),
        },
        status=status,
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def details_edit(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    organisations = selectors.party_organisation_list(area=area)
    form = DetailsForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={
            "title": agreement.title,
            "lead_organisation": agreement.lead_organisation,
            "review_date": agreement.review_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update_details(
                agreement=agreement, actor=request.user, **form.cleaned_data
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Saved the agreement's details.")
            return redirect(_back(agreement, "details"))
    return form_page(request, area=area, agreement=agreement, form=form, title="Change the details")


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def party_add(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = PartyForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.party_organisation_list(area=area),
        signatories=selectors.signatory_list(area=area),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_add(agreement=agreement, actor=request.user, **form.cleaned_data)
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Added {form.cleaned_data['organisation'].name} as a party.")
            return redirect(_back(agreement, "parties"))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Add a party",
        intro=(
            "Each party is an organisation of the area that provides or receives data, with "
            "the person who signs for it."
        ),
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def party_edit(
    request: AuthenticatedRequest, area: Area, reference: str, party_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    party = found_or_404(selectors.party_get, agreement=agreement, pk=party_id)
    form = PartyForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.party_organisation_list(area=area).filter(pk=party.organisation_id),
        signatories=selectors.signatory_list(area=area, organisation=party.organisation),
        initial={
            "organisation": party.organisation,
            "role": party.role,
            "signatory": party.signatory,
        },
    )
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(
                party=party,
                role=form.cleaned_data["role"],
                signatory=form.cleaned_data["signatory"],
                actor=request.user,
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Saved {party.organisation.name}.")
            return redirect(_back(agreement, "parties"))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title=f"Change {party.organisation.name}",
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def party_remove(
    request: AuthenticatedRequest, area: Area, reference: str, party_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    party = found_or_404(selectors.party_get, agreement=agreement, pk=party_id)
    return act_and_return(
        request,
        lambda: services.party_remove(party=party, actor=request.user),
        f"Removed {party.organisation.name}.",
        _back(agreement, "parties"),
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def gateway_add(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = GatewayLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gateway_link_add(agreement=agreement, actor=request.user, **form.cleaned_data)
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, f"The agreement now relies on {form.cleaned_data['gateway'].title}."
            )
            return redirect(_back(agreement, "gateways"))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Name a legal gateway",
        intro=(
            "The statutory power or duty that lets the parties share. If it is not in the "
            "register, an area admin can propose it."
        ),
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def gateway_remove(
    request: AuthenticatedRequest, area: Area, reference: str, link_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    link = found_or_404(selectors.gateway_link_get, agreement=agreement, pk=link_id)
    return act_and_return(
        request,
        lambda: services.gateway_link_remove(link=link, actor=request.user),
        f"Removed {link.gateway.title}.",
        _back(agreement, "gateways"),
    )


def _basis_values(form: CategoryBasisForm) -> dict:
    data = form.cleaned_data
    return {
        "party": data["party"],
        "recipient": data["recipient"],
        "law_enforcement": data["law_enforcement"],
        "public_task": data["public_task"],
        "art6": data["art6"],
        "annex1": list(data["annex1"]),
        "art9": data["art9"],
        "art10": data["art10"],
        "official_authority": data["official_authority"],
        "schedule1": list(data["schedule1"]),
        "part3": data["part3"],
        "schedule8": list(data["schedule8"]),
        "common_law": data["common_law"],
        "policy_document": data["policy_document"],
        "note": data["note"],
    }


def _warn(request: AuthenticatedRequest, form: CategoryBasisForm) -> None:
    for advice in form.warnings:
        messages.warning(request, advice.message)


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def basis_add(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    form = CategoryBasisForm(
        request.POST if request.method == "POST" else None, agreement=agreement
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_basis_save(
                agreement=agreement,
                data_category=form.cleaned_data["data_category"],
                actor=request.user,
                **_basis_values(form),
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"Saved the lawful bases of {form.cleaned_data['party'].organisation.name} "
                f"for {form.cleaned_data['data_category'].name}.",
            )
            _warn(request, form)
            return redirect(_back(agreement, "lawful-bases"))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title="Lawful bases for a category of data",
        intro=(
            "The stack is checked as you save: special category data needs an Article 9 "
            "condition, criminal offence data Article 10, and so on."
        ),
        extra={"wide": True},
    )


@area_view(roles=EDITORS, staff=False, methods=("GET", "POST"))
def basis_edit(
    request: AuthenticatedRequest, area: Area, reference: str, basis_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    basis = found_or_404(selectors.category_basis_get, agreement=agreement, pk=basis_id)
    initial = {
        "data_category": basis.data_category,
        "party": basis.party,
        "recipient": basis.recipient,
        "law_enforcement": basis.law_enforcement,
        "public_task": basis.public_task,
        "art6": basis.art6,
        "annex1": list(basis.annex1.all()),
        "art9": basis.art9,
        "art10": basis.art10,
        "official_authority": basis.official_authority,
        "schedule1": list(basis.schedule1.all()),
        "part3": basis.part3,
        "schedule8": list(basis.schedule8.all()),
        "common_law": basis.common_law,
        "policy_document": basis.policy_document,
        "note": basis.note,
    }
    form = CategoryBasisForm(
        request.POST if request.method == "POST" else None,
        agreement=agreement,
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_basis_save(
                agreement=agreement,
                data_category=basis.data_category,
                basis=basis,
                actor=request.user,
                **_basis_values(form),
            )
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Saved the lawful bases for {stack_label(basis)}.")
            _warn(request, form)
            return redirect(_back(agreement, "lawful-bases"))
    return form_page(
        request,
        area=area,
        agreement=agreement,
        form=form,
        title=f"Lawful bases for {stack_label(basis)}",
        extra={"wide": True},
    )


@area_view(roles=EDITORS, staff=False, methods=("POST",))
def basis_remove(
    request: AuthenticatedRequest, area: Area, reference: str, basis_id: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference)
    basis = found_or_404(selectors.category_basis_get, agreement=agreement, pk=basis_id)
    return act_and_return(
        request,
        lambda: services.category_basis_remove(basis=basis, actor=request.user),
        f"Removed the lawful bases for {stack_label(basis)}.",
        _back(agreement, "lawful-bases"),
    )
