"""Reads of the ledger. Callers scope them: audit knows nothing of who may see what."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from .models import ChainCheck, Event


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def chain_head() -> ChainHead | None:
    """The newest event's seq and hash: what public pages and sealed PDFs quote, so that
    anyone can later check the ledger still contains it (verify_audit --expect-head)."""
    row = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    return ChainHead(seq=row[0], hash=row[1]) if row else None


def event_list_for_targets(
    *, targets: list[tuple[str, str]], extra: Q | None = None
) -> QuerySet[Event]:
    """Events about any of ``targets`` ((type, id) pairs), and any matching ``extra``,
    newest first: the trail shown on an object's page."""
    condition = Q(pk__in=[])
    for target_type, target_id in targets:
        condition |= Q(target_type=target_type, target_id=str(target_id))
    if extra is not None:
        condition |= extra
    return Event.objects.filter(condition).order_by("-seq")


@dataclass(frozen=True)
class EventFilters:
    verb: str = ""
    actor: str = ""
    target_type: str = ""
    since: date | None = None
    until: date | None = None


def event_list_for_area(*, area_id: int, filters: EventFilters | None = None) -> QuerySet[Event]:
    """The area's events, newest first, narrowed by ``filters``."""
    events = Event.objects.filter(area_id=area_id)
    if filters:
        if filters.verb:
            events = events.filter(verb=filters.verb)
        if filters.actor:
            events = events.filter(
                Q(actor_name__icontains=filters.actor) | Q(actor_email__icontains=filters.actor)
            )
        if filters.target_type:
            events = events.filter(target_type=filters.target_type)
        if filters.since:
            events = events.filter(occurred_at__date__gte=filters.since)
        if filters.until:
            events = events.filter(occurred_at__date__lte=filters.until)
    return events.order_by("-seq")


def verb_list_for_area(*, area_id: int) -> list[str]:
    return list(
        Event.objects.filter(area_id=area_id)
        .values_list("verb", flat=True)
        .distinct()
        .order_by("verb")
    )


def chain_check_latest(*, area_id: int) -> ChainCheck | None:
    """The latest check of the chain started from this area's ledger page."""
    return ChainCheck.objects.filter(area_id=area_id).order_by("-requested_at", "-pk").first()
