from typing import Any

import pytest
from django.core import mail

from audit.models import Event
from partners import services
from partners.models import Membership, OrganisationKind, Role, User
from tests.partners.factories import (
    AreaFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def test_reviewers_must_come_from_civil_society() -> None:
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    with pytest.raises(services.MembershipError, match=services.REVIEWER_NEEDS_CIVIL_SOCIETY):
        services.membership_grant(
            user=UserFactory(), organisation=council, role=Role.REVIEWER, actor=None
        )
    assert not Membership.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SIGNATORY, Role.AREA_ADMIN])
def test_party_roles_cannot_be_held_in_a_civil_society_group(role: Role) -> None:
    group = OrganisationFactory(kind=OrganisationKind.ADVOCACY)
    with pytest.raises(services.MembershipError, match=services.ROLE_NEEDS_PARTY_ORGANISATION):
        services.membership_grant(user=UserFactory(), organisation=group, role=role, actor=None)


def test_the_same_role_cannot_be_granted_twice() -> None:
    council = OrganisationFactory()
    user = UserFactory()
    services.membership_grant(user=user, organisation=council, role=Role.OFFICER, actor=None)
    with pytest.raises(services.MembershipError, match=services.ALREADY_HOLDS_ROLE):
        services.membership_grant(user=user, organisation=council, role=Role.OFFICER, actor=None)
    assert Membership.objects.count() == 1


def test_deactivated_people_get_no_new_roles() -> None:
    with pytest.raises(services.MembershipError, match=services.USER_INACTIVE):
        services.membership_grant(
            user=UserFactory(is_active=False),
            organisation=OrganisationFactory(),
            role=Role.OFFICER,
            actor=None,
        )


def test_the_last_area_admin_cannot_be_removed() -> None:
    area = AreaFactory()
    admin = member_of(area, Role.AREA_ADMIN)
    membership = Membership.objects.get(user=admin)
    with pytest.raises(services.MembershipError, match=services.LAST_AREA_ADMIN):
        services.membership_revoke(membership=membership, actor=admin)
    assert Membership.objects.filter(pk=membership.pk).exists()

    second = member_of(area, Role.AREA_ADMIN)
    services.membership_revoke(membership=membership, actor=second)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_of_another_area_does_not_count_as_this_areas_admin() -> None:
    area = AreaFactory()
    member_of(AreaFactory(), Role.AREA_ADMIN)
    admin = member_of(area, Role.AREA_ADMIN)
    with pytest.raises(services.MembershipError):
        services.membership_revoke(membership=Membership.objects.get(user=admin), actor=admin)


def test_adding_someone_new_creates_their_account_and_invites_them(
    django_capture_on_commit_callbacks: Any,
) -> None:
    area = AreaFactory(name="Leeds")
    admin = member_of(area, Role.AREA_ADMIN, full_name="Tom Brennan")
    council = OrganisationFactory(area=area)
    with pytest.raises(services.MembershipError, match=services.NAME_NEEDED_FOR_NEW_PERSON):
        services.member_add(
            area=area,
            email="new@example.org",
            full_name=" ",
            job_title="",
            organisation=council,
            role=Role.OFFICER,
            actor=admin,
        )
    assert not User.objects.filter(email="new@example.org").exists()

    with django_capture_on_commit_callbacks(execute=True):
        membership, invited = services.member_add(
            area=area,
            email="New@Example.org",
            full_name="Nia Jones",
            job_title="Analyst",
            organisation=council,
            role=Role.OFFICER,
            actor=admin,
        )
    assert invited
    assert membership.user.email == "new@example.org"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert "Tom Brennan has added you to Leeds" in message.body
    assert "/account/password-reset/" in message.body


def test_adding_a_role_for_someone_known_sends_no_invitation(
    django_capture_on_commit_callbacks: Any,
) -> None:
    area = AreaFactory()
    admin = member_of(area, Role.AREA_ADMIN)
    officer = member_of(area, Role.OFFICER, email="known@example.org")
    council = Membership.objects.get(user=officer).organisation
    with django_capture_on_commit_callbacks(execute=True):
        membership, invited = services.member_add(
            area=area,
            email="KNOWN@example.org",
            full_name="",
            job_title="",
            organisation=council,
            role=Role.SIGNATORY,
            actor=admin,
        )
    assert not invited
    assert membership.user == officer
    assert mail.outbox == []


