"""Every URL pattern, as every kind of user, answers what its declared access rule says.

Views declare who may use them with ``partners.access`` (public_view, signed_in_view,
area_view). This test walks every pattern in the project, so a new view joins it
without this file changing; a view without a declared rule fails it. Django admin URLs
are checked separately: nobody but platform admins gets in.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partners.access import AccessRule
from partners.models import OrganisationKind, Role
from tests.partners.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.sweep import RESOLVERS, Route, World, iter_routes

ROUTES = sorted(iter_routes(), key=lambda r: r.name)
APP_ROUTES = [r for r in ROUTES if not r.name.startswith("admin:")]
ADMIN_ROUTES = [r for r in ROUTES if r.name.startswith("admin:")]
WHO = ["anonymous", *[role.value for role in Role], "other_area", "staff"]


@pytest.fixture
def world(db: Any) -> World:
    area = AreaFactory(slug="home", name="Home")
    council = OrganisationFactory(
        area=area, slug="home-council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    group = OrganisationFactory(area=area, slug="home-group", kind=OrganisationKind.ADVOCACY)
    users = {}
    membership = None
    for role in Role:
        user = UserFactory(email=f"{role.value}@home.example.org")
        organisation = group if role == Role.REVIEWER else council
        made = MembershipFactory(user=user, organisation=organisation, role=role)
        membership = membership or made
        users[role.value] = user
    # Someone with every role, but in another area.
    elsewhere = AreaFactory(slug="elsewhere", name="Elsewhere")
    other_council = OrganisationFactory(area=elsewhere, kind=OrganisationKind.LOCAL_AUTHORITY)
    other_group = OrganisationFactory(area=elsewhere, kind=OrganisationKind.ADVOCACY)
    outsider = UserFactory(email="outsider@elsewhere.example.org")
    for role in Role:
        MembershipFactory(
            user=outsider,
            organisation=other_group if role == Role.REVIEWER else other_council,
            role=role,
        )
    users["other_area"] = outsider
    users["staff"] = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    assert membership is not None
    return World(area=area, organisation=council, membership=membership, users=users)


def _url(route: Route, world: World) -> str:
    missing = [name for name in route.kwargs if name not in RESOLVERS]
    assert not missing, f"{route.name}: add a resolver for {missing} in tests/sweep.py"
    return reverse(route.name, kwargs={name: RESOLVERS[name](world) for name in route.kwargs})


def _client(who: str, world: World) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def expected_status(rule: AccessRule, who: str, method: str) -> int:
    allowed_method = rule.allows_method(method)
    if rule.kind == "public":
        return 200 if allowed_method else 405
    if who == "anonymous":
        return 302
    if rule.kind == "signed_in":
        return 200 if allowed_method else 405
    if who == "other_area":
        return 404
    permitted = rule.staff if who == "staff" else (rule.roles is None or who in rule.roles)
    if not permitted:
        return 403
    return 200 if allowed_method else 405


def test_every_view_declares_its_access_rule() -> None:
    undeclared = [
        r.name
        for r in APP_ROUTES
        if not isinstance(getattr(r.callback, "access", None), AccessRule)
    ]
    assert not undeclared, f"Views without a partners.access rule: {undeclared}"


def test_the_sweep_sees_the_routes_it_should() -> None:
    names = {r.name for r in ROUTES}
    # A guard against the walk silently finding nothing.
    assert {"partners:dashboard", "partners:area-detail", "accounts:sign-in", "healthz"} <= names
    assert any(name.startswith("admin:") for name in names)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda r: r.name)
def test_get(route: Route, who: str, world: World) -> None:
    rule: AccessRule = route.callback.access
    response = _client(who, world).get(_url(route, world))
    want = expected_status(rule, who, "GET")
    assert response.status_code == want, f"GET {route.name} as {who}"
    if want == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda r: r.name)
def test_post(route: Route, who: str, world: World) -> None:
    """An empty POST: refused exactly as GET is for those without access, and never a
    server error for those with it."""
    rule: AccessRule = route.callback.access
    response = _client(who, world).post(_url(route, world), data={})
    want = expected_status(rule, who, "POST")
    if want == 200:
        assert response.status_code < 500, f"POST {route.name} as {who}"
        assert response.status_code not in (401, 403, 404, 405), f"POST {route.name} as {who}"
    else:
        assert response.status_code == want, f"POST {route.name} as {who}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.name)
def test_admin(route: Route, who: str, world: World) -> None:
    kwargs: dict[str, Any] = {}
    for name in route.kwargs:
        kwargs[name] = {
            "app_label": "partners",
            "object_id": str(world.area.pk),
            "content_type_id": "1",
            "id": str(world.users["officer"].pk),
            "url": "missing/",
        }.get(name, "1")
    # The admin's catch-all pattern has no name.
    unnamed = "<unnamed" in route.name
    url = "/admin/no-such-page/" if unnamed else reverse(route.name, kwargs=kwargs)
    response = _client(who, world).get(url)
    if who == "staff":
        assert response.status_code < 500, f"{route.name} as staff"
    elif route.name in {"admin:login", "admin:logout", "admin:view_on_site"}:
        assert response.status_code in (200, 302, 404)
    else:
        assert response.status_code in (302, 404, 405), f"{route.name} as {who}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login"))
