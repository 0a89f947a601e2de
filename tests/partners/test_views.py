from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partners.models import Membership, OrganisationKind, Role, User
from tests.partners.factories import AreaFactory, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_lists_the_users_areas_organisations_and_roles() -> None:
    essex = AreaFactory(name="Essex", slug="essex", lead_body="Essex County Council")
    council = OrganisationFactory(area=essex, name="Essex County Council")
    officer = member_of(essex, Role.OFFICER)
    Membership.objects.create(user=officer, organisation=council, role=Role.SIGNATORY)
    AreaFactory(name="Leeds", slug="leeds")

    response = signed_in(officer).get(reverse("partners:dashboard"))
    assert [area.name for area, _ in response.context["by_area"]] == ["Essex"]
    page = response.content.decode()
    assert "Essex County Council" in page
    assert "Officer" in page
    assert "Signatory" in page


def test_dashboard_tells_someone_without_a_role_what_to_do() -> None:
    page = signed_in(UserFactory()).get(reverse("partners:dashboard")).content.decode()
    assert "You do not hold a role in any area yet" in page


def test_another_areas_pages_are_not_found() -> None:
    essex, leeds = AreaFactory(slug="essex"), AreaFactory(slug="leeds")
    OrganisationFactory(area=leeds, slug="leeds-council")
    client = signed_in(member_of(essex, Role.AREA_ADMIN))
    for url in (
        reverse("partners:area-detail", kwargs={"area_slug": "leeds"}),
        reverse("partners:member-list", kwargs={"area_slug": "leeds"}),
        reverse(
            "partners:organisation-detail",
            kwargs={"area_slug": "leeds", "organisation_slug": "leeds-council"},
        ),
        reverse("partners:area-detail", kwargs={"area_slug": "no-such-area"}),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()


def test_an_organisation_of_another_area_is_not_found_under_this_area() -> None:
    essex, leeds = AreaFactory(slug="essex"), AreaFactory(slug="leeds")
    OrganisationFactory(area=leeds, slug="leeds-council")
    response = signed_in(member_of(essex, Role.OFFICER)).get(
        reverse(
            "partners:organisation-detail",
            kwargs={"area_slug": "essex", "organisation_slug": "leeds-council"},
        )
    )
    assert response.status_code == 404


def test_area_page_separates_public_bodies_from_civil_society() -> None:
    area = AreaFactory(slug="sheffield")
    OrganisationFactory(area=area, name="South Yorkshire Police", kind=OrganisationKind.POLICE)
    OrganisationFactory(area=area, name="Healthwatch Sheffield", kind=OrganisationKind.VOLUNTARY)
    response = signed_in(member_of(area, Role.REVIEWER)).get(area.get_absolute_url())
    public, civil = response.context["public_bodies"], response.context["civil_society"]
    assert "South Yorkshire Police" in [o.name for o in public]
    assert "Healthwatch Sheffield" in [o.name for o in civil]
    assert "Manage members" not in response.content.decode()


def _add(client: Client, area_slug: str, **data: Any) -> Any:
    return client.post(reverse("partners:member-add", kwargs={"area_slug": area_slug}), data)


def test_area_admin_adds_a_new_member_who_is_invited(
    django_capture_on_commit_callbacks: Any,
) -> None:
    area = AreaFactory(slug="melton")
    admin = member_of(area, Role.AREA_ADMIN)
    council = Membership.objects.get(user=admin).organisation
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(
            signed_in(admin),
            "melton",
            email="laura@example.org",
            full_name="Laura Bennett",
            job_title="",
            organisation=council.pk,
            role=Role.OFFICER,
        )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="laura@example.org", organisation=council, role=Role.OFFICER
    ).exists()
    assert mail.outbox[0].to == ["laura@example.org"]


