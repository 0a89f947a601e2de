"""Answers to "may this user ...?" about areas. Every later app asks these.

A user's roles in an area are looked up once per user object and kept on it, so a page
that asks several questions costs one query.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from .models import Area, Membership, Role, User

AnyUser = User | AnonymousUser

_CACHE_ATTRIBUTE = "_partners_roles_by_area"


def _roles_by_area(user: User) -> dict[int, frozenset[str]]:
    cached: dict[int, frozenset[str]] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        collected: dict[int, set[str]] = {}
        for area_id, role in Membership.objects.filter(user=user).values_list(
            "organisation__area_id", "role"
        ):
            collected.setdefault(area_id, set()).add(role)
        cached = {area_id: frozenset(roles) for area_id, roles in collected.items()}
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_cached_roles(user: AnyUser) -> None:
    """Drop the roles kept on a user object, after their memberships change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def user_roles_by_area(user: AnyUser) -> dict[int, frozenset[str]]:
    """Every area the user holds a role in (by id), with the roles."""
    if not user.is_authenticated or not user.is_active:
        return {}
    assert isinstance(user, User)
    return dict(_roles_by_area(user))


def user_roles_in_area(user: AnyUser, area: Area) -> frozenset[str]:
    """The roles the user holds in any organisation of the area (empty if none)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    assert isinstance(user, User)
    return _roles_by_area(user).get(area.pk, frozenset())


def user_is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def user_can_view_area(user: AnyUser, area: Area) -> bool:
    """Members of the area and platform admins see it; for anyone else it does not exist."""
    return user_is_platform_admin(user) or bool(user_roles_in_area(user, area))


def user_has_role_in_area(user: AnyUser, area: Area, roles: Iterable[str]) -> bool:
    """True when the user holds at least one of ``roles`` in the area."""
    return not user_roles_in_area(user, area).isdisjoint(roles)


def user_has_role_anywhere(user: AnyUser, roles: Iterable[str]) -> bool:
    """True when the user holds one of ``roles`` in any area (for things every area
    shares, such as the gateway register)."""
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)
    wanted = set(roles)
    return any(not wanted.isdisjoint(held) for held in _roles_by_area(user).values())


def user_is_area_admin(user: AnyUser, area: Area) -> bool:
    return Role.AREA_ADMIN in user_roles_in_area(user, area)


def user_can_manage_members(user: AnyUser, area: Area) -> bool:
    """Area admins manage their area's members; platform admins manage every area's."""
    return user_is_platform_admin(user) or user_is_area_admin(user, area)
