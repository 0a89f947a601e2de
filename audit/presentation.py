"""Helpers for pages that show part of the ledger."""

import csv
from collections.abc import Iterable, Iterator

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from . import vocabulary
from .chain import format_timestamp
from .models import Event

TRAIL_PER_PAGE = 25

CSV_COLUMNS = (
    "seq",
    "occurred_at_utc",
    "actor_id",
    "actor_name",
    "actor_email",
    "actor_organisation",
    "actor_role",
    "area_id",
    "area_name",
    "verb",
    "target_type",
    "target_id",
    "data",
    "request_id",
    "prev_hash",
    "hash",
)


def trail_page(
    request: HttpRequest, events: QuerySet[Event], per_page: int = TRAIL_PER_PAGE
) -> Page:
    """The page of ``events`` asked for by ?page=, for templates/audit/_trail.html: each
    event with ``about`` (what it is about, named by its app), and the page with
    ``one_target`` when every event on it is about the same thing (the trail of one
    agreement, say), so the trail need not repeat it."""
    page = Paginator(events, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    vocabulary.annotate_targets(page.object_list)
    page.one_target = len({(e.target_type, e.target_id) for e in page.object_list}) <= 1  # type: ignore[attr-defined]
    return page


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(events: Iterable[Event]) -> Iterator[list[str]]:
    import json

    yield list(CSV_COLUMNS)
    for event in events:
        yield [
            _cell(value)
            for value in (
                event.seq,
                format_timestamp(event.occurred_at),
                event.actor_id,
                event.actor_name,
                event.actor_email,
                event.actor_organisation,
                event.actor_role,
                event.area_id,
                event.area_name,
                event.verb,
                event.target_type,
                event.target_id,
                json.dumps(event.data, sort_keys=True, ensure_ascii=False),
                event.request_id,
                event.prev_hash,
                event.hash,
            )
        ]


WORDS_COLUMNS = (
    "Entry",
    "When (UK time)",
    "What happened",
    "Details",
    "About",
    "Who",
    "Their role",
    "Their organisation",
    "Hash",
)


def _rows_in_words(events: Iterable[Event]) -> Iterator[list[str]]:
    yield list(WORDS_COLUMNS)
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) == 500:
            yield from _worded(batch)
            batch = []
    yield from _worded(batch)


def _worded(batch: list[Event]) -> Iterator[list[str]]:
    vocabulary.annotate_targets(batch)
    for event in batch:
        words = vocabulary.in_words(event)
        about = getattr(event, "about", None)
        yield [
            _cell(value)
            for value in (
                event.seq,
                date_format(localtime(event.occurred_at), "j F Y, H:i:s"),
                words.sentence,
                "; ".join(f"{label}: {text}" for label, text in words.details),
                about.label if about else "",
                event.actor_name or "",
                event.actor_role,
                event.actor_organisation,
                event.hash,
            )
        ]


def _stream(rows: Iterator[list[str]], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(events: QuerySet[Event], filename: str) -> StreamingHttpResponse:
    """Stream ``events`` as CSV in words (when, what happened, details, who; the hash),
    a batch of rows at a time, however many there are."""
    return _stream(_rows_in_words(events.iterator(chunk_size=2000)), filename)


def raw_csv_response(events: QuerySet[Event], filename: str) -> StreamingHttpResponse:
    """Stream ``events`` with every column as the ledger keeps it, for re-checking the
    hash chain (docs/audit-ledger.md)."""
    return _stream(_rows(events.iterator(chunk_size=2000)), filename)
