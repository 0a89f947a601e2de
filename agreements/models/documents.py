"""Documents of an agreement: PDFs rendered from its issued versions. The version an
agreement was signed on renders sealed (with the deployment's certificate); any other
issued version renders as a draft, watermarked and never sealed. Each is rendered once
per version and kind, by a background job whose progress people can follow."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .drafting import Version


class DocumentKind(models.TextChoices):
    SEALED = "sealed", "Signed agreement, sealed"
    DRAFT = "draft", "Draft, not signed"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class RenderedDocument(models.Model):
    """One PDF of one issued version, and the job that makes it. ``sha256`` is of the
    file exactly as stored (after sealing), so anyone holding a copy can match it."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the service asked for it (on signing).",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_reason = models.TextField(
        blank=True, help_text="What went wrong, in words a person can act on."
    )
    file = models.FileField(upload_to="agreements/documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("version", "kind")
        constraints = [
            models.UniqueConstraint(
                fields=("version", "kind"), name="rendered_document_once_per_version_kind"
            ),
        ]
        indexes = [
            models.Index(
                fields=("status", "requested_at"),
                name="rendered_document_pending",
                condition=models.Q(status__in=("queued", "rendering")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_kind_display()})"
