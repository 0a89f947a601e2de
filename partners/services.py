"""Every write to areas, organisations, people and their roles goes through here."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import (
    CIVIL_SOCIETY_KINDS,
    Area,
    Membership,
    Organisation,
    Role,
    User,
)
from .permissions import forget_cached_roles


class MembershipError(Exception):
    """A membership change that the rules do not allow. The message is for the user."""


REVIEWER_NEEDS_CIVIL_SOCIETY = (
    "Reviewers must belong to a voluntary, civil-society or advocacy organisation."
)
ROLE_NEEDS_PARTY_ORGANISATION = (
    "Officers, signatories and area admins must belong to an organisation that can be a "
    "party to agreements, not a civil-society or advocacy group."
)
ALREADY_HOLDS_ROLE = "This person already holds that role in that organisation."
LAST_AREA_ADMIN = "An area must keep at least one area admin. Add another before removing this one."
USER_INACTIVE = "This person's account is deactivated. A platform admin must reactivate it first."


def area_upsert(*, slug: str, name: str, lead_body: str, description: str = "") -> Area:
    """Create the area with this slug, or bring its details up to date."""
    area, _created = Area.objects.update_or_create(
        slug=slug, defaults={"name": name, "lead_body": lead_body, "description": description}
    )
    return area


def organisation_upsert(
    *,
    area: Area,
    slug: str,
    name: str,
    kind: str,
    website: str = "",
    description: str = "",
) -> Organisation:
    """Create the organisation with this slug in the area, or bring it up to date."""
    organisation, _created = Organisation.objects.update_or_create(
        area=area,
        slug=slug,
        defaults={"name": name, "kind": kind, "website": website, "description": description},
    )
    return organisation


def user_create(
    *, email: str, full_name: str, password: str | None = None, job_title: str = ""
) -> User:
    """A new person. Without a password they cannot sign in until they set one through
    the invitation (password reset) link."""
    return User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title
    )


def membership_check(*, user: User, organisation: Organisation, role: str) -> None:
    """Raise MembershipError if ``user`` may not be given ``role`` in ``organisation``:
    reviewers come from civil society, the other roles from parties; no duplicates; no
    deactivated accounts. Forms call it to show the reason beside the fields."""
    if not user.is_active:
        raise MembershipError(USER_INACTIVE)
    civil_society = organisation.kind in CIVIL_SOCIETY_KINDS
    if role == Role.REVIEWER and not civil_society:
        raise MembershipError(REVIEWER_NEEDS_CIVIL_SOCIETY)
    if role != Role.REVIEWER and civil_society:
        raise MembershipError(ROLE_NEEDS_PARTY_ORGANISATION)
    if (
        user.pk
        and Membership.objects.filter(user=user, organisation=organisation, role=role).exists()
    ):
        raise MembershipError(ALREADY_HOLDS_ROLE)


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: str, actor: User | None
) -> Membership:
    """Give ``user`` a role in ``organisation``. Raises MembershipError as
    ``membership_check`` does."""
    membership_check(user=user, organisation=organisation, role=role)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    forget_cached_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None) -> None:
    """Take a role away. Raises MembershipError when it would leave the area with no
    area admin."""
    area_id = membership.organisation.area_id
    if membership.role == Role.AREA_ADMIN:
        # Lock the area's admin rows so two admins removing each other cannot both succeed.
        admins = list(
            Membership.objects.select_for_update()
            .filter(organisation__area_id=area_id, role=Role.AREA_ADMIN)
            .values_list("pk", flat=True)
        )
        if admins == [membership.pk]:
            raise MembershipError(LAST_AREA_ADMIN)
    membership.delete()
    forget_cached_roles(membership.user)


NAME_NEEDED_FOR_NEW_PERSON = "Enter the person's full name: they have not signed in before."
ORGANISATION_NOT_IN_AREA = "Choose one of this area's organisations."


@transaction.atomic
def member_add(
    *,
    area: Area,
    email: str,
    full_name: str,
    job_title: str,
    organisation: Organisation,
    role: str,
    actor: User,
) -> tuple[Membership, bool]:
    """An area admin adds a role for someone, by e-mail address. Someone new gets an
    account without a password and, once the transaction commits, an invitation
    e-mail to set one. Returns the membership and whether an invitation was sent.

    Raises MembershipError as ``membership_grant`` does, and when a new person has no
    name or the organisation is not in the area.
    """
    from .tasks import send_invitation_task

    if organisation.area_id != area.pk:
        raise MembershipError(ORGANISATION_NOT_IN_AREA)
    user = User.objects.filter(email__iexact=email.strip()).first()
    invited = user is None
    if user is None:
        if not full_name.strip():
            raise MembershipError(NAME_NEEDED_FOR_NEW_PERSON)
        user = user_create(email=email, full_name=full_name.strip(), job_title=job_title.strip())
    membership = membership_grant(user=user, organisation=organisation, role=role, actor=actor)
    if invited:
        user_id, inviter = user.pk, actor.get_full_name()
        transaction.on_commit(lambda: send_invitation_task.delay(user_id, area.pk, inviter))
    return membership, invited


def user_send_invitation(*, user: User, area: Area, invited_by_name: str) -> None:
    """E-mail a person a link to set their password and sign in to the area.

    The link is Django's password-reset link, valid for PASSWORD_RESET_TIMEOUT seconds.
    """
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "area": area,
        "invited_by_name": invited_by_name,
        "link": settings.SITE_URL.rstrip("/") + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_mail(
        subject=f"You have been added to {area.name} on Data-sharing agreements",
        message=render_to_string("partners/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
