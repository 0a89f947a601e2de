"""Templates, agreements, their sections (the working copy) and frozen versions."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from gateways.models import DataCategory, Gateway, LawfulBasis
from partners.models import Area, Organisation


class AgreementKind(models.TextChoices):
    """The ICO's kinds of arrangement, as the templates follow them."""

    INFORMATION_SHARING_PROTOCOL = "isp", "Information sharing protocol"
    DISCLOSURE = "disclosure", "Data disclosure agreement"
    JOINT_CONTROLLER = "joint_controller", "Joint controller arrangement"
    ONE_OFF = "one_off", "One-off request and decision"


class Template(models.Model):
    """A kind of agreement's skeleton. Its sections live in versions: changing a
    template makes a new version, and agreements keep the version they started from."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class TemplateVersionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "In use"
    REJECTED = "rejected", "Not accepted"


class TemplateVersion(models.Model):
    """One version of a template. Templates are shared by every area, so a revision
    is proposed by one area's admin and approved by an admin of another area before
    anyone drafts from it; the latest approved version is the one in use."""

    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = models.TextField(blank=True)
    # The revision of agreements/data/templates.json this version was loaded from; empty
    # for versions an area admin made. A newer revision in the file makes a new version.
    seed_revision = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10,
        choices=TemplateVersionStatus.choices,
        default=TemplateVersionStatus.APPROVED,
    )
    proposed_from = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ("template", "-number")
        constraints = [
            models.UniqueConstraint(fields=("template", "number"), name="template_version_unique"),
            models.UniqueConstraint(
                fields=("template",),
                condition=models.Q(status="proposed"),
                name="template_version_one_proposal",
                violation_error_message="A revision of this template is already waiting.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class TemplateSection(models.Model):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    heading = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    default_text = models.TextField(blank=True)
    locked = models.BooleanField(
        default=False, help_text="A standard clause that only area admins may change."
    )
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ("version", "position")
        constraints = [
            models.UniqueConstraint(fields=("version", "key"), name="template_section_unique_key")
        ]

    def __str__(self) -> str:
        return self.heading


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
    SIGNED = "signed", "Signed"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


class Agreement(models.Model):
    """One data-sharing agreement of an area: its working copy (sections, parties,
    gateways, lawful bases) and, through its versions, everything ever frozen."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    review_date = models.DateField(null=True, blank=True)
    status_note = models.TextField(blank=True)
    # The version every party signed: the agreement in force while a revision is drafted.
    signed_version = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the agreement was adopted from another area's published version.
    adopted_from = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="adoptions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at",)
        indexes = [models.Index(fields=("area", "status"), name="agreement_area_status")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:detail",
            kwargs={"area_slug": self.area.slug, "reference": self.reference},
        )


class PartyRole(models.TextChoices):
    PROVIDER = "provider", "Provides data"
    RECIPIENT = "recipient", "Receives data"
    JOINT_CONTROLLER = "joint_controller", "Joint controller"
    PROVIDER_AND_RECIPIENT = "both", "Provides and receives data"


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("organisation__name",)
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=("agreement", "organisation"), name="party_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class AgreementGateway(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="gateway_links")
    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="agreement_links")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("gateway__act_title", "gateway__act_year", "gateway__provision_key")
        constraints = [
            models.UniqueConstraint(
                fields=("agreement", "gateway"), name="agreement_gateway_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} relies on {self.gateway}"


class CategoryBasis(models.Model):
    """The stack of lawful bases one party relies on for one category of data, or for
    one flow of it to another party: a council may disclose under the UK GDPR while the
    police receive under DPA 2018 Part 3. The stack is checked with gateways.rules,
    against that party's own facts, whenever it is saved."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="category_bases"
    )
    data_category = models.ForeignKey(DataCategory, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="bases")
    recipient = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a flow: the party the data is disclosed to.",
    )
    law_enforcement = models.BooleanField(
        default=False,
        help_text="Processed by a competent authority for law enforcement (DPA 2018 Part 3).",
    )
    public_task = models.BooleanField(
        default=True, help_text="Shared in the performance of the parties' public tasks."
    )
    art6 = models.ForeignKey(
        LawfulBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # UK GDPR Annex 1 conditions, for recognised legitimate interest (Article 6(1)(ea)).
    annex1 = models.ManyToManyField(LawfulBasis, blank=True, related_name="+")
    art9 = models.ForeignKey(
        LawfulBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    art10 = models.BooleanField(default=False)
    official_authority = models.BooleanField(
        default=False,
        help_text="Criminal offence data processed under the control of official authority "
        "(UK GDPR Article 10), which needs no Schedule 1 condition.",
    )
    schedule1 = models.ManyToManyField(LawfulBasis, blank=True, related_name="+")
    part3 = models.BooleanField(default=False)
    schedule8 = models.ManyToManyField(LawfulBasis, blank=True, related_name="+")
    common_law = models.ForeignKey(
        LawfulBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    policy_document = models.CharField(
        "appropriate policy document",
        max_length=300,
        blank=True,
        help_text="Its reference or where it is published, when a condition needs one.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("data_category__name", "party__organisation__name", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("agreement", "data_category", "party"),
                condition=models.Q(recipient__isnull=True),
                name="category_basis_unique_per_party",
            ),
            models.UniqueConstraint(
                fields=("agreement", "data_category", "party", "recipient"),
                condition=models.Q(recipient__isnull=False),
                name="category_basis_unique_per_flow",
            ),
            models.CheckConstraint(
                condition=~models.Q(party=models.F("recipient")),
                name="category_basis_flow_between_two_parties",
            ),
        ]

    def __str__(self) -> str:
        flow = f" to {self.recipient.organisation}" if self.recipient is not None else ""
        return f"{self.agreement.reference}: {self.data_category}, {self.party.organisation}{flow}"


SECTION_TEXT_LIMIT = 100_000


class Section(models.Model):
    """A section of an agreement's working copy. ``revision`` goes up with every save,
    so a save that started from an older revision is caught as a conflict."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    heading = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    body = models.TextField(blank=True)
    locked = models.BooleanField(default=False)
    required = models.BooleanField(default=True)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("agreement", "position")
        constraints = [
            models.UniqueConstraint(fields=("agreement", "key"), name="section_unique_key")
        ]

    def __str__(self) -> str:
        return self.heading


class Version(models.Model):
    """A frozen snapshot of everything in an agreement, as canonical JSON with its
    SHA-256. Versions are only ever created, never changed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    canonical = models.TextField(help_text="The exact canonical JSON the hash is of.")
    sha256 = models.CharField(max_length=64)
    # SHA-256 of the canonical JSON of the snapshot's "assessment" part alone, so a
    # sign-off can name the trade-off it accepted; empty for versions frozen before
    # assessments were part of the snapshot.
    assessment_sha256 = models.CharField(max_length=64, blank=True, default="")
    note = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ("agreement", "-number")
        constraints = [
            models.UniqueConstraint(fields=("agreement", "number"), name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} v{self.number}"


# A version's snapshot, as JSON and as the canonical text hashed: large, and needed only
# where the version itself is read. Pages that name a version by its number leave them.
SNAPSHOT_FIELDS = ("content", "canonical")


def without_snapshots(*relations: str) -> list[str]:
    """The fields to defer so the versions reached through ``relations`` (as in
    ``select_related``) come without their snapshots."""
    return [f"{relation}__{field}" for relation in relations for field in SNAPSHOT_FIELDS]
