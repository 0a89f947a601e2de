"""Civil-society review: comments anchored to the words of a version, replies,
suggested wording, and invitations to review one agreement."""

from django.conf import settings
from django.db import models

from partners.models import StakeholderGroup

from .drafting import Agreement, Version

COMMENT_TEXT_LIMIT = 10_000
QUOTE_LIMIT = 2_000


class CommentResolution(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    CHANGED = "changed", "Changed in a later version"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Comment(models.Model):
    """The start of a thread: a comment on a version's section, on a quoted passage
    (with the words around it, so it can be found again in later versions) or on the
    whole section."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="comments")
    section_key = models.SlugField(max_length=60)
    section_heading = models.CharField(max_length=200)
    quote = models.TextField(blank=True, max_length=QUOTE_LIMIT)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    # Where the quote sits now: in the version it was made on, or a later one it was
    # re-anchored to. Offsets are into the section's plain text.
    anchor_version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="anchored_comments"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    outdated = models.BooleanField(
        default=False, help_text="Its words are no longer in the latest version."
    )
    body = models.TextField(max_length=COMMENT_TEXT_LIMIT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_group = models.CharField(max_length=32, blank=True, choices=StakeholderGroup.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=16, choices=CommentResolution.choices, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_in_version = models.PositiveIntegerField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at",)
        indexes = [models.Index(fields=("agreement", "resolved_at"), name="comment_open")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.section_heading}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Reply(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(max_length=COMMENT_TEXT_LIMIT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply {self.pk} to comment {self.comment_id}"


class SuggestionState(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted into the draft"
    REJECTED = "rejected", "Not accepted"


class Suggestion(models.Model):
    """Replacement wording for a comment's quote, proposed by its author."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="suggestion")
    replacement = models.TextField(max_length=QUOTE_LIMIT * 5)
    state = models.CharField(
        max_length=10, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Suggestion on comment {self.comment_id}"


class Invitation(models.Model):
    """Someone outside the area's organisations asked to review one agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("created_at",)
        constraints = [
            models.UniqueConstraint(fields=("agreement", "user"), name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} invited to review {self.agreement.reference}"
