"""Every write to areas, organisations, people and their roles goes through here."""

from typing import Any

from django.db import IntegrityError, transaction

from audit.services import changes, record_event

from . import outbox

# Other apps build invitation links with it.
from .emails import password_set_link as password_set_link
from .models import (
    CIVIL_SOCIETY_KINDS,
    PUBLIC_AUTHORITY_KINDS,
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


AREA_FIELDS = ("name", "lead_body", "description")
ORGANISATION_FIELDS = ("name", "kind", "public_authority", "website", "description")


def _snapshot(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


@transaction.atomic
def area_upsert(
    *, slug: str, name: str, lead_body: str, description: str = "", actor: User | None = None
) -> Area:
    """Create the area with this slug, or bring its details up to date.
    Audit: ``area.created`` or ``area.changed`` (with the fields changed), nothing if
    nothing changed."""
    wanted = {"name": name, "lead_body": lead_body, "description": description}
    area = Area.objects.select_for_update().filter(slug=slug).first()
    if area is None:
        area = Area.objects.create(slug=slug, **wanted)
        record_event(actor=actor, verb="area.created", target=area, area=area, data=wanted)
        return area
    changed = changes(_snapshot(area, AREA_FIELDS), wanted)
    if changed:
        for field, value in wanted.items():
            setattr(area, field, value)
        area.save(update_fields=list(changed))
        record_event(actor=actor, verb="area.changed", target=area, area=area, data=changed)
    return area


def organisation_upsert(
    *,
    area: Area,
    slug: str,
    name: str,
    kind: str,
    website: str = "",
    description: str = "",
    public_authority: bool | None = None,
    actor: User | None = None,
) -> Organisation:
    """Create the organisation with this slug in the area, or bring it up to date.
    ``public_authority`` (DPA 2018 s.7) defaults, for a new organisation, to what its
    kind suggests and, for an existing one, to what it already records.
    Audit: ``organisation.created`` or ``organisation.changed``."""
    wanted: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "website": website,
        "description": description,
    }
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(area=area, slug=slug).first()
        if public_authority is None:
            public_authority = (
                organisation.public_authority
                if organisation is not None
                else kind in PUBLIC_AUTHORITY_KINDS
            )
        wanted["public_authority"] = public_authority
        if organisation is None:
            organisation = Organisation.objects.create(area=area, slug=slug, **wanted)
            record_event(
                actor=actor,
                verb="organisation.created",
                target=organisation,
                area=area,
                data=wanted,
            )
            return organisation
        changed = changes(_snapshot(organisation, ORGANISATION_FIELDS), wanted)
        if changed:
            for field, value in wanted.items():
                setattr(organisation, field, value)
            organisation.save(update_fields=list(changed))
            record_event(
                actor=actor,
                verb="organisation.changed",
                target=organisation,
                area=area,
                data=changed,
            )
    return organisation


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    job_title: str = "",
    actor: User | None = None,
) -> User:
    """A new person. Without a password they cannot sign in until they set one through
    the invitation (password reset) link. Audit: ``user.created``."""
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title
    )
    record_event(
        actor=actor,
        verb="user.created",
        target=user,
        data={"email": user.email, "full_name": user.full_name, "job_title": user.job_title},
    )
    return user


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


