"""Agreement templates: read by everyone in the area, revised by area admins."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area, Role
from partners.permissions import user_roles_in_area

from .. import selectors, services
from ..forms import TemplateRevisionDecisionForm, TemplateSectionForm
from ..models import Template
from ..permissions import user_can_edit_locked_clauses
from .common import form_page


def _template(slug: str) -> Template:
    try:
        return selectors.template_list().get(slug=slug)
    except Template.DoesNotExist as exc:
        raise Http404 from exc


@area_view()
def template_list(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    return render(
        request,
        "agreements/template_list.html",
        {"area": area, "templates": selectors.template_list()},
    )


@area_view()
def template_detail(request: AuthenticatedRequest, area: Area, template_slug: str) -> HttpResponse:
    return _detail_page(request, area, _template(template_slug))


def _detail_page(
    request: AuthenticatedRequest,
    area: Area,
    template: Template,
    decision_form: TemplateRevisionDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    proposed = selectors.template_proposed_version(template=template)
    return render(
        request,
        "agreements/template_detail.html",
        {
            "area": area,
            "template": template,
            "version": selectors.template_current_version(template=template),
            "proposed": proposed,
            "can_decide": proposed is not None
            and Role.AREA_ADMIN in user_roles_in_area(request.user, area)
            and proposed.proposed_from_id != area.pk
            and proposed.created_by_id != request.user.pk,
            "decision_form": decision_form or TemplateRevisionDecisionForm(),
            "can_revise": user_can_edit_locked_clauses(request.user, area),
        },
        status=status,
    )


@area_view(roles={Role.AREA_ADMIN}, staff=False, methods=("POST",))
def template_revision_decide(
    request: AuthenticatedRequest, area: Area, template_slug: str
) -> HttpResponse:
    """An area admin of another area approves or turns down a proposed revision."""
    template = _template(template_slug)
    back = reverse(
        "agreements:template-detail",
        kwargs={"area_slug": area.slug, "template_slug": template.slug},
    )
    proposed = selectors.template_proposed_version(template=template)
    form = TemplateRevisionDecisionForm(request.POST)
    if proposed is None:
        messages.error(request, "No revision of this template is waiting for a decision.")
    elif not form.is_valid():
        # The note stays as written, with what is missing beside it.
        return _detail_page(request, area, template, decision_form=form, status=400)
    else:
        try:
            if form.cleaned_data["decision"] == "approve":
                services.template_revision_approve(
                    version=proposed, actor=request.user, area=area, note=form.cleaned_data["note"]
                )
                messages.success(
                    request, f"Version {proposed.number} is in use: new drafts start from it."
                )
            else:
                services.template_revision_reject(
                    version=proposed,
                    actor=request.user,
                    area=area,
                    reason=form.cleaned_data["note"],
                )
                messages.success(request, f"You turned down version {proposed.number}.")
        except services.AgreementError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return _detail_page(request, area, template, decision_form=form, status=400)
    return redirect(back)


@area_view(roles={Role.AREA_ADMIN}, staff=False, methods=("GET", "POST"))
def template_section_edit(
    request: AuthenticatedRequest, area: Area, template_slug: str, key: str
) -> HttpResponse:
    template = _template(template_slug)
    version = selectors.template_current_version(template=template)
    section = next((s for s in version.sections.all() if s.key == key), None)
    if section is None:
        raise Http404
    form = TemplateSectionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "heading": section.heading,
            "guidance": section.guidance,
            "default_text": section.default_text,
            "locked": section.locked,
        },
    )
    back = reverse(
        "agreements:template-detail",
        kwargs={"area_slug": area.slug, "template_slug": template.slug},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.template_revise_section(
                template=template, key=key, actor=request.user, area=area, **form.cleaned_data
            )
        except services.AgreementError as error:
            form.add_error(None, str(error))
        else:
            if new.pk == version.pk:
                messages.info(request, "Nothing changed, so no new version was made.")
            else:
                messages.success(
                    request,
                    f"Proposed as version {new.number} of the template. Every area drafts "
                    "from it once an area admin of another area approves it; agreements "
                    "already drafted keep their text.",
                )
            return redirect(back)
    return form_page(
        request,
        area=area,
        agreement=None,
        form=form,
        title=f"Change \u201c{section.heading}\u201d",
        intro=(
            f"In the template {template.name}, which every area drafts from. Saving proposes "
            f"a new version; an area admin of another area approves it before anyone drafts "
            f"from it. Agreements already drafted keep their text."
        ),
        back_url=back,
    )
