"""Helpers for pages that show part of the ledger."""

import csv
from collections.abc import Iterable, Iterator

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse

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
    """The page of ``events`` asked for by ?page=, for templates/audit/_trail.html."""
    return Paginator(events, per_page).get_page(request.GET.get("page"))


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


def csv_response(events: QuerySet[Event], filename: str) -> StreamingHttpResponse:
    """Stream ``events`` as CSV, a batch of rows at a time, however many there are."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(events.iterator(chunk_size=2000))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
