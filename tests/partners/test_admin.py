"""The Django admin keeps the same rules as the service, and its edits are recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from partners.models import Area, Membership, OrganisationKind, Role, User
from tests.partners.factories import AreaFactory, OrganisationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, full_name="Platform Admin"))
    return client


def test_removing_the_last_area_admin_in_the_admin_is_refused_with_a_reason(
    staff_client: Client,
) -> None:
    area = AreaFactory()
    membership = Membership.objects.get(user=member_of(area, Role.AREA_ADMIN))
    url = reverse("admin:partners_membership_delete", args=[membership.pk])
    response = staff_client.post(url, {"post": "yes"}, follow=True)
    page = response.content.decode()
    assert "An area must keep at least one area admin" in page
    assert "was deleted successfully" not in page
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_granting_a_role_that_breaks_the_rules_is_a_form_error(staff_client: Client) -> None:
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    person = UserFactory()
    response = staff_client.post(
        reverse("admin:partners_membership_add"),
        {"user": person.pk, "organisation": council.pk, "role": Role.REVIEWER},
    )
    assert response.status_code == 200
    assert "Reviewers must belong to a voluntary" in response.content.decode()
    assert not Membership.objects.exists()


def test_people_cannot_be_deleted_only_deactivated(staff_client: Client) -> None:
    person = UserFactory()
    url = reverse("admin:partners_user_delete", args=[person.pk])
    assert staff_client.get(url).status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_editing_a_person_is_recorded(staff_client: Client) -> None:
    person = UserFactory(full_name="Helen Ward", email="helen@example.org")
    response = staff_client.post(
        reverse("admin:partners_user_change", args=[person.pk]),
        {
            "email": "Helen.Ward@Example.org",
            "full_name": "Helen Ward",
            "job_title": "SIRO",
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.email == "helen.ward@example.org"
    assert not person.is_active
    event = Event.objects.get(verb="user.changed", target_id=str(person.pk))
    assert event.actor_name == "Platform Admin"
    assert event.data["is_active"] == {"from": True, "to": False}
    assert event.data["email"] == {"from": "helen@example.org", "to": "helen.ward@example.org"}


def test_editing_an_area_goes_through_the_service_and_is_recorded(staff_client: Client) -> None:
    area = AreaFactory(name="Melton", slug="melton", lead_body="Melton BC")
    response = staff_client.post(
        reverse("admin:partners_area_change", args=[area.pk]),
        {"name": "Melton", "lead_body": "Melton Borough Council", "description": ""},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.lead_body == "Melton Borough Council"
    assert area.slug == "melton"
    event = Event.objects.get(verb="area.changed")
    assert event.data == {"lead_body": {"from": "Melton BC", "to": "Melton Borough Council"}}
    assert Area.objects.count() == 1


def test_an_organisations_kind_is_fixed_while_people_hold_roles_in_it(
    staff_client: Client,
) -> None:
    area = AreaFactory()
    member_of(area, Role.OFFICER)
    council = Membership.objects.get().organisation
    staff_client.post(
        reverse("admin:partners_organisation_change", args=[council.pk]),
        {"name": council.name, "kind": OrganisationKind.ADVOCACY, "website": "", "description": ""},
    )
    council.refresh_from_db()
    assert council.kind == OrganisationKind.LOCAL_AUTHORITY
