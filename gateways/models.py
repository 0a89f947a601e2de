"""Legal gateways (the statutory powers and duties that let public bodies share personal
data), the lawful bases of data protection law, and the categories of data shared."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse


class Purpose(models.Model):
    """What sharing under a gateway is for, in a short controlled vocabulary, so the
    register can be filtered by purpose."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class PowerOrDuty(models.TextChoices):
    """What the provision does about sharing. A duty to co-operate, to have regard to
    something or to provide a service is not a duty to share: it is kept apart so that a
    reader can tell the two."""

    POWER = "power", "Power: may share"
    DUTY = "duty", "Duty to share: must share"
    POWER_AND_DUTY = "power_and_duty", "Power and duty to share"
    DUTY_TO_COOPERATE = (
        "duty_cooperate",
        "Duty to co-operate, have regard or act: not a duty to share",
    )


POWER_OR_DUTY_SHORT: dict[str, str] = {
    PowerOrDuty.POWER: "Power",
    PowerOrDuty.DUTY: "Duty to share",
    PowerOrDuty.POWER_AND_DUTY: "Power and duty",
    PowerOrDuty.DUTY_TO_COOPERATE: "Duty to co-operate",
}


class ExpressOrImplied(models.TextChoices):
    EXPRESS = "express", "Express"
    IMPLIED = "implied", "Implied"


