"""Many agreements on the register at once, for counting queries and for benchmarks:
copies of one published agreement's register entry, each with its own agreement row,
reference, title, area, gateways, organisations, kinds of data and themes. Made with bulk
inserts; the services make the one they copy."""

from collections.abc import Sequence
from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.db import connection

from agreements.models import Agreement, Publication, PublicationTheme, Theme
from partners.models import Area

WORDS = (
    "early help",
    "hospital discharge",
    "school attendance",
    "domestic abuse",
    "fuel poverty",
    "homelessness",
    "serious violence",
    "adult social care",
)


def copies_of(source: Publication, count: int, *, areas: Sequence[Area] = ()) -> list[Publication]:
    """``count`` more agreements on the register shaped like ``source``."""
    agreement = source.agreement
    areas = list(areas) or [source.area]
    stem = f"BULK{Publication.objects.count():06d}"
    agreements = Agreement.objects.bulk_create(
        Agreement(
            area=areas[n % len(areas)],
            reference=f"{stem}-{n:05d}",
            title=f"Sharing for {WORDS[n % len(WORDS)]} {n}",
            kind=agreement.kind,
            template_version_id=agreement.template_version_id,
            lead_organisation_id=agreement.lead_organisation_id,
            status=agreement.status,
            review_date=agreement.review_date,
            signed_version_id=agreement.signed_version_id,
        )
        for n in range(count)
    )
    themes = Theme.values
    publications = Publication.objects.bulk_create(
        Publication(
            agreement=made,
            version_id=source.version_id,
            area=made.area,
            reference=made.reference,
            title=made.title,
            lead_organisation=source.lead_organisation,
            status=source.status,
            review_date=source.review_date,
            first_published_at=source.first_published_at - timedelta(minutes=n),
            published_at=source.published_at - timedelta(minutes=n),
            changed_at=source.changed_at - timedelta(minutes=n),
            record={**source.record, "reference": made.reference, "title": made.title},
            search_text=f"{made.reference} {made.title} {source.search_text}".lower(),
        )
        for n, made in enumerate(agreements)
    )
    Gateways = Publication.gateways.through  # noqa: N806
    Organisations = Publication.organisations.through  # noqa: N806
    Categories = Publication.data_categories.through  # noqa: N806
    gateways = list(source.gateways.values_list("pk", flat=True))
    organisations = list(source.organisations.values_list("pk", flat=True))
    categories = list(source.data_categories.values_list("pk", flat=True))
    Gateways.objects.bulk_create(
        Gateways(publication_id=p.pk, gateway_id=g) for p in publications for g in gateways
    )
    Organisations.objects.bulk_create(
        Organisations(publication_id=p.pk, organisation_id=o)
        for p in publications
        for o in organisations
    )
    Categories.objects.bulk_create(
        Categories(publication_id=p.pk, datacategory_id=c) for p in publications for c in categories
    )
    PublicationTheme.objects.bulk_create(
        PublicationTheme(publication=p, theme=themes[n % len(themes)])
        for n, p in enumerate(publications)
    )
    if connection.vendor == "postgresql":
        Publication.objects.filter(reference__startswith=stem).update(
            search_vector=SearchVector("reference", "title", weight="A", config="english")
            + SearchVector("search_text", weight="C", config="english")
        )
    return publications
