"""The one way into the ledger."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string

from .chain import GENESIS_HASH, canonical_json, event_hash, normalise_data
from .context import current_request_id
from .models import ChainCheck, ChainCheckState, Event
from .verification import verify_chain

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


class _Described:
    """The actors described in one transaction, by (actor, area): a transaction that
    records several events by one person asks who they are once, and not while it holds
    the ledger's lock. Valid inside the atomic block it was made in (and the blocks
    within it) until the transaction ends: ``forget`` is registered to run on commit,
    and a transaction (or savepoint) rolled back drops it unrun, which ``current``
    notices."""

    def __init__(self, savepoints: tuple[str, ...]) -> None:
        self.actors: dict[tuple[Any, int | None], Mapping[str, str]] = {}
        self.forget = self.actors.clear
        self.savepoints = savepoints

    @classmethod
    def current(cls, using: str) -> "_Described | None":
        connection = connections[using]
        if not connection.in_atomic_block:
            return None
        savepoints = tuple(connection.savepoint_ids)
        kept: _Described | None = getattr(connection, "_audit_described", None)
        if (
            kept is None
            or savepoints[: len(kept.savepoints)] != kept.savepoints
            or not any(entry[1] is kept.forget for entry in connection.run_on_commit)
        ):
            kept = cls(savepoints)
            connection._audit_described = kept  # type: ignore[attr-defined]
            transaction.on_commit(kept.forget, using=using)
        return kept


def _describe(actor: Any, area_id: int | None, using: str) -> Mapping[str, str]:
    describe: Callable[[Any, int | None], Mapping[str, str]] = import_string(
        settings.AUDIT_ACTOR_DESCRIBER
    )
    described = _Described.current(using)
    if described is None:
        return describe(actor, area_id)
    key = (actor.pk, area_id)
    if key not in described.actors:
        described.actors[key] = describe(actor, area_id)
    return described.actors[key]


def _actor_snapshot(actor: Any, area_id: int | None, using: str = "default") -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {
            "actor_id": None,
            "actor_name": "",
            "actor_email": "",
            "actor_organisation": "",
            "actor_role": "",
        }
    described = _describe(actor, area_id, using)
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
    commit together or not at all, and call it last: the ledger's lock is held from the
    first append to the commit, and every audited write in the service waits for it.
    ``actor`` is the user who acted (None for the system), snapshotted with their name,
    organisation and role in ``area`` as they are now; ``target`` is a model instance
    or a (type, id) pair; ``area`` anything with ``pk`` and a name; ``data`` JSON-ready
    details (for edits: {"field": {"from": .., "to": ..}}).

    Inside ``events_last()`` the event is kept back (and returned unsaved) and appended
    when that block ends.

    On PostgreSQL an advisory lock held to the end of the transaction serialises appends,
    so concurrent writers never fork the chain; on SQLite the write transaction does.
    Raises ValueError for data holding floating-point numbers.
    """
    target_type, target_id = _target_reference(target)
    area_id = getattr(area, "pk", None)
    # Everything that can be worked out before taking the lock is, so the lock is held
    # for as little as possible: one round trip for the lock and the head, one insert.
    values: dict[str, Any] = {
        **_actor_snapshot(actor, area_id, using),
        "area_id": area_id,
        "area_name": str(getattr(area, "name", area))[:100] if area is not None else "",
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "data": normalise_data(data),
        "request_id": current_request_id(),
    }
    held = _held.get()
    if held is not None:
        held.append((values, using))
        return Event(**values)
    return _append(values, using)


def _append(values: dict[str, Any], using: str) -> Event:
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
        values = {**values, "seq": seq, "occurred_at": timezone.now()}
        event = Event(**values, prev_hash=prev_hash)
        event.hash = event_hash(prev_hash, canonical_json(values))
        event.save(using=using, force_insert=True)
        return event


_held: ContextVar[list[tuple[dict[str, Any], str]] | None] = ContextVar(
    "audit_events_held", default=None
)


