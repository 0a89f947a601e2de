"""Exports: a ZIP of the sealed PDFs of signed agreements, with a manifest, built in the
background for the admin who asked for it and downloadable by them alone."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from partners.models import Area


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class Export(models.Model):
    """One export: what it covers (an area's signed agreements, or agreements a platform
    admin chose), how far it has got, and the finished file. ``left_out`` lists the
    signed agreements it could not include, each with why (as {"reference", "version",
    "reason"}); they are also rows of the manifest, without a file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The area whose signed agreements it holds; empty for agreements chosen "
        "in the platform's administration.",
    )
    agreement_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="The agreements chosen, when not a whole area's.",
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    included = models.PositiveIntegerField(default=0)
    left_out = models.JSONField(default=list, blank=True)
    failure_reason = models.TextField(blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-requested_at", "-pk")
        indexes = [
            models.Index(fields=("requested_by", "-requested_at"), name="export_requester"),
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area_id and self.area else "chosen agreements"
        return f"Export of {where} ({self.requested_at:%d %B %Y %H:%M})"

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.READY, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def filename(self) -> str:
        where = self.area.slug if self.area_id and self.area else "agreements"
        return f"signed-agreements-{where}-{self.requested_at:%Y%m%d-%H%M%S}.zip"