def test_an_organisation_of_another_area_is_refused() -> None:
    area = AreaFactory()
    admin = member_of(area, Role.AREA_ADMIN)
    with pytest.raises(services.MembershipError, match=services.ORGANISATION_NOT_IN_AREA):
        services.member_add(
            area=area,
            email="x@example.org",
            full_name="X",
            job_title="",
            organisation=OrganisationFactory(),
            role=Role.OFFICER,
            actor=admin,
        )


def test_stakeholder_group_follows_organisation_kind() -> None:
    assert OrganisationFactory(kind=OrganisationKind.POLICE).stakeholder_group == "police"
    assert OrganisationFactory(kind=OrganisationKind.NHS_BODY).stakeholder_group == "health"
    assert OrganisationFactory(kind=OrganisationKind.HOUSING).stakeholder_group == "other_public"
    assert OrganisationFactory(kind=OrganisationKind.VOLUNTARY).stakeholder_group == "civil_society"
    assert OrganisationFactory(kind=OrganisationKind.ADVOCACY).stakeholder_group == "advocacy"
    assert OrganisationFactory(kind=OrganisationKind.OTHER).stakeholder_group == "other"


def test_e_mail_addresses_are_unique_whatever_their_case() -> None:
    from django.db import IntegrityError

    User.objects.create(email="Jane.Doe@example.org", full_name="Jane")
    with pytest.raises(IntegrityError):
        User.objects.create(email="jane.doe@EXAMPLE.org", full_name="Jane again")


def test_adding_someone_already_added_in_another_case_reuses_their_account() -> None:
    area = AreaFactory()
    admin = member_of(area, Role.AREA_ADMIN)
    council = OrganisationFactory(area=area)
    first, _ = services.member_add(
        area=area,
        email="nia@example.org",
        full_name="Nia",
        job_title="",
        organisation=council,
        role=Role.OFFICER,
        actor=admin,
    )
    second, invited = services.member_add(
        area=area,
        email="NIA@example.org",
        full_name="",
        job_title="",
        organisation=council,
        role=Role.SIGNATORY,
        actor=admin,
    )
    assert not invited
    assert second.user == first.user


def test_an_invitation_can_be_resent_only_before_a_password_is_set(
    django_capture_on_commit_callbacks: Any,
) -> None:
    area = AreaFactory(name="Essex")
    admin = member_of(area, Role.AREA_ADMIN)
    newcomer = services.user_create(email="new@example.org", full_name="New Person")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_invite(user=newcomer, area=area, actor=admin)
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    with pytest.raises(services.MembershipError, match="already set a password"):
        services.user_invite(user=admin, area=area, actor=admin)


def test_public_authority_is_recorded_per_organisation_dpa_2018_s7() -> None:
    """DPA 2018 s.7: public authorities are those under the FOI Act 2000 (or the Scottish
    Act). Councils, NHS bodies and police are; housing associations in England are not,
    though a council's own housing service is."""
    area = AreaFactory()
    council = services.organisation_upsert(
        area=area, slug="council", name="Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    association = services.organisation_upsert(
        area=area, slug="homes", name="Homes Association", kind=OrganisationKind.HOUSING
    )
    housing_service = services.organisation_upsert(
        area=area,
        slug="council-housing",
        name="Council Housing Services",
        kind=OrganisationKind.HOUSING,
        public_authority=True,
    )
    assert council.public_authority
    assert not association.public_authority
    assert housing_service.public_authority
    # Saving again without saying keeps what is recorded; changing it is audited.
    again = services.organisation_upsert(
        area=area, slug="council-housing", name="Council Housing Services", kind="housing"
    )
    assert again.public_authority
    services.organisation_upsert(
        area=area, slug="homes", name="Homes Association", kind="housing", public_authority=True
    )
    changed = Event.objects.filter(verb="organisation.changed").get()
    assert changed.data == {"public_authority": {"from": False, "to": True}}
