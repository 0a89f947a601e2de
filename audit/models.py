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
