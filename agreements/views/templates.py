"""Agreement templates: read by everyone in the area, revised by area admins."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area, Role

from .. import selectors, services
from ..forms import TemplateSectionForm
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
    template = _template(template_slug)
    return render(
        request,
        "agreements/template_detail.html",
        {
            "area": area,
            "template": template,
            "version": selectors.template_current_version(template=template),
            "can_revise": user_can_edit_locked_clauses(request.user, area),
        },
    )


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
    if request.method == "POST" and form.is_valid():
        new = services.template_revise_section(
            template=template, key=key, actor=request.user, area=area, **form.cleaned_data
        )
        if new.pk == version.pk:
            messages.info(request, "Nothing changed, so no new version was made.")
        else:
            messages.success(
                request,
                f"Saved as version {new.number} of the template. Existing agreements keep their "
                f"text.",
            )
        return redirect(
            reverse(
                "agreements:template-detail",
                kwargs={"area_slug": area.slug, "template_slug": template.slug},
            )
        )
    return form_page(
        request,
        area=area,
        agreement=None,
        form=form,
        title=f"Change \u201c{section.heading}\u201d",
        intro=(
            f"In the template {template.name}. Saving makes a new version of the template; "
            f"agreements already drafted keep their text."
        ),
        back_url=reverse(
            "agreements:template-detail",
            kwargs={"area_slug": area.slug, "template_slug": template.slug},
        ),
    )