class OverridesConfidentiality(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PARTLY = "partly", "Partly"
    UNKNOWN = "unknown", "Not known"


class GatewayStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "In the register"
    REJECTED = "rejected", "Not accepted"


JURISDICTIONS = (
    ("england", "England"),
    ("wales", "Wales"),
    ("scotland", "Scotland"),
    ("northern_ireland", "Northern Ireland"),
)


class Gateway(models.Model):
    """One statutory provision that permits or requires sharing. Proposed by an area
    admin, approved by another, and then public on the register."""

    slug = models.SlugField(max_length=160, unique=True)
    act_title = models.CharField(
        "Act", max_length=200, help_text="For example, Crime and Disorder Act"
    )
    act_year = models.PositiveSmallIntegerField("Year")
    act_chapter = models.CharField(
        "Chapter", max_length=40, blank=True, help_text="For example, 1998 c. 37"
    )
    provision = models.CharField(
        max_length=60, help_text="For example, s.115, ss.36-39, Sch 9 or Part 5 Ch 5"
    )
    # Normalised provision, so "s. 115" and "s.115" are the same gateway.
    provision_key = models.CharField(max_length=60, editable=False)
    power_or_duty = models.CharField(max_length=16, choices=PowerOrDuty.choices)
    express_or_implied = models.CharField(
        max_length=8, choices=ExpressOrImplied.choices, default=ExpressOrImplied.EXPRESS
    )
    england = models.BooleanField(default=True)
    wales = models.BooleanField(default=False)
    scotland = models.BooleanField(default=False)
    northern_ireland = models.BooleanField(default=False)
    who_may_share = models.TextField(blank=True)
    permitted_purposes = models.TextField(blank=True)
    purposes = models.ManyToManyField(Purpose, blank=True, related_name="gateways")
    limits_and_exclusions = models.TextField(blank=True)
    overrides_confidentiality = models.CharField(
        max_length=8,
        choices=OverridesConfidentiality.choices,
        default=OverridesConfidentiality.UNKNOWN,
    )
    register_requirement = models.TextField(blank=True)
    # Words the gateway should be found by that its text may not contain: the provision's
    # numbers ("36 37 38 39" for ss.36-39) and its purposes. Kept up to date by the
    # services, with search_vector (PostgreSQL only; unused on SQLite).
    search_terms = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    legislation_url = models.URLField("legislation.gov.uk address", max_length=300)
    summary = models.TextField("Plain-English summary")
    verified = models.BooleanField(
        default=False,
        help_text="Someone has checked these details against the legislation itself.",
    )
    verified_on = models.DateField(null=True, blank=True)
    verification_note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=GatewayStatus.choices, default=GatewayStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposal_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("act_title", "act_year", "provision_key")
        constraints = [
            # A provision is in the register (or proposed) once; a proposal turned down
            # stays on record without blocking a better one.
            models.UniqueConstraint(
                fields=("act_title", "act_year", "provision_key"),
                condition=~models.Q(status="rejected"),
                name="gateway_unique_provision",
                violation_error_message="This provision is already in the register.",
            ),
        ]
        indexes = [models.Index(fields=("status", "act_title"), name="gateway_status_act")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gateways:detail", kwargs={"slug": self.slug})

    def get_public_url(self) -> str:
        return reverse("register:gateway-detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return f"{self.act_title} {self.act_year}, {self.provision}"

    @property
    def power_or_duty_short(self) -> str:
        return POWER_OR_DUTY_SHORT.get(self.power_or_duty, "Power and duty")

    @property
    def jurisdictions(self) -> list[str]:
        return [code for code, _ in JURISDICTIONS if getattr(self, code)]

    @property
    def jurisdiction_names(self) -> list[str]:
        return [name for code, name in JURISDICTIONS if getattr(self, code)]


class LawfulBasisFramework(models.TextChoices):
    ART6 = "art6", "UK GDPR Article 6 (lawful basis)"
    ANNEX1 = "annex1", "UK GDPR Annex 1 (recognised legitimate interest condition)"
    ART9 = "art9", "UK GDPR Article 9 (special category condition)"
    ART10 = "art10", "UK GDPR Article 10 (criminal offence data)"
    SCH1 = "sch1", "DPA 2018 Schedule 1 condition"
    PART3 = "part3", "DPA 2018 Part 3 (law enforcement)"
    SCH8 = "sch8", "DPA 2018 Schedule 8 condition"
    COMMON_LAW = "common_law", "Common-law duty of confidentiality"


class LawfulBasis(models.Model):
    """One condition of data protection law or the common law of confidentiality, as
    reference data. Agreements cite these by code; the rules in ``gateways.rules``
    check that the ones cited fit together."""

    code = models.SlugField(max_length=32, primary_key=True)
    framework = models.CharField(max_length=12, choices=LawfulBasisFramework.choices)
    reference = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    schedule1_part = models.PositiveSmallIntegerField(null=True, blank=True)
    needs_appropriate_policy_document = models.BooleanField(null=True, blank=True)
    legislation_url = models.URLField(max_length=300, blank=True)
    verified = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order",)
        verbose_name_plural = "lawful bases"

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class Identifiability(models.TextChoices):
    """Understanding Patient Data's plain words (identifiable, de-personalised,
    anonymous), each with its legal counterpart for officers."""

    IDENTIFIABLE = (
        "identifiable",
        "Identifiable: it shows who each person is, by name or other details",
    )
    DEIDENTIFIED = "deidentified", "De-personalised: names and details replaced by a code"
    ANONYMOUS = "anonymous", "Anonymous: counts that do not show who anyone is"


IDENTIFIABILITY_LEGAL_TERMS: dict[str, str] = {
    Identifiability.IDENTIFIABLE: "Personal data (UK GDPR Art 4(1))",
    Identifiability.DEIDENTIFIED: (
        "Pseudonymised personal data: still personal data (UK GDPR Art 4(5), Recital 26)"
    ),
    Identifiability.ANONYMOUS: (
        "Anonymous information, effectively anonymised in the recipient's hands: not "
        "personal data (UK GDPR Recital 26)"
    ),
}


class DataCategory(models.Model):
    """A kind of data an agreement shares, and what the law asks of it."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    special_category = models.BooleanField(
        default=False,
        help_text="Health, ethnicity, religion, sexual orientation and the like (UK GDPR Art 9).",
    )
    criminal_offence = models.BooleanField(
        default=False, help_text="Criminal convictions and offences (UK GDPR Art 10)."
    )
    health_or_care = models.BooleanField(
        default=False,
        help_text="Health or care information given in confidence: the common-law duty of "
        "confidentiality applies as well as data protection law.",
    )
    about_children = models.BooleanField(default=False)
    identifiability = models.CharField(
        max_length=16, choices=Identifiability.choices, default=Identifiability.IDENTIFIABLE
    )

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "data categories"

    def __str__(self) -> str:
        return self.name

    @property
    def legal_term(self) -> str:
        return IDENTIFIABILITY_LEGAL_TERMS[self.identifiability]


class GatewayChange(models.Model):
    """A change to a gateway already in the register: proposed by one area admin and
    approved (or turned down) by another, as a new gateway is. Until it is approved the
    register shows the gateway as it was last approved."""

    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="changes")
    # The gateway's details as proposed: GatewayDetails' fields, purposes as slugs.
    details = models.JSONField()
    reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=GatewayStatus.choices, default=GatewayStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ("proposed_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("gateway",),
                condition=models.Q(status="proposed"),
                name="gateway_change_one_open",
                violation_error_message="A change to this gateway is already waiting.",
            ),
        ]

    def __str__(self) -> str:
        return f"Change to {self.gateway}"
