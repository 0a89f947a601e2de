"""Who takes part: the partner areas, their organisations, and people's roles in them."""

from collections.abc import Iterable
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail addresses are not case-sensitive: Priya@Example.org signs in as
        # priya@example.org.
        return self.get(email__iexact=username)

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", "As things happen"
    DIGEST = "digest", "Once a day, in one e-mail"
    NONE = "none", "Never"


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. People sign in with their work e-mail address."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_staff = models.BooleanField(
        "platform admin",
        default=False,
        help_text="Platform admins can use the Django admin across every area.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    notification_mode = models.CharField(
        "e-mail notifications",
        max_length=10,
        choices=NotificationMode.choices,
        default=NotificationMode.IMMEDIATE,
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ("full_name", "email")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_unique_email_any_case",
                violation_error_message="Someone already has this e-mail address.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        # The whole name, as the person gave it: a first word may be a title ("Dr"), and
        # not everyone's given name comes first.
        return self.full_name or self.email


class Area(models.Model):
    """A local partner area, such as Essex or Leeds: the unit everything is scoped to."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    lead_body = models.CharField(
        max_length=200, help_text="The partner body that leads the area, e.g. Leeds City Council."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:area-detail", kwargs={"area_slug": self.slug})


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS_BODY = "nhs_body", "NHS body"
    POLICE = "police", "Police"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary or civil society"
    ADVOCACY = "advocacy", "Advocacy"
    OTHER = "other", "Other"


class StakeholderGroup(models.TextChoices):
    """The group someone speaks for when they weigh a trade-off, derived from the kind of
    organisation they belong to (see ``group_for_kinds``: the one place it is derived).
    Perspectives on a trade-off are compared across these groups."""

    LOCAL_GOVERNMENT = "local_government", "Local government"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    OTHER_PUBLIC = "other_public", "Other public services"
    CIVIL_SOCIETY = "civil_society", "Civil society"
    ADVOCACY = "advocacy", "Advocacy"
    OTHER = "other", "Other organisations"
    INVITED = "invited", "Invited reviewers"
    PUBLIC = "public", "Members of the public"


CIVIL_SOCIETY_KINDS = frozenset({OrganisationKind.VOLUNTARY, OrganisationKind.ADVOCACY})

# Kind of organisation -> the group it speaks for, in order of precedence: someone who
# belongs to a council and also to a voluntary group speaks, here, for the council.
_GROUP_OF_KIND: dict[str, StakeholderGroup] = {
    OrganisationKind.LOCAL_AUTHORITY: StakeholderGroup.LOCAL_GOVERNMENT,
    OrganisationKind.NHS_BODY: StakeholderGroup.HEALTH,
    OrganisationKind.POLICE: StakeholderGroup.POLICE,
    OrganisationKind.FIRE_AND_RESCUE: StakeholderGroup.OTHER_PUBLIC,
    OrganisationKind.HOUSING: StakeholderGroup.OTHER_PUBLIC,
    OrganisationKind.EDUCATION: StakeholderGroup.OTHER_PUBLIC,
    OrganisationKind.OTHER: StakeholderGroup.OTHER,
    OrganisationKind.VOLUNTARY: StakeholderGroup.CIVIL_SOCIETY,
    OrganisationKind.ADVOCACY: StakeholderGroup.ADVOCACY,
}


# Kinds whose bodies are, as a rule, public authorities under the Freedom of Information
# Act 2000 and so under DPA 2018 s.7. Housing is not among them: housing associations
# (private registered providers) in England are not subject to the FOI Act, although a
# council's own housing service is part of a public authority and housing associations in
# Scotland are (s.7(1)(b)). Each organisation records the fact for itself; this only
# suggests it.
PUBLIC_AUTHORITY_KINDS = frozenset(
    {
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.NHS_BODY,
        OrganisationKind.POLICE,
        OrganisationKind.FIRE_AND_RESCUE,
        OrganisationKind.EDUCATION,
    }
)


def stakeholder_group_for_kind(kind: str) -> StakeholderGroup:
    return _GROUP_OF_KIND.get(kind, StakeholderGroup.OTHER)


def group_for_kinds(kinds: Iterable[str]) -> StakeholderGroup:
    """The group of someone who belongs to organisations of these kinds: the first in
    order of precedence, or "invited reviewers" for someone who belongs to none."""
    held = set(kinds)
    for kind, group in _GROUP_OF_KIND.items():
        if kind in held:
            return group
    return StakeholderGroup.INVITED


class Organisation(models.Model):
    """A body taking part in an area: a party to agreements or a reviewing group."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    public_authority = models.BooleanField(
        "public authority (DPA 2018 s.7)",
        default=False,
        help_text="A public authority under the Freedom of Information Act 2000 (or the "
        "Scottish Act), which is what data protection law means by one. A council's own "
        "housing service is; a housing association in England is not. Public authorities "
        "cannot rely on legitimate interests for their tasks.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("area", "slug"), name="organisation_unique_slug"),
            models.UniqueConstraint(fields=("area", "name"), name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "partners:organisation-detail",
            kwargs={"area_slug": self.area.slug, "organisation_slug": self.slug},
        )

    @property
    def stakeholder_group(self) -> StakeholderGroup:
        return stakeholder_group_for_kind(self.kind)

    @property
    def is_civil_society(self) -> bool:
        return self.kind in CIVIL_SOCIETY_KINDS


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    REVIEWER = "reviewer", "Reviewer"
    SIGNATORY = "signatory", "Signatory"
    AREA_ADMIN = "area_admin", "Area admin"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.OFFICER: "Drafts agreements from templates, answers comments and publishes versions.",
    Role.REVIEWER: (
        "Comments on agreements in review, suggests wording and records a view of the trade-off."
    ),
    Role.SIGNATORY: "Signs off one exact version of an agreement and its trade-off, or declines.",
    Role.AREA_ADMIN: "Manages the area's members, templates and gateways; exports sealed PDFs.",
}


class Membership(models.Model):
    """One role a person holds in one organisation. A person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("organisation__name", "role")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "organisation", "role"), name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.organisation}"

    @property
    def area(self) -> Area:
        return self.organisation.area
