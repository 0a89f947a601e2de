"""Scoped reads. Every view reaches areas, organisations and memberships through these.

``area_list_visible_to`` scopes by user. The functions that take an ``area`` scope every
lookup to it and trust that the caller already checked the user may see that area, as
``partners.access.area_view`` does before a view runs; the authorisation sweep checks
that another area's objects are not found through this area's address.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from audit.models import Event
from audit.selectors import event_list_for_targets

from .models import (
    Area,
    Membership,
    Organisation,
    Role,
    StakeholderGroup,
    User,
    group_for_kinds,
)


def area_list_visible_to(*, user: User | AnonymousUser) -> QuerySet[Area]:
    """The areas the user may see: those they hold a role in; every area for platform
    admins; none for anyone signed out."""
    if not user.is_authenticated or not user.is_active:
        return Area.objects.none()
    if user.is_staff:
        return Area.objects.all()
    return Area.objects.filter(organisations__memberships__user=user).distinct()


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    """The user's own roles, with their organisations and areas, grouped by area."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation__area")
        .order_by("organisation__area__name", "organisation__name", "role")
    )


def organisation_list_for_area(*, area: Area) -> QuerySet[Organisation]:
    """The area's organisations with how many people hold roles in each."""
    return (
        Organisation.objects.filter(area=area)
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("name")
    )


def organisation_get_in_area(*, area: Area, slug: str) -> Organisation:
    """One organisation of the area; raises Organisation.DoesNotExist for any other."""
    return Organisation.objects.select_related("area").get(area=area, slug=slug)


def membership_list_for_area(*, area: Area) -> QuerySet[Membership]:
    """Every role held in the area, by person, for the members page."""
    return (
        Membership.objects.filter(organisation__area=area)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user__email", "organisation__name", "role")
    )


def membership_list_for_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def membership_get_in_area(*, area: Area, pk: int) -> Membership:
    """One role held in the area; raises Membership.DoesNotExist for any other."""
    return Membership.objects.select_related("user", "organisation__area").get(
        organisation__area=area, pk=pk
    )


def organisation_audit_trail(*, organisation: Organisation) -> QuerySet[Event]:
    """The organisation's own events and the roles given and taken away in it."""
    return event_list_for_targets(
        targets=[("partners.organisation", str(organisation.pk))],
        extra=Q(target_type="partners.membership", data__organisation_id=organisation.pk),
    )


def stakeholder_group_of(*, user: User, area: Area) -> StakeholderGroup:
    """The group ``user`` speaks for in ``area``: from the kinds of their organisations
    there, or, for someone invited from elsewhere, their organisations anywhere; people
    who belong to no organisation are invited reviewers. The one place it is derived."""
    kinds = list(
        Membership.objects.filter(user=user).values_list(
            "organisation__area_id", "organisation__kind"
        )
    )
    here = [kind for area_id, kind in kinds if area_id == area.pk]
    return group_for_kinds(here or [kind for _, kind in kinds])


def area_admin_list(*, area: Area) -> QuerySet[User]:
    """The area's admins by name: whom to ask about what only they may change."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation__area=area,
            memberships__role=Role.AREA_ADMIN,
        )
        .distinct()
        .order_by("full_name")
    )


def membership_list_not_yet_accepted(*, area_ids: list[int]) -> QuerySet[Membership]:
    """Roles in these areas held by people who have not yet set a password: they were
    added, and their invitation is not yet accepted. Oldest first."""
    return (
        Membership.objects.filter(
            organisation__area_id__in=area_ids,
            user__is_active=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("user", "organisation__area")
        .order_by("created_at", "pk")
    )