def test_a_rule_broken_keeps_what_was_typed_and_saves_nothing() -> None:
    area = AreaFactory(slug="melton")
    admin = member_of(area, Role.AREA_ADMIN)
    council = Membership.objects.get(user=admin).organisation
    response = _add(
        signed_in(admin),
        "melton",
        email="volunteer@example.org",
        full_name="Graham Pike",
        job_title="Tenant rep",
        organisation=council.pk,
        role=Role.REVIEWER,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reviewers must belong to a voluntary, civil-society or advocacy organisation." in page
    assert 'value="volunteer@example.org"' in page
    assert 'value="Graham Pike"' in page
    assert not User.objects.filter(email="volunteer@example.org").exists()


def test_bad_member_form_input_gets_field_errors() -> None:
    area = AreaFactory(slug="melton")
    admin = member_of(area, Role.AREA_ADMIN)
    other_areas_org = OrganisationFactory()
    response = _add(
        signed_in(admin),
        "melton",
        email="not-an-address",
        full_name="<script>x</script>",
        organisation=other_areas_org.pk,
        role="emperor",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an e-mail address in the correct format" in page
    assert "Select a valid choice" in page
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_removing_a_role_asks_first_then_removes() -> None:
    area = AreaFactory(slug="leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    officer = member_of(area, Role.OFFICER, full_name="Aisha Rahman")
    membership = Membership.objects.get(user=officer)
    url = reverse(
        "partners:member-remove", kwargs={"area_slug": "leeds", "membership_id": membership.pk}
    )
    client = signed_in(admin)
    assert "Remove Aisha Rahman" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_the_last_admin_explains_why_not() -> None:
    area = AreaFactory(slug="leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    membership = Membership.objects.get(user=admin)
    response = signed_in(admin).post(
        reverse(
            "partners:member-remove", kwargs={"area_slug": "leeds", "membership_id": membership.pk}
        )
    )
    assert response.status_code == 409
    assert "An area must keep at least one area admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_of_another_area_cannot_be_removed_through_this_area() -> None:
    area, other = AreaFactory(slug="leeds"), AreaFactory(slug="essex")
    admin = member_of(area, Role.AREA_ADMIN)
    theirs = Membership.objects.get(user=member_of(other, Role.OFFICER))
    response = signed_in(admin).post(
        reverse("partners:member-remove", kwargs={"area_slug": "leeds", "membership_id": theirs.pk})
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_member_list_is_paginated() -> None:
    area = AreaFactory(slug="leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    for _ in range(55):
        member_of(area, Role.OFFICER)
    client = signed_in(admin)
    url = reverse("partners:member-list", kwargs={"area_slug": "leeds"})
    first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert "page 1 of 2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert client.get(url, {"page": "not-a-number"}).status_code == 200


def test_navigation_shows_members_only_to_area_admins() -> None:
    area = AreaFactory(slug="leeds", name="Leeds")
    dashboard = reverse("partners:dashboard")
    admin_nav = signed_in(member_of(area, Role.AREA_ADMIN)).get(dashboard).context["nav_items"]
    officer_nav = signed_in(member_of(area, Role.OFFICER)).get(dashboard).context["nav_items"]
    assert "Leeds members" in [item.text for item in admin_nav]
    assert "Leeds members" not in [item.text for item in officer_nav]
    assert "Leeds" in [item.text for item in officer_nav]


def test_area_admin_resends_an_invitation(django_capture_on_commit_callbacks: Any) -> None:
    from partners import services

    area = AreaFactory(slug="leeds", name="Leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    council = Membership.objects.get(user=admin).organisation
    newcomer = services.user_create(email="new@example.org", full_name="New Person")
    membership = services.membership_grant(
        user=newcomer, organisation=council, role=Role.OFFICER, actor=admin
    )
    client = signed_in(admin)
    listing = client.get(reverse("partners:member-list", kwargs={"area_slug": "leeds"}))
    assert "Resend invitation" in listing.content.decode()
    url = reverse(
        "partners:member-invite", kwargs={"area_slug": "leeds", "membership_id": membership.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "a new link to set a password" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert client.get(url).status_code == 405


def test_add_member_form_offers_only_this_areas_organisations() -> None:
    area = AreaFactory(slug="leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    OrganisationFactory(name="Someone Else's Council")
    page = signed_in(admin).get(reverse("partners:member-add", kwargs={"area_slug": "leeds"}))
    assert "Someone Else&#x27;s Council" not in page.content.decode()


def test_an_empty_add_member_form_says_what_is_missing() -> None:
    area = AreaFactory(slug="leeds")
    admin = member_of(area, Role.AREA_ADMIN)
    response = signed_in(admin).post(reverse("partners:member-add", kwargs={"area_slug": "leeds"}))
    page = response.content.decode()
    assert "Enter the person&#x27;s e-mail address" in page
    assert "Choose a role" in page
