from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from partners import permissions, selectors
from partners.models import Membership, Role
from tests.partners.factories import AreaFactory, MembershipFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_roles_are_per_area() -> None:
    essex, leeds = AreaFactory(slug="essex"), AreaFactory(slug="leeds")
    officer = member_of(essex, Role.OFFICER)
    assert permissions.user_roles_in_area(officer, essex) == {Role.OFFICER}
    assert permissions.user_roles_in_area(officer, leeds) == frozenset()
    assert permissions.user_can_view_area(officer, essex)
    assert not permissions.user_can_view_area(officer, leeds)


def test_area_admin_manages_members_and_officer_does_not() -> None:
    area = AreaFactory()
    assert permissions.user_can_manage_members(member_of(area, Role.AREA_ADMIN), area)
    assert not permissions.user_can_manage_members(member_of(area, Role.OFFICER), area)


def test_platform_admin_sees_every_area_without_a_role() -> None:
    area = AreaFactory()
    staff = UserFactory(is_staff=True)
    assert permissions.user_can_view_area(staff, area)
    assert permissions.user_roles_in_area(staff, area) == frozenset()
    assert list(selectors.area_list_visible_to(user=staff)) == [area]


def test_deactivated_and_anonymous_users_see_nothing() -> None:
    area = AreaFactory()
    officer = member_of(area, Role.OFFICER)
    officer.is_active = False
    assert not permissions.user_can_view_area(officer, area)
    assert not selectors.area_list_visible_to(user=officer).exists()
    assert not permissions.user_can_view_area(AnonymousUser(), area)
    assert not selectors.area_list_visible_to(user=AnonymousUser()).exists()


def test_area_list_has_each_area_once_for_someone_with_many_roles() -> None:
    area = AreaFactory()
    user = member_of(area, Role.OFFICER)
    organisation = Membership.objects.get(user=user).organisation
    MembershipFactory(user=user, organisation=organisation, role=Role.SIGNATORY)
    assert list(selectors.area_list_visible_to(user=user)) == [area]


def test_roles_are_looked_up_once_per_user_object(django_assert_num_queries: Any) -> None:
    area = AreaFactory()
    officer = member_of(area, Role.OFFICER)
    with django_assert_num_queries(1):
        for _ in range(5):
            permissions.user_roles_in_area(officer, area)
            permissions.user_is_area_admin(officer, area)