@contextmanager
def events_last() -> Iterator[None]:
    """Keep back the events recorded inside the block, and append them in order when it
    ends: for a change made of other changes (each of which records its own events), so
    all of their writes come before any append. Use it inside the change's transaction;
    if the block raises, its events are dropped with the change. Blocks nest: the
    outermost appends."""
    if _held.get() is not None:
        yield
        return
    held: list[tuple[dict[str, Any], str]] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    for values, using in held:
        _append(values, using)


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that differ, as {"field": {"from": old, "to": new}}, for edit events."""
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }


# Checks of the chain started from a page, run in the background.

# A check waiting this long has not been picked up: the workers may be stopped, and a new
# one may be started.
CHECK_STALE_AFTER = timedelta(minutes=10)
CHECK_PROGRESS_KEY = "audit:chain-check:{pk}:checked"
CHECK_PROGRESS_TIMEOUT = 60 * 60


@dataclass(frozen=True)
class _Area:
    """An area as the ledger names it: its id and name (audit imports no app of ours)."""

    pk: int | None
    name: str


def chain_check_start(*, actor: Any, area: Any) -> ChainCheck:
    """Start a check of the whole chain for an area's admins, run in the background.

    A check already waiting or running for the area (and not stale) is returned rather
    than started again. The outcome is recorded in the ledger when the check ends
    (``ledger.checked``, or ``ledger.check_failed``)."""
    now = timezone.now()
    with transaction.atomic():
        current = (
            ChainCheck.objects.select_for_update()
            .filter(
                area_id=area.pk,
                state__in=(ChainCheckState.WAITING, ChainCheckState.RUNNING),
                requested_at__gte=now - CHECK_STALE_AFTER,
            )
            .first()
        )
        if current is not None:
            return current
        check = ChainCheck.objects.create(
            area_id=area.pk,
            area_name=str(area.name)[:100],
            started_by_id=actor.pk,
            started_by_name=(getattr(actor, "full_name", "") or str(actor))[:200],
            requested_at=now,
        )
        _enqueue_check(check, area)
    return check


def _enqueue_check(check: ChainCheck, area: Any) -> None:
    # Owed through the transactional outbox (notifications.outbox.enqueue), which sits
    # above every app; audit reaches it through the OUTBOX_ENQUEUE setting, as it
    # reaches partners through AUDIT_ACTOR_DESCRIBER.
    enqueue = import_string(settings.OUTBOX_ENQUEUE)
    enqueue(
        "audit.tasks.check_chain_task",
        area=area,
        description=f"Check of the audit ledger's hash chain, asked for by {check.started_by_name}",
        check_id=check.pk,
    )


def chain_check_progress(check: ChainCheck) -> int:
    """How many entries a running check has got through (kept in the cache, which the
    workers and the web processes share; the check's own row is inside the snapshot it
    reads)."""
    if check.state != ChainCheckState.RUNNING:
        return check.checked
    try:
        return int(cache.get(CHECK_PROGRESS_KEY.format(pk=check.pk)) or 0)
    except Exception:  # a cache that does not answer only hides the progress
        return 0


def chain_check_run(*, check_id: int, batch_size: int = 10_000) -> ChainCheck | None:
    """Run a check: walk the whole chain, keep the result and record it in the ledger as
    ``ledger.checked``, by the person who asked for it. Returns the check (None if there
    is no such check); a check already finished is left as it is, so running it twice
    does the work once."""
    claimed = ChainCheck.objects.filter(
        pk=check_id, state__in=(ChainCheckState.WAITING, ChainCheckState.RUNNING)
    ).update(state=ChainCheckState.RUNNING, started_at=timezone.now())
    check = ChainCheck.objects.filter(pk=check_id).first()
    if not claimed or check is None:
        return check
    head = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    ChainCheck.objects.filter(pk=check_id).update(total=head or 0)
    key = CHECK_PROGRESS_KEY.format(pk=check_id)

    def progress(count: int) -> None:
        # Progress is a courtesy: a cache that does not answer does not stop the check.
        with suppress(Exception):
            cache.set(key, count, CHECK_PROGRESS_TIMEOUT)

    verdict = verify_chain(batch_size=batch_size, progress=progress)
    problem = verdict.problem
    with transaction.atomic():
        check = ChainCheck.objects.select_for_update().get(pk=check_id)
        check.state = ChainCheckState.INTACT if problem is None else ChainCheckState.BROKEN
        check.finished_at = timezone.now()
        check.checked = verdict.count
        check.total = max(check.total, verdict.count)
        check.head_seq, check.head_hash = verdict.head_seq, verdict.head_hash or ""
        if problem is not None:
            check.problem_seq, check.problem_kind = problem.seq, problem.kind
            check.problem_detail = problem.detail
        check.save()
        record_event(
            actor=_person(check.started_by_id),
            verb="ledger.checked",
            target=check,
            area=_Area(check.area_id, check.area_name),
            data={
                "intact": problem is None,
                "entries": verdict.count,
                "head_seq": verdict.head_seq,
                "head_hash": verdict.head_hash or "",
                **(
                    {
                        "problem_seq": problem.seq,
                        "problem": problem.kind,
                        "problem_detail": problem.detail,
                    }
                    if problem is not None
                    else {}
                ),
            },
        )
    return check


def chain_check_failed(*, check_id: int, reason: str) -> None:
    """A check that could not finish (the task failed for good): keep why, and record it
    in the ledger as ``ledger.check_failed``."""
    with transaction.atomic():
        check = ChainCheck.objects.select_for_update().filter(pk=check_id).first()
        if check is None or check.done:
            return
        check.state = ChainCheckState.FAILED
        check.finished_at = timezone.now()
        check.failure = reason[:2000]
        check.save(update_fields=["state", "finished_at", "failure"])
        record_event(
            actor=_person(check.started_by_id),
            verb="ledger.check_failed",
            target=check,
            area=_Area(check.area_id, check.area_name),
            data={"reason": check.failure},
        )


def _person(user_id: int | None) -> Any:
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()
