"""The dashboard, area and organisation pages, and area admins' member management."""

from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from audit.presentation import trail_page

from .. import dashboard as waiting_work
from .. import permissions, selectors, services
from ..access import AuthenticatedRequest, area_view, signed_in_view
from ..forms import MemberAddForm
from ..models import ROLE_DESCRIPTIONS, Area, Membership, Organisation, Role

MEMBERS_PER_PAGE = 50


@signed_in_view
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    memberships = list(selectors.membership_list_for_user(user=request.user))
    by_area = [
        (area, list(group))
        for area, group in groupby(memberships, key=lambda m: m.organisation.area)
    ]
    other_areas = (
        selectors.area_list_visible_to(user=request.user).exclude(
            pk__in=[area.pk for area, _ in by_area]
        )
        if request.user.is_staff
        else []
    )
    panels = waiting_work.panels_for(request.user)
    waiting = sum(context["waiting"] for _, context in panels)
    # The navigation shows the same total: counted once, here.
    waiting_work.remember_waiting(request, waiting)
    return render(
        request,
        "partners/dashboard.html",
        {
            "panels": panels,
            "waiting": waiting,
            "by_area": by_area,
            "other_areas": other_areas,
            "role_descriptions": ROLE_DESCRIPTIONS,
        },
    )


@area_view()
def area_detail(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    organisations = list(selectors.organisation_list_for_area(area=area))
    return render(
        request,
        "partners/area_detail.html",
        {
            "area": area,
            "public_bodies": [o for o in organisations if not o.is_civil_society],
            "civil_society": [o for o in organisations if o.is_civil_society],
            "my_roles": sorted(
                Role(r).label for r in permissions.user_roles_in_area(request.user, area)
            ),
            "can_manage_members": permissions.user_can_manage_members(request.user, area),
        },
    )


@area_view()
def organisation_detail(
    request: AuthenticatedRequest, area: Area, organisation_slug: str
) -> HttpResponse:
    try:
        organisation = selectors.organisation_get_in_area(area=area, slug=organisation_slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    can_audit = permissions.user_can_manage_members(request.user, area)
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "area": area,
            "organisation": organisation,
            "memberships": selectors.membership_list_for_organisation(organisation=organisation),
            "trail": (
                trail_page(request, selectors.organisation_audit_trail(organisation=organisation))
                if can_audit
                else None
            ),
        },
    )


@area_view(roles={Role.AREA_ADMIN})
def member_list(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    page = Paginator(selectors.membership_list_for_area(area=area), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "partners/member_list.html", {"area": area, "page": page})


@area_view(roles={Role.AREA_ADMIN}, methods=("GET", "POST"))
def member_add(request: AuthenticatedRequest, area: Area) -> HttpResponse:
    organisations = selectors.organisation_list_for_area(area=area)
    form = MemberAddForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, invited = services.member_add(
                area=area,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                role=data["role"],
                actor=request.user,
            )
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{membership.user} is now {membership.get_role_display().lower()} at "
                f"{membership.organisation}."
                + (" We are e-mailing them a link to set a password." if invited else ""),
            )
            return redirect("partners:member-list", area_slug=area.slug)
    return render(request, "partners/member_add.html", {"area": area, "form": form})


@area_view(roles={Role.AREA_ADMIN}, methods=("GET", "POST"))
def member_remove(request: AuthenticatedRequest, area: Area, membership_id: int) -> HttpResponse:
    try:
        membership = selectors.membership_get_in_area(area=area, pk=membership_id)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    error = None
    if request.method == "POST":
        try:
            services.membership_revoke(membership=membership, actor=request.user)
        except services.MembershipError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                f"{membership.user} is no longer {membership.get_role_display().lower()} "
                f"at {membership.organisation}.",
            )
            return redirect("partners:member-list", area_slug=area.slug)
    return render(
        request,
        "partners/member_remove.html",
        {"area": area, "membership": membership, "error": error},
        status=409 if error else 200,
    )


@area_view(roles={Role.AREA_ADMIN}, methods=("POST",))
def member_invite(request: AuthenticatedRequest, area: Area, membership_id: int) -> HttpResponse:
    try:
        membership = selectors.membership_get_in_area(area=area, pk=membership_id)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    try:
        services.user_invite(user=membership.user, area=area, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"We are e-mailing {membership.user.full_name} a new link to set a password. "
            "It works for 24 hours.",
        )
    return redirect("partners:member-list", area_slug=area.slug)
