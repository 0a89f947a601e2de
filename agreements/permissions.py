"""Who may do what with an area's agreements."""

from partners.models import Area, Role
from partners.permissions import AnyUser, user_is_platform_admin, user_roles_in_area

from .models import Agreement

EDITORS = frozenset({Role.OFFICER, Role.AREA_ADMIN})
DRAFT_READERS = frozenset({Role.OFFICER, Role.SIGNATORY, Role.AREA_ADMIN})


def user_can_edit_agreements(user: AnyUser, area: Area) -> bool:
    """Officers and area admins of the area draft and edit its agreements."""
    return not user_roles_in_area(user, area).isdisjoint(EDITORS)


def user_can_edit_locked_clauses(user: AnyUser, area: Area) -> bool:
    """Locked clauses are standard wording; only area admins change them."""
    return Role.AREA_ADMIN in user_roles_in_area(user, area)


def user_can_read_drafts(user: AnyUser, area: Area) -> bool:
    """Officers, signatories and area admins (and platform admins) see working copies.
    Reviewers see published versions only."""
    return user_is_platform_admin(user) or not user_roles_in_area(user, area).isdisjoint(
        DRAFT_READERS
    )


def user_can_see_agreement(user: AnyUser, agreement: Agreement, *, has_versions: bool) -> bool:
    if user_can_read_drafts(user, agreement.area):
        return True
    return Role.REVIEWER in user_roles_in_area(user, agreement.area) and has_versions
