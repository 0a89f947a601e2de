"""Every URL pattern, as every kind of user, answers what its declared access rule says.

Views declare who may use them with ``partners.access`` (public_view, signed_in_view,
area_view). This test walks every pattern in the project, so a new view joins it
without this file changing; a view without a declared rule fails it. Django admin URLs
are checked separately: nobody but platform admins gets in.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from agreements import services as agreement_services
from agreements.anchoring import plain_text
from agreements.models import Comment, Export
from agreements.services import exports as export_services
from agreements.services.documents import document_render, document_request
from gateways import services
from gateways.catalogue import catalogue_entries
from gateways.models import Gateway
from partners.access import AccessRule
from partners.models import OrganisationKind, Role
from tests.agreements import factories as agreement_factories
from tests.agreements.factories import public_view_counted
from tests.partners.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.sweep import (
    FOREIGN_RESOLVERS,
    NOT_AREA_OBJECTS,
    RESOLVERS,
    Route,
    World,
    iter_routes,
)

ROUTES = sorted(iter_routes(), key=lambda r: r.name)
APP_ROUTES = [r for r in ROUTES if not r.name.startswith("admin:")]
ADMIN_ROUTES = [r for r in ROUTES if r.name.startswith("admin:")]
WHO = ["anonymous", *[role.value for role in Role], "other_area", "staff"]


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at the end;
    each test runs in a savepoint within it, so what one test changes the next does not
    see (as Django's TestCase.setUpTestData does)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return shared_world


def _build_world() -> World:
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
    other_membership = None
    for role in Role:
        made = MembershipFactory(
            user=outsider,
            organisation=other_group if role == Role.REVIEWER else other_council,
            role=role,
        )
        other_membership = other_membership or made
    users["other_area"] = outsider
    users["staff"] = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    assert membership is not None
    services.gateway_catalogue_load(entries=catalogue_entries()[:1])
    gateway = Gateway.objects.get()
    # A change to it, proposed by someone of another area, waiting for a decision.
    gateway_change = services.gateway_change_propose(
        gateway=gateway,
        details=services.GatewayDetails(
            **{**services._snapshot(gateway), "summary": gateway.summary + " Corrected."}
        ),
        reason="A clearer summary",
        actor=outsider,
    )
    # An agreement in review in the home area, and a published one elsewhere to adopt.
    home = agreement_factories.complete(
        agreement_factories.draft(area=area, officer=users["officer"]), users["officer"]
    )
    benefit, risk = _benefit_and_risk(home, users["officer"])
    home_version = agreement_services.version_issue(agreement=home, actor=users["officer"])
    purpose = next(s for s in home_version.content["sections"] if s["key"] == "purpose")
    comment = agreement_services.comment_add(
        version=home_version,
        section_key="purpose",
        body="A question",
        quote=plain_text(purpose["text"]).split(" ", 3)[2],
        replacement="Better words",
        actor=users["reviewer"],
    )
    other = agreement_factories.published(area=elsewhere, officer=outsider)
    other_benefit, other_risk = _benefit_and_risk(
        agreement_factories.draft(area=elsewhere, officer=outsider, title="Another draft"),
        outsider,
    )
    other_version = other.versions.order_by("-number").first()
    assert other_version is not None
    other_comment = Comment.objects.create(
        agreement=other,
        version=other_version,
        anchor_version=other_version,
        section_key="purpose",
        section_heading="Purpose",
        body="Elsewhere",
        author=outsider,
    )
    home_published = agreement_factories.published(
        area=area, officer=users["officer"], title="Published at home"
    )
    # PDFs: a draft of the version in review, and the sealed one of the agreement on the
    # register elsewhere (made here: the world's transaction never commits to owe them).
    for version, user in ((home_version, users["officer"]), (other_version, None)):
        document = document_request(version=version, user=user)
        assert document_render(document_id=document.pk) == "ready"
    extra = {
        "public_view": public_view_counted(home_published, users["officer"]),
        "other_public_view": public_view_counted(other, outsider),
        "gateway": gateway,
        "gateway_change": gateway_change,
        "agreement": home,
        "party": home.parties.order_by("pk").last(),
        "link": home.gateway_links.get(),
        "basis": home.category_bases.first(),
        "home_version": home.versions.get(),
        "other_agreement": other,
        "other_version": other_version,
        "comment": comment,
        "other_comment": other_comment,
        "benefit": benefit,
        "risk": risk,
        "other_benefit": other_benefit,
        "other_risk": other_risk,
        "export": _ready_export(users["area_admin"], area),
        "other_export": Export.objects.create(requested_by=outsider, area=elsewhere),
    }
    return World(
        extra=extra,
        area=area,
        organisation=council,
        membership=membership,
        users=users,
        other_organisation=other_council,
        other_membership=other_membership,
    )


def _ready_export(admin: Any, area: Any) -> Export:
    export = Export.objects.create(requested_by=admin, area=area)
    built = export_services.export_build(export_id=export.pk)
    assert built is not None
    return built


def _benefit_and_risk(agreement: Any, officer: Any) -> tuple[Any, Any]:
    benefit = agreement_services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="individuals",
        description="Help sooner",
        measure="Days to first contact",
        expected_by=None,
    )
    risk = agreement_services.risk_save(
        agreement=agreement,
        actor=officer,
        description="Wrong person matched",
        who_is_affected="Families",
        likelihood=2,
        severity=4,
        mitigation="Two identifiers must match",
    )
    return benefit, risk


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
        if rule.roles is not None:
            # "other_area" holds every role, in another area: roles anywhere count here.
            permitted = rule.staff if who == "staff" else who == "other_area" or who in rule.roles
            if not permitted:
                return 403
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
    # Nothing shown to someone signed in, and no CSV, is kept by browsers or proxies.
    if who != "anonymous" or response.get("Content-Type", "").startswith("text/csv"):
        assert "no-store" in response.get("Cache-Control", ""), f"GET {route.name} as {who}"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda r: r.name)
def test_post(route: Route, who: str, world: World) -> None:
    """An empty POST: refused exactly as GET is for those without access, and never a
    server error for those with it."""
    rule: AccessRule = route.callback.access
    response = _client(who, world).post(_url(route, world), data={})
    want = expected_status(rule, who, "POST")
    if want == 200:
        # A page showing the form again with errors, a redirect after doing something, or
        # a refusal with a reason; never an error of ours.
        assert response.status_code in (200, 302, 400, 409), f"POST {route.name} as {who}"
    else:
        assert response.status_code == want, f"POST {route.name} as {who}"


AREA_OBJECT_ROUTES = [
    r
    for r in APP_ROUTES
    if getattr(r.callback, "access", None) is not None
    and r.callback.access.kind == "area"
    and set(r.kwargs) - NOT_AREA_OBJECTS
]


@pytest.mark.parametrize("who", [role.value for role in Role] + ["staff"])
@pytest.mark.parametrize("route", AREA_OBJECT_ROUTES, ids=lambda r: r.name)
def test_another_areas_object_is_not_found_through_this_areas_address(
    route: Route, who: str, world: World
) -> None:
    """An object of another area, reached by swapping its id into this area's address,
    does not exist: views must look objects up within the area they are given."""
    objects = set(route.kwargs) - NOT_AREA_OBJECTS
    missing = [name for name in objects if name not in FOREIGN_RESOLVERS]
    assert not missing, f"{route.name}: add a FOREIGN_RESOLVERS entry for {missing}"
    kwargs = {name: RESOLVERS[name](world) for name in route.kwargs}
    kwargs.update({name: FOREIGN_RESOLVERS[name](world) for name in objects})
    url = reverse(route.name, kwargs=kwargs)
    client = _client(who, world)
    rule: AccessRule = route.callback.access
    for method in ("GET", "POST"):
        if not rule.allows_method(method):
            continue
        response = client.get(url) if method == "GET" else client.post(url, data={})
        permitted = expected_status(rule, who, method) in (200, 405)
        want = 404 if permitted else 403
        assert response.status_code == want, f"{method} {route.name} as {who}"


def test_the_foreign_object_sweep_covers_the_object_routes() -> None:
    names = {r.name for r in AREA_OBJECT_ROUTES}
    assert {"partners:organisation-detail", "partners:member-remove"} <= names


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
        # Platform admins get the page, or a redirect (to the changelist, for an object
        # that does not exist), or 403 for what nobody may do (delete a person).
        if unnamed or route.name == "admin:view_on_site":
            allowed: tuple[int, ...] = (404,)  # no such page; no such object
        elif route.name == "admin:logout":
            allowed = (405,)  # signing out is a POST
        else:
            allowed = (200, 302, 403)
        assert response.status_code in allowed, f"{route.name} as staff"
    elif route.name in {"admin:login", "admin:logout", "admin:view_on_site"}:
        assert response.status_code in (200, 302, 404)
    else:
        assert response.status_code in (302, 404, 405), f"{route.name} as {who}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login"))


def test_isolation_first_a_test_changes_the_world(world: World) -> None:
    from agreements.models import Party

    Party.objects.filter(pk=world.extra["party"].pk).delete()
    assert not Party.objects.filter(pk=world.extra["party"].pk).exists()


def test_isolation_then_the_next_test_sees_it_unchanged(world: World) -> None:
    from agreements.models import Party

    assert Party.objects.filter(pk=world.extra["party"].pk).exists()