def _membership_data(membership: Membership) -> dict[str, Any]:
    return {
        "user_id": membership.user_id,
        "user": membership.user.full_name,
        "email": membership.user.email,
        "organisation_id": membership.organisation_id,
        "organisation": membership.organisation.name,
        "role": membership.role,
    }


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: str, actor: User | None
) -> Membership:
    """Give ``user`` a role in ``organisation``. Raises MembershipError as
    ``membership_check`` does. Audit: ``membership.granted``."""
    membership_check(user=user, organisation=organisation, role=role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError as error:  # someone else granted it a moment ago
        raise MembershipError(ALREADY_HOLDS_ROLE) from error
    forget_cached_roles(user)
    record_event(
        actor=actor,
        verb="membership.granted",
        target=membership,
        area=organisation.area,
        data=_membership_data(membership),
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None) -> None:
    """Take a role away. Raises MembershipError when it would leave the area with no
    area admin. Audit: ``membership.revoked``."""
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
    data = _membership_data(membership)
    # Named before it goes, so the ledger (written last) can say which it was.
    target = ("partners.membership", membership.pk)
    area = membership.organisation.area
    membership.delete()
    forget_cached_roles(membership.user)
    record_event(actor=actor, verb="membership.revoked", target=target, area=area, data=data)


@transaction.atomic
def user_set_platform_admin(*, user: User, platform_admin: bool, actor: User | None) -> User:
    """Make someone a platform admin (Django admin, every area), or stop them being one.
    Audit: ``user.changed`` with the access fields changed."""
    before = {"is_staff": user.is_staff, "is_superuser": user.is_superuser}
    user.is_staff = user.is_superuser = platform_admin
    changed = changes(before, {"is_staff": user.is_staff, "is_superuser": user.is_superuser})
    if changed:
        user.save(update_fields=list(changed))
        record_event(actor=actor, verb="user.changed", target=user, data=changed)
    return user


NAME_NEEDED_FOR_NEW_PERSON = "Enter the person's full name: they have not signed in before."
ORGANISATION_NOT_IN_AREA = "Choose one of this area's organisations."
PERSON_JUST_ADDED = "Someone has just added this person. Check the members list and try again."
ALREADY_SIGNED_UP = (
    'This person has already set a password. They can use "Forgotten your password" on '
    "the sign-in page if they cannot sign in."
)


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
    if organisation.area_id != area.pk:
        raise MembershipError(ORGANISATION_NOT_IN_AREA)
    user = User.objects.filter(email__iexact=email.strip()).first()
    invited = user is None
    if user is None:
        if not full_name.strip():
            raise MembershipError(NAME_NEEDED_FOR_NEW_PERSON)
        try:
            with transaction.atomic():
                user = user_create(
                    email=email,
                    full_name=full_name.strip(),
                    job_title=job_title.strip(),
                    actor=actor,
                )
        except IntegrityError as error:  # added by someone else a moment ago
            raise MembershipError(PERSON_JUST_ADDED) from error
    membership = membership_grant(user=user, organisation=organisation, role=role, actor=actor)
    if invited:
        user_invite(user=user, area=area, actor=actor)
    return membership, invited


@transaction.atomic
def user_invite(*, user: User, area: Area, actor: User) -> None:
    """Owe ``user`` an e-mail with a link to set their password, sent through the outbox
    once the transaction commits; also how an area admin resends a lost or expired
    invitation. Audit: ``user.invited``.

    Raises MembershipError if the person has already set a password (they can use
    "Forgotten your password" instead)."""
    if user.has_usable_password():
        raise MembershipError(ALREADY_SIGNED_UP)
    outbox.enqueue(
        "partners.tasks.send_invitation_task",
        area=area,
        recipient=user,
        description=f"Invitation to {area.name} for {user.email}",
        user_id=user.pk,
        area_id=area.pk,
        invited_by_id=actor.pk,
    )
    record_event(
        actor=actor, verb="user.invited", target=user, area=area, data={"email": user.email}
    )


@transaction.atomic
def user_set_notification_mode(*, user: User, mode: str) -> User:
    """How often someone is e-mailed: at once, in a daily digest, or never.
    Audit: ``user.notifications_changed``."""
    before = user.notification_mode
    if before != mode:
        user.notification_mode = mode
        user.save(update_fields=["notification_mode"])
        record_event(
            actor=user,
            verb="user.notifications_changed",
            target=user,
            data={"notification_mode": {"from": before, "to": mode}},
        )
    return user


@transaction.atomic
def password_reset_request(*, email: str) -> User | None:
    """Someone asked for a link to set a new password. An active account with that
    address (including someone invited who has not set one yet: this replaces a lost
    or expired invitation) is owed the e-mail through the outbox, so the answer takes as long whether
    or not the account exists; the same page follows either way. Returns the account.
    Audit: ``auth.password_reset_requested`` (the account, if any; never the text
    typed in)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None:
        outbox.enqueue(
            "partners.tasks.send_password_reset_task",
            recipient=user,
            description=f"Password reset link for {user.email}",
            user_id=user.pk,
        )
    record_event(
        actor=None,
        verb="auth.password_reset_requested",
        target=user,
        data={"account_known": user is not None},
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None, via: str) -> User:
    """Set someone's password through a reset or invitation link (``actor`` None: the
    person themselves). Then as ``user_password_changed``."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user_password_changed(user=user, actor=actor, via=via)


@transaction.atomic
def user_password_changed(*, user: User, actor: User | None, via: str) -> User:
    """After someone's password was set or removed (here, or by a platform admin in
    the Django admin): any sign-in pause on the account is lifted, so a locked-out
    person gets back in by resetting their password. Audit: ``user.password_set`` or
    ``user.password_removed``, saying how; never the password."""
    from axes.utils import reset as axes_reset

    axes_reset(username=user.email)
    record_event(
        actor=actor or user,
        verb="user.password_set" if user.has_usable_password() else "user.password_removed",
        target=user,
        data={"via": via},
    )
    return user
