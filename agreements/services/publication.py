"""Keeping the public register's copy of each published agreement: written from the
version published (never the working copy) when it is published, and marked when it
lapses or is withdrawn. Called inside the lifecycle services' transactions; their audit
events record the change."""

from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import TextField, Value
from django.utils import timezone

from gateways.models import DataCategory, Gateway
from partners.models import Organisation

from ..models import (
    Agreement,
    Publication,
    PublicationTheme,
    PublicStatus,
    SignOff,
    Version,
)
from ..models.signoff import APPROVALS
from ..public_record import build_public_record
from ..themes import themes_for

# How agreements/services/signoff.py supersedes the approvals of a version once a later
# one is signed.
REPLACED = "was signed in its place."


def _signatures(version: Version) -> list[dict[str, Any]]:
    """Each party's approval of ``version``: those that count now, or, once a later
    version was signed in its place, those that counted then."""
    approvals = list(
        SignOff.objects.filter(
            version=version, decision__in=APPROVALS, version_sha256=version.sha256
        ).order_by("organisation_name", "recorded_at")
    )
    live = [s for s in approvals if s.superseded_at is None]
    chosen = live or [s for s in approvals if s.superseded_reason.endswith(REPLACED)]
    return [
        {
            "organisation": signoff.organisation_name,
            "signatory": signoff.signatory_name,
            "capacity": signoff.capacity_label,
            "decision": signoff.decision,
            "conditions": signoff.conditions,
            "signed_on": (signoff.signed_on or timezone.localdate(signoff.recorded_at)).isoformat(),
            "method": signoff.method,
        }
        for signoff in chosen
    ]


def _words(*parts: Any) -> str:
    return " ".join(str(part) for part in parts if part)


def _search_parts(record: dict[str, Any]) -> tuple[str, str, str]:
    """The record's words by weight: the agreement's names first, then what it is for
    and who is involved, then the rest."""
    first = _words(record["reference"], record["title"])
    second = _words(
        record["purpose"],
        record["lead_organisation"],
        *(p["organisation"] for p in record["parties"]),
        *(g["title"] for g in record["gateways"]),
    )
    third = _words(
        record["area"],
        *(c["name"] for c in record["data_categories"]),
        *(b["description"] for b in record["expected_benefits"]),
        record["data_shared"],
    )
    return first, second, third


def _set_search(publication: Publication, record: dict[str, Any]) -> None:
    first, second, third = _search_parts(record)
    publication.search_text = " ".join(_words(first, second, third).lower().split())
    if connection.vendor == "postgresql":
        vector = (
            SearchVector(Value(first, output_field=TextField()), weight="A", config="english")
            + SearchVector(Value(second, output_field=TextField()), weight="B", config="english")
            + SearchVector(Value(third, output_field=TextField()), weight="C", config="english")
        )
        Publication.objects.filter(pk=publication.pk).update(search_vector=vector)


def publication_write(*, agreement: Agreement, version: Version) -> Publication:
    """Put ``version`` of ``agreement`` on the public register, in force: a new entry,
    or the agreement's entry moved on to this version. What is searched and filtered on
    (gateways, organisations, kinds of data, themes) is taken from the version."""
    content = version.content
    gateway_slugs = [g["id"] for g in content.get("gateways", [])]
    gateways = list(Gateway.objects.filter(slug__in=gateway_slugs).prefetch_related("purposes"))
    category_names = {b["data_category"] for b in content.get("lawful_bases") or []}
    categories = list(DataCategory.objects.filter(name__in=category_names))
    themes = themes_for(
        purposes=[p.slug for g in gateways for p in g.purposes.all()],
        categories=[c.slug for c in categories],
    )
    record = build_public_record(content, signatures=_signatures(version), themes=themes)
    names = {p["organisation"] for p in record["parties"]} | {record["lead_organisation"]}
    now = timezone.now()
    publication = Publication.objects.filter(agreement=agreement).first()
    fields: dict[str, Any] = {
        "version": version,
        "area_id": agreement.area_id,
        "reference": record["reference"],
        "title": record["title"],
        "lead_organisation": record["lead_organisation"],
        "status": PublicStatus.IN_FORCE,
        "status_note": "",
        "review_date": _date(record["review_date"]),
        "published_at": now,
        "changed_at": now,
        "record": record,
    }
    if publication is None:
        publication = Publication.objects.create(
            agreement=agreement, first_published_at=now, **fields
        )
    else:
        for name, value in fields.items():
            setattr(publication, name, value)
        publication.save()
    publication.gateways.set(gateways)
    publication.organisations.set(
        Organisation.objects.filter(area_id=agreement.area_id, name__in=names)
    )
    publication.data_categories.set(categories)
    publication.themes.all().delete()
    PublicationTheme.objects.bulk_create(
        PublicationTheme(publication=publication, theme=theme) for theme in themes
    )
    _set_search(publication, record)
    publication.save(update_fields=["search_text"])
    return publication


def _date(value: str | None) -> Any:
    return datetime.fromisoformat(value).date() if value else None


def publication_mark(*, agreement: Agreement, status: str, note: str = "") -> Publication | None:
    """Mark the agreement's entry on the register lapsed or withdrawn (with why), and
    close it to the public's views. Nothing happens for an agreement never published."""
    publication = Publication.objects.filter(agreement=agreement).first()
    if publication is None:
        return None
    publication.status = status
    publication.status_note = note
    publication.changed_at = timezone.now()
    if publication.comments_open:
        publication.comments_open = False
        publication.comments_changed_at = publication.changed_at
    publication.save(
        update_fields=[
            "status",
            "status_note",
            "changed_at",
            "comments_open",
            "comments_changed_at",
        ]
    )
    return publication
