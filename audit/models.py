"""The audit ledger: one append-only, hash-chained table of everything that happened.

`audit` imports no other app of the project: actors, areas and targets are stored as ids
and snapshots of their names, so the record stays true after people change roles or
organisations are renamed.
"""

from django.db import models


class Event(models.Model):
    """One thing that happened. Rows are only ever inserted, by ``audit.services``;
    database triggers refuse UPDATE, DELETE and TRUNCATE."""

    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=200, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_organisation = models.CharField(max_length=500, blank=True)
    actor_role = models.CharField(max_length=200, blank=True)
    area_id = models.BigIntegerField(null=True, blank=True)
    area_name = models.CharField(max_length=100, blank=True)
    verb = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "audit_event"
        ordering = ("-seq",)
        indexes = [
            models.Index(fields=("area_id", "-seq"), name="audit_event_area_seq"),
            models.Index(fields=("target_type", "target_id", "-seq"), name="audit_event_target"),
            models.Index(fields=("verb",), name="audit_event_verb"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb}"


class ChainCheckState(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Checking"
    INTACT = "intact", "Intact"
    BROKEN = "broken", "Broken"
    FAILED = "failed", "Could not finish"


class ChainCheck(models.Model):
    """A check of the whole ledger's hash chain that an area admin started from their
    area's ledger page, run in the background. Like events, it names people and areas
    by id and a snapshot of their names. Its outcome is also recorded in the ledger."""

    area_id = models.BigIntegerField(null=True, blank=True)
    area_name = models.CharField(max_length=100, blank=True)
    started_by_id = models.BigIntegerField(null=True, blank=True)
    started_by_name = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=ChainCheckState.choices, default=ChainCheckState.WAITING
    )
    # How many entries the chain held when the check began, and how many it checked.
    total = models.BigIntegerField(default=0)
    checked = models.BigIntegerField(default=0)
    head_seq = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64, blank=True)
    problem_seq = models.BigIntegerField(null=True, blank=True)
    problem_kind = models.CharField(max_length=40, blank=True)
    problem_detail = models.TextField(blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")
        indexes = [
            models.Index(fields=("area_id", "-requested_at"), name="audit_check_area_requested")
        ]

    def __str__(self) -> str:
        return f"Chain check {self.pk} ({self.state})"

    @property
    def done(self) -> bool:
        return self.state in (
            ChainCheckState.INTACT,
            ChainCheckState.BROKEN,
            ChainCheckState.FAILED,
        )
