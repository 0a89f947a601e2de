"""What the public register shows: each published agreement as the version last
published (with what is searched and filtered on taken from that frozen version, never
the working copy); the public's own views of it, counted once confirmed by e-mail; and,
at review, what came of each expected benefit."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from gateways.models import DataCategory, Gateway
from partners.models import Area, Organisation

from .assessment import SCORE_RANGE, AssessmentTest, OverallPosition
from .drafting import Agreement, Version

PUBLIC_COMMENT_LIMIT = 2_000
OUTCOME_EVIDENCE_LIMIT = 5_000


class PublicStatus(models.TextChoices):
    """Where a published agreement stands, as the public sees it. An agreement stays
    in force while a revision is drafted; a lapsed one stays lapsed until a new version
    is signed and published."""

    IN_FORCE = "in_force", "In force"
    LAPSED = "lapsed", "Lapsed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Theme(models.TextChoices):
    """Service themes, for finding agreements by the kind of service they support.
    Derived from the purposes of the gateways relied on and the kinds of data shared
    (agreements/themes.py), so officers never have to tag them."""

    HEALTH_AND_CARE = "health-and-care", "Health and social care"
    CHILDREN_AND_FAMILIES = "children-and-families", "Children, families and schools"
    CRIMINAL_JUSTICE = "criminal-justice", "Crime, policing and justice"
    HOUSING = "housing", "Housing and homelessness"
    WELFARE = "welfare", "Welfare, income and poverty"
    PUBLIC_MONEY = "public-money", "Fraud, debt and audit"
    RESEARCH = "research", "Research and statistics"
    OTHER_SERVICES = "other-services", "Other public services"


class Publication(models.Model):
    """One agreement as the public register shows it. Written by the services when an
    agreement is published (and when it lapses or is withdrawn), from the version
    published: ``record`` holds its open-data fields and the columns below what the
    register searches, filters and sorts on. Never edited from the working copy."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, related_name="publication"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    lead_organisation = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=PublicStatus.choices)
    status_note = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)
    first_published_at = models.DateTimeField()
    published_at = models.DateTimeField()
    # When anything the public sees last changed (published again, lapsed, withdrawn,
    # the comment window, benefits realised): the feed and If-Modified-Since use it.
    changed_at = models.DateTimeField(db_index=True)
    record = models.JSONField(help_text="The published version's open-data fields.")
    gateways = models.ManyToManyField(Gateway, blank=True, related_name="publications")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="publications")
    data_categories = models.ManyToManyField(DataCategory, blank=True, related_name="publications")
    # Words searched on SQLite, and the weighted vector searched on PostgreSQL.
    search_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    comments_open = models.BooleanField(default=False)
    comments_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("reference",)
        indexes = [
            models.Index(fields=("status", "reference"), name="publication_status"),
            models.Index(fields=("area", "reference"), name="publication_area"),
            models.Index(fields=("-published_at", "reference"), name="publication_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} on the register"


class PublicationTheme(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=32, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("publication", "theme"), name="publication_theme_once")
        ]
        indexes = [models.Index(fields=("theme", "publication"), name="publication_theme")]

    def __str__(self) -> str:
        return self.get_theme_display()


class PublicView(models.Model):
    """A member of the public's own view of a published version: the same questions,
    an overall position and a comment. It counts once confirmed through the link
    e-mailed to them. The address itself is kept only until then (or seven days, if
    never confirmed); ``email_hash``, a keyed hash, is what keeps it to one view per
    address per version, and all the ledger ever holds."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="public_views")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="public_views")
    email = models.EmailField(blank=True)
    email_hash = models.CharField(max_length=64)
    # Part of the signed confirmation link; a fresh one with each resubmission makes
    # the links e-mailed before it stop working.
    nonce = models.CharField(max_length=32)
    overall_position = models.PositiveSmallIntegerField(choices=OverallPosition.choices)
    comment = models.TextField(blank=True, max_length=PUBLIC_COMMENT_LIMIT)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("confirmed_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "email_hash"), name="public_view_one_per_address"
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(email=""),
                name="public_view_address_gone_once_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=("version", "confirmed_at"), name="public_view_counted"),
            models.Index(fields=("confirmed_at", "created_at"), name="public_view_pending"),
        ]

    def __str__(self) -> str:
        return f"Public view {self.pk} of {self.version}"


class PublicViewScore(models.Model):
    """A public view's score for one question of the version's assessment (by code, as
    frozen in the version)."""

    view = models.ForeignKey(PublicView, on_delete=models.CASCADE, related_name="scores")
    question_code = models.SlugField(max_length=60)
    test = models.CharField(max_length=20, choices=AssessmentTest.choices)
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("view", "question_code"), name="public_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="public_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_code}: {self.score}"


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTLY = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    NOT_YET_KNOWN = "not_yet_known", "Not yet known"


class BenefitOutcome(models.Model):
    """What actually came of one expected benefit of a published agreement, recorded by
    an officer at review with the evidence. The benefit is named by its words as the
    published version has them, so an outcome still applies when a later version keeps
    the same benefit. Each record is kept; the latest is the one shown."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="benefit_outcomes"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    benefit = models.TextField(help_text="The expected benefit, as the published version says.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    evidence = models.TextField(blank=True, max_length=OUTCOME_EVIDENCE_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("recorded_at", "pk")
        indexes = [models.Index(fields=("agreement", "recorded_at"), name="benefit_outcome_latest")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.benefit[:40]}"
