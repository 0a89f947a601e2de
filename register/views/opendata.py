"""Published agreements as open data: paginated JSON in a stable order, CSV of the
whole register, and an Atom feed of what was newly published or changed."""

import csv
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure

from agreements.models import Publication
from agreements.selectors import public as selectors
from partners.access import public_view

from ..opendata import AGREEMENT_FIELDS, agreement_csv_row, agreement_record, csv_cell

PER_PAGE = 100
MAX_PER_PAGE = 500
CSV_CHUNK = 500


def _site() -> str:
    return str(settings.SITE_URL).rstrip("/")


def _records(publications: list[Publication]) -> list[dict[str, Any]]:
    """Open-data records for these publications: two queries however many there are
    (sealed PDFs and benefits realised, each fetched for all of them at once)."""
    pdfs = selectors.published_pdfs(version_ids=[p.version_id for p in publications])
    outcomes = selectors.benefit_outcomes(agreement_ids=[p.agreement_id for p in publications])
    site = _site()
    return [
        agreement_record(
            publication,
            pdf=pdfs.get(publication.version_id),
            outcomes=outcomes.get(publication.agreement_id, {}),
            site_url=site,
        )
        for publication in publications
    ]


def _positive(raw: str | None, default: int, most: int) -> int:
    text = (raw or "").strip()
    if not text.isdigit() or len(text) > 9:
        return default
    return max(1, min(int(text), most))


@public_view
def agreements_json(request: HttpRequest) -> JsonResponse:
    per_page = _positive(request.GET.get("per_page"), PER_PAGE, MAX_PER_PAGE)
    paginator = Paginator(selectors.publication_export(), per_page)
    page = paginator.get_page(_positive(request.GET.get("page"), 1, 10**9))
    base = _site() + reverse("register:agreements-json")

    def link(number: int) -> str:
        suffix = f"&per_page={per_page}" if per_page != PER_PAGE else ""
        return f"{base}?page={number}{suffix}"

    response = JsonResponse(
        {
            "generated_at": timezone.now().isoformat(),
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "per_page": per_page,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "fields_documentation": _site() + reverse("register:index") + "#agreement-fields",
            "agreements": _records(list(page.object_list)),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows() -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(AGREEMENT_FIELDS)
    chunk: list[Publication] = []
    for publication in selectors.publication_export().iterator(chunk_size=CSV_CHUNK):
        chunk.append(publication)
        if len(chunk) == CSV_CHUNK:
            yield from _csv_chunk(writer, chunk)
            chunk = []
    yield from _csv_chunk(writer, chunk)


def _csv_chunk(writer: Any, chunk: list[Publication]) -> Iterator[str]:
    for record in _records(chunk):
        flat = agreement_csv_row(record)
        yield writer.writerow([csv_cell(flat[name]) for name in AGREEMENT_FIELDS])


@public_view
def agreements_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agreements.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view
def feed(request: HttpRequest) -> HttpResponse:
    """Agreements newly published or changed (published again, lapsed, withdrawn,
    opened to the public's views, benefits realised), latest first."""
    site = _site()
    atom = Atom1Feed(
        title="Data-sharing agreements: the public register",
        link=site + reverse("register:agreement-list"),
        description="Agreements newly published or changed on the public register.",
        language="en-GB",
        feed_url=site + reverse("register:feed"),
        author_name="Data-sharing agreements",
    )
    publications = list(selectors.recently_changed())
    pdfs = selectors.published_pdfs(version_ids=[p.version_id for p in publications])
    for publication in publications:
        record = publication.record
        pdf = pdfs.get(publication.version_id)
        page = site + reverse(
            "register:agreement-detail", kwargs={"public_reference": publication.reference}
        )
        status = publication.get_status_display()
        atom.add_item(
            title=f"{publication.reference}: {publication.title} ({status.lower()})",
            link=page,
            description=f"{status}. {publication.area.name}. {record['purpose'][:400]}",
            unique_id=f"{page}#version-{publication.published_at:%Y%m%d%H%M%S}",
            updateddate=publication.changed_at,
            pubdate=publication.published_at,
            categories=record.get("themes", []),
            # The sealed PDF of the version published, once it is ready.
            enclosures=[Enclosure(site + pdf.url, str(pdf.size), "application/pdf")]
            if pdf
            else None,
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
