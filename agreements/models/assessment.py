"""The trade-off: how an agreement weighs public benefit against privacy, drafted with the
agreement and frozen into every version; and each person's own view of it
(perspectives), recorded on an issued version and compared across stakeholder groups."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from partners.models import StakeholderGroup

from .drafting import Agreement, Version

ASSESSMENT_TEXT_LIMIT = 10_000
SCORE_RANGE = (MinValueValidator(1), MaxValueValidator(5))


class AssessmentTest(models.TextChoices):
    """The three tests of "Data for public benefit" (Involve, Carnegie UK Trust and
    Understanding Patient Data, 2018)."""

    PURPOSEFUL = "purposeful", "Purposeful"
    PROPORTIONATE = "proportionate", "Proportionate"
    RESPONSIBLE = "responsible", "Responsible"


TEST_ORDER = {test: position for position, test in enumerate(AssessmentTest.values)}

# What a score says about how well the sharing meets a question.
SCORE_LABELS = {1: "Not at all", 2: "Poorly", 3: "Partly", 4: "Largely", 5: "Fully"}


class OverallPosition(models.IntegerChoices):
    """Where the balance falls, from the most to the least favourable to sharing."""

    BENEFIT_CLEARLY = 5, "Public benefit clearly outweighs the risk to privacy"
    BENEFIT_SOMEWHAT = 4, "Public benefit somewhat outweighs the risk to privacy"
    BALANCED = 3, "Public benefit and the risk to privacy are finely balanced"
    RISK_SOMEWHAT = 2, "The risk to privacy somewhat outweighs the public benefit"
    RISK_CLEARLY = 1, "The risk to privacy clearly outweighs the public benefit"


class AssessmentQuestion(models.Model):
    """One question of the framework: reference data, loaded by migration and editable
    by platform admins, each with where it comes from. Retired questions stay (answers
    and versions refer to them by code) but are no longer asked."""

    code = models.SlugField(max_length=60, unique=True)
    test = models.CharField(max_length=20, choices=AssessmentTest.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    source = models.TextField(help_text="Where the question comes from.")
    to_check = models.BooleanField(
        default=True,
        help_text="Still to be checked word for word against the 2018 report "
        "'Data for public benefit'.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("test", "position")

    def __str__(self) -> str:
        return self.text


class DpiaState(models.TextChoices):
    DONE = "done", "Yes, a DPIA was done"
    NOT_DONE = "not_done", "No DPIA was done"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Assessment(models.Model):
    """The working copy of an agreement's trade-off assessment. ``revision`` goes up with
    every save, so a save begun from an older revision is caught as a conflict."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="assessment")
    risk_of_not_sharing = models.TextField(blank=True)
    safe_people = models.TextField(blank=True)
    safe_projects = models.TextField(blank=True)
    safe_settings = models.TextField(blank=True)
    safe_data = models.TextField(blank=True)
    safe_outputs = models.TextField(blank=True)
    dpia = models.CharField(max_length=10, choices=DpiaState.choices, blank=True)
    dpia_date = models.DateField(null=True, blank=True)
    dpia_outcome = models.TextField(blank=True)
    dpo_advice = models.TextField(blank=True)
    residual_risk = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    residual_risk_note = models.TextField(blank=True)
    balance_statement = models.TextField(blank=True)
    overall_position = models.PositiveSmallIntegerField(
        choices=OverallPosition.choices, null=True, blank=True
    )
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Assessment of {self.agreement.reference}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AssessmentQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    reason = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "question"), name="assessment_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="assessment_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class Beneficiary(models.TextChoices):
    INDIVIDUALS = "individuals", "The people whose data is shared"
    GROUPS = "groups", "Groups of people"
    PUBLIC = "public", "The wider public"


class Benefit(models.Model):
    """A benefit the sharing is expected to bring, and how anyone will know it did."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="benefits")
    beneficiary = models.CharField(max_length=20, choices=Beneficiary.choices)
    description = models.TextField()
    measure = models.TextField(help_text="How it will be measured.")
    expected_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.description[:60]


class Risk(models.Model):
    """A risk to the people whose data is shared (or to others), with how likely and how
    severe it is on a 1-5 scale and what is done about it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    who_is_affected = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    severity = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    mitigation = models.TextField()

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    likelihood__gte=1, likelihood__lte=5, severity__gte=1, severity__lte=5
                ),
                name="risk_scales_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class Perspective(models.Model):
    """One person's own view of an issued version's trade-off: their scores for the same
    questions, their overall position and a comment, tagged with the stakeholder group
    they speak for. One current perspective per person per version; earlier ones are
    kept in the audit ledger."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="perspectives")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="perspectives")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=20, choices=StakeholderGroup.choices)
    overall_position = models.PositiveSmallIntegerField(choices=OverallPosition.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at",)
        constraints = [
            models.UniqueConstraint(fields=("version", "person"), name="perspective_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.version}"


class PerspectiveScore(models.Model):
    """A perspective's score for one question of the version's assessment (by code, as
    frozen in the version). Questions a person could not judge have no score."""

    perspective = models.ForeignKey(Perspective, on_delete=models.CASCADE, related_name="scores")
    question_code = models.SlugField(max_length=60)
    test = models.CharField(max_length=20, choices=AssessmentTest.choices)
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("perspective", "question_code"), name="perspective_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="perspective_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_code}: {self.score}"
