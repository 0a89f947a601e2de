"""Who may do what with an area's agreements."""

from typing import Any

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


RESOLVERS = frozenset({Role.OFFICER, Role.AREA_ADMIN})


def user_is_invited(user: AnyUser, agreement: Agreement) -> bool:
    """Invited by an officer to review this one agreement."""
    from .models import Invitation

    return bool(
        user.is_authenticated
        and Invitation.objects.filter(agreement=agreement, user_id=user.pk).exists()
    )


def user_can_comment(user: AnyUser, agreement: Agreement) -> bool:
    """Anyone with a role in the area, and people invited to this agreement."""
    return bool(user_roles_in_area(user, agreement.area)) or user_is_invited(user, agreement)


def user_can_resolve_comments(user: AnyUser, area: Area) -> bool:
    """Officers (and area admins) answer for the draft: they resolve threads and decide
    on suggested wording."""
    return not user_roles_in_area(user, area).isdisjoint(RESOLVERS)


def invited_to_agreement(user: AnyUser, area: Area, kwargs: dict[str, object]) -> bool:
    """The guest rule for partners.access.area_view: someone outside the area reaches
    an agreement's review pages if they were invited to that agreement."""
    from .models import Invitation

    reference = kwargs.get("reference")
    return bool(
        user.is_authenticated
        and reference
        and Invitation.objects.filter(
            agreement__area=area, agreement__reference=reference, user_id=user.pk
        ).exists()
    )


def user_can_record_perspective(user: AnyUser, agreement: Agreement) -> bool:
    """Reviewers, officers and signatories of the area, and people invited to review
    this agreement, may each record their own view of its trade-off."""
    from .lifecycle import roles_for

    held = user_roles_in_area(user, agreement.area)
    return not held.isdisjoint(roles_for("record_perspective")) or user_is_invited(user, agreement)


def user_signs_for(user: AnyUser, agreement: Agreement) -> list[Any]:
    """The parties of the agreement this user is the chosen signatory of (and still
    holds the signatory role in), usually none or one."""
    from .models import Party

    if not user.is_authenticated or Role.SIGNATORY not in user_roles_in_area(user, agreement.area):
        return []
    return list(
        Party.objects.filter(
            agreement=agreement,
            signatory_id=user.pk,
            organisation__memberships__user_id=user.pk,
            organisation__memberships__role=Role.SIGNATORY,
        )
        .select_related("organisation")
        .distinct()
    )
