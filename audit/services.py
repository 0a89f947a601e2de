"""The one way into the ledger."""

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string

from .chain import GENESIS_HASH, canonical_json, event_hash, normalise_data
from .context import current_request_id
from .models import Event

# pg_advisory_xact_lock key that serialises appends ("AUDIT" in ASCII).
LEDGER_LOCK_KEY = 0x4155444954

Target = Model | tuple[str, object] | None


def _target_reference(target: Target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, Model):
        meta = target._meta
        return f"{meta.app_label}.{meta.model_name}", str(target.pk)
    target_type, target_id = target
    return str(target_type), str(target_id)


def _actor_snapshot(actor: Any, area_id: int | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {
            "actor_id": None,
            "actor_name": "",
            "actor_email": "",
            "actor_organisation": "",
            "actor_role": "",
        }
    describe: Callable[[Any, int | None], Mapping[str, str]] = import_string(
        settings.AUDIT_ACTOR_DESCRIBER
    )
    described = describe(actor, area_id)
    return {
        "actor_id": actor.pk,
        "actor_name": str(described.get("name", ""))[:200],
        "actor_email": str(described.get("email", ""))[:254],
        "actor_organisation": str(described.get("organisation", ""))[:500],
        "actor_role": str(described.get("role", ""))[:200],
    }


def record_event(
    *,
    actor: Any,
    verb: str,
    target: Target = None,
    area: Any = None,
    data: Mapping[str, Any] | None = None,
    using: str = "default",
) -> Event:
    """Append one event to the ledger and return it.

    Call it inside the transaction that makes the change, so the change and its event
    commit together or not at all. ``actor`` is the user who acted (None for the system),
    snapshotted with their name, organisation and role in ``area`` as they are now;
    ``target`` is a model instance or a (type, id) pair; ``area`` anything with ``pk``
    and a name; ``data`` JSON-ready details (for edits: {"field": {"from": .., "to": ..}}).

    On PostgreSQL an advisory lock held to the end of the transaction serialises appends,
    so concurrent writers never fork the chain; on SQLite the write transaction does.
    Raises ValueError for data holding floating-point numbers.
    """
    target_type, target_id = _target_reference(target)
    area_id = getattr(area, "pk", None)
    # Everything that can be worked out before taking the lock is, so the lock is held
    # for as little as possible: one round trip for the lock and the head, one insert.
    values: dict[str, Any] = {
        **_actor_snapshot(actor, area_id),
        "area_id": area_id,
        "area_name": str(getattr(area, "name", area))[:100] if area is not None else "",
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "data": normalise_data(data),
        "request_id": current_request_id(),
    }
    connection = connections[using]
    # No savepoint of its own: an event that fails to append fails the caller's change.
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Two statements in one round trip; under READ COMMITTED the second takes
                # its snapshot after the lock is granted, so it sees the latest head.
                cursor.execute(
                    f"SELECT pg_advisory_xact_lock({LEDGER_LOCK_KEY}); "  # noqa: S608 - a constant
                    "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
                )
                cursor.nextset()
                head = cursor.fetchone()
        else:
            head = Event.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        # Taken under the lock, so time never runs backwards along the chain.
        values["seq"] = seq
        values["occurred_at"] = timezone.now()
        event = Event(**values, prev_hash=prev_hash)
        event.hash = event_hash(prev_hash, canonical_json(values))
        event.save(using=using, force_insert=True)
        return event


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that differ, as {"field": {"from": old, "to": new}}, for edit events."""
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }
