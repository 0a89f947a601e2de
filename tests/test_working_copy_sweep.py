"""Reviewers, and people invited to review one agreement, see an agreement as its latest
issued version has it, never the draft being worked on since. A marker is written into
every field of the working copy after a version is issued; no page either of them can
open shows it. Like the authorisation sweep, it walks every URL pattern, so new pages
join it without this file changing."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Section
from agreements.selectors.assessment import assessment_get
from partners.models import OrganisationKind, Role
from tests.agreements.factories import signatory_for
from tests.partners.factories import OrganisationFactory
from tests.sweep import RESOLVERS, Route, World, iter_routes
from tests.test_authorisation_sweep import _build_world

MARKER = "UNISSUEDWORKINGCOPY"
# The new lead organisation's name: the area's own pages list it, as they should.
LEAD_MARKER = "NEWLEADORGANISATION"
MARKER_DATE = date(2099, 9, 9)
ROUTES = sorted((r for r in iter_routes() if not r.name.startswith("admin:")), key=lambda r: r.name)


def _write_markers(world: World) -> None:
    """Change everything the working copy holds, after version 1 was issued."""
    agreement: Agreement = world.extra["agreement"]
    officer = world.users["officer"]
    newcomer = OrganisationFactory(
        area=world.area, name=f"Lead {LEAD_MARKER}", kind=OrganisationKind.HOUSING
    )
    services.party_add(
        agreement=agreement,
        organisation=newcomer,
        role="recipient",
        signatory=signatory_for(newcomer),
        actor=officer,
    )
    services.agreement_update_details(
        agreement=agreement,
        title=f"Title {MARKER}",
        lead_organisation=newcomer,
        review_date=MARKER_DATE,
        actor=officer,
    )
    for section in Section.objects.filter(agreement=agreement):
        services.section_save(
            section=section,
            body=f"Section text {MARKER}",
            base_revision=section.revision,
            # Locked clauses are the area admin's to change.
            actor=world.users["area_admin"] if section.locked else officer,
        )
    for basis in agreement.category_bases.all():
        services.category_basis_save(
            agreement=agreement,
            data_category=basis.data_category,
            basis=basis,
            law_enforcement=basis.law_enforcement,
            public_task=basis.public_task,
            art6=basis.art6,
            art9=basis.art9,
            art10=basis.art10,
            schedule1=list(basis.schedule1.all()),
            part3=basis.part3,
            schedule8=list(basis.schedule8.all()),
            common_law=basis.common_law,
            annex1=list(basis.annex1.all()),
            official_authority=basis.official_authority,
            policy_document=basis.policy_document,
            party=basis.party,
            recipient=basis.recipient,
            note=f"Note {MARKER}",
            actor=officer,
        )
    assessment = assessment_get(agreement=agreement)
    services.assessment_save(
        agreement=agreement,
        actor=officer,
        base_revision=assessment.revision,
        answers={},
        fields={"balance_statement": f"Balance {MARKER}", "risk_of_not_sharing": MARKER},
    )
    services.benefit_save(
        agreement=agreement,
        actor=officer,
        beneficiary="public",
        description=MARKER,
        measure=MARKER,
        expected_by=MARKER_DATE,
    )


@pytest.fixture(scope="module")
def marked_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = _build_world()
            agreement = world.extra["agreement"]
            invitation = services.invitation_add(
                agreement=agreement,
                email="invited@elsewhere.example.org",
                full_name="Invited Reviewer",
                actor=world.users["officer"],
            )
            world.users["invited"] = invitation.user
            _write_markers(world)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(marked_world: World, db: Any) -> World:
    return marked_world


def _url(route: Route, world: World) -> str:
    return reverse(route.name, kwargs={name: RESOLVERS[name](world) for name in route.kwargs})


def test_the_markers_are_in_the_working_copy(world: World) -> None:
    officer = Client()
    officer.force_login(world.users["officer"])
    page = officer.get(world.extra["agreement"].get_absolute_url()).content.decode()
    assert MARKER in page
    assert LEAD_MARKER in page
    listing = officer.get(reverse("agreements:list", kwargs={"area_slug": world.area.slug}))
    assert MARKER in listing.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "invited"])
@pytest.mark.parametrize(
    "route", [r for r in ROUTES if "GET" in r.callback.access.methods], ids=lambda r: r.name
)
def test_reviewers_never_see_the_working_copy(route: Route, who: str, world: World) -> None:
    assert Role.REVIEWER == "reviewer"
    client = Client()
    client.force_login(world.users[who])
    response = client.get(_url(route, world))
    if response.status_code != 200:
        return
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    assert MARKER not in body, f"{route.name} shows {who} the working copy"
    if not route.name.startswith("partners:") or route.name == "partners:dashboard":
        assert LEAD_MARKER not in body, f"{route.name} shows {who} the working copy's lead"
    assert "2099" not in body, f"{route.name} shows {who} the working copy's review date"
