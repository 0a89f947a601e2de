"""Sign-off: each party's decision on one exact version and the trade-off it carries,
bound to both hashes. Sign-offs are never edited or deleted: the database refuses it
(migration 0005), except to mark a pending one superseded."""

from django.conf import settings
from django.db import models

from partners.models import Organisation

from .drafting import Agreement, Version

SIGNOFF_TEXT_LIMIT = 5_000


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", "Approve with conditions"
    DECLINE = "decline", "Decline"


APPROVALS = frozenset({Decision.APPROVE, Decision.APPROVE_WITH_CONDITIONS})


class Capacity(models.TextChoices):
    """The office a signatory signs in."""

    SIRO = "siro", "Senior information risk owner"
    DPO = "dpo", "Data protection officer"
    CALDICOTT = "caldicott", "Caldicott Guardian"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    OTHER = "other", "Another named office"


class SignOffMethod(models.TextChoices):
    IN_SERVICE = "in_service", "Signed in this service"
    OUTSIDE = "outside", "Signed outside this service, recorded here"


class SignOff(models.Model):
    """One party's decision on one version. ``version_sha256`` and ``assessment_sha256``
    say exactly what was decided on; the audit event written with it carries both."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signoffs")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="signoffs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signatory_name = models.CharField(max_length=200)
    capacity = models.CharField(max_length=20, choices=Capacity.choices)
    capacity_other = models.CharField("named office", max_length=200, blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices)
    conditions = models.TextField(
        blank=True, help_text="The conditions of an approval, or the reasons for declining."
    )
    balance_accepted = models.BooleanField(
        default=False, help_text="Accepted the balance statement quoted on the page."
    )
    version_sha256 = models.CharField(max_length=64)
    assessment_sha256 = models.CharField(max_length=64)
    method = models.CharField(max_length=12, choices=SignOffMethod.choices)
    evidence = models.TextField(
        blank=True, help_text="For a sign-off made outside the service: where it is recorded."
    )
    signed_on = models.DateField(
        null=True, blank=True, help_text="For a sign-off made outside the service: when."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("recorded_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "organisation"),
                condition=models.Q(superseded_at__isnull=True),
                name="signoff_one_live_per_party_and_version",
            ),
        ]
        indexes = [models.Index(fields=("agreement", "superseded_at"), name="signoff_live")]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.get_decision_display()} ({self.version})"

    @property
    def is_approval(self) -> bool:
        return self.decision in APPROVALS

    @property
    def capacity_label(self) -> str:
        if self.capacity == Capacity.OTHER and self.capacity_other:
            return self.capacity_other
        return self.get_capacity_display()
