"""Agreements published before the register kept its own copy get one: the version the
ledger says was last published, in force, lapsed or withdrawn as the agreement now is.
And, on PostgreSQL, a GIN index on the register's search vector."""

from datetime import date

from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import TextField, Value
from django.utils import timezone

from agreements.public_record import build_public_record
from agreements.themes import themes_for

REPLACED = "was signed in its place."


def _signatures(signoff_model, version):
    approvals = list(
        signoff_model.objects.filter(
            version=version,
            decision__in=("approve", "approve_with_conditions"),
            version_sha256=version.sha256,
        ).order_by("organisation_name", "recorded_at")
    )
    live = [s for s in approvals if s.superseded_at is None]
    chosen = live or [s for s in approvals if s.superseded_reason.endswith(REPLACED)]
    return [
        {
            "organisation": s.organisation_name,
            "signatory": s.signatory_name,
            "capacity": s.capacity_other if s.capacity == "other" and s.capacity_other else {
                "siro": "Senior information risk owner",
                "dpo": "Data protection officer",
                "caldicott": "Caldicott Guardian",
                "chief_executive": "Chief executive",
            }.get(s.capacity, "Another named office"),
            "decision": s.decision,
            "conditions": s.conditions,
            "signed_on": (s.signed_on or timezone.localdate(s.recorded_at)).isoformat(),
            "method": s.method,
        }
        for s in chosen
    ]


def create_publications(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Version = apps.get_model("agreements", "Version")
    SignOff = apps.get_model("agreements", "SignOff")
    Publication = apps.get_model("agreements", "Publication")
    PublicationTheme = apps.get_model("agreements", "PublicationTheme")
    Gateway = apps.get_model("gateways", "Gateway")
    DataCategory = apps.get_model("gateways", "DataCategory")
    Organisation = apps.get_model("partners", "Organisation")
    Event = apps.get_model("audit", "Event")
    postgres = schema_editor.connection.vendor == "postgresql"
    published = Event.objects.filter(
        verb="agreement.published", target_type="agreements.agreement"
    ).order_by("seq")
    last: dict[str, tuple[int, object]] = {}
    for event in published:
        last[event.target_id] = (event.data.get("version"), event.occurred_at)
    for target_id, (number, when) in last.items():
        agreement = Agreement.objects.filter(pk=int(target_id)).first()
        if agreement is None or Publication.objects.filter(agreement=agreement).exists():
            continue
        version = Version.objects.filter(agreement=agreement, number=number).first()
        if version is None:
            continue
        content = version.content
        gateways = list(
            Gateway.objects.filter(slug__in=[g["id"] for g in content.get("gateways", [])])
        )
        names = {b["data_category"] for b in content.get("lawful_bases") or []}
        categories = list(DataCategory.objects.filter(name__in=names))
        themes = themes_for(
            purposes=[p.slug for g in gateways for p in g.purposes.all()],
            categories=[c.slug for c in categories],
        )
        record = build_public_record(
            content, signatures=_signatures(SignOff, version), themes=themes
        )
        status = {"lapsed": "lapsed", "withdrawn": "withdrawn"}.get(agreement.status, "in_force")
        review = record["review_date"]
        publication = Publication.objects.create(
            agreement=agreement,
            version=version,
            area_id=agreement.area_id,
            reference=record["reference"],
            title=record["title"],
            lead_organisation=record["lead_organisation"],
            status=status,
            status_note=agreement.status_note if status != "in_force" else "",
            review_date=date.fromisoformat(review) if review else None,
            first_published_at=when,
            published_at=when,
            changed_at=when,
            record=record,
        )
        parties = {p["organisation"] for p in record["parties"]} | {record["lead_organisation"]}
        publication.gateways.set(gateways)
        publication.organisations.set(
            Organisation.objects.filter(area_id=agreement.area_id, name__in=parties)
        )
        publication.data_categories.set(categories)
        PublicationTheme.objects.bulk_create(
            PublicationTheme(publication=publication, theme=theme) for theme in themes
        )
        first = f"{record['reference']} {record['title']}"
        second = " ".join(
            [record["purpose"], record["lead_organisation"]]
            + [p["organisation"] for p in record["parties"]]
            + [g["title"] for g in record["gateways"]]
        )
        third = " ".join(
            [record["area"], record["data_shared"]]
            + [c["name"] for c in record["data_categories"]]
            + [b["description"] for b in record["expected_benefits"]]
        )
        publication.search_text = " ".join(f"{first} {second} {third}".lower().split())
        publication.save(update_fields=["search_text"])
        if postgres:
            Publication.objects.filter(pk=publication.pk).update(
                search_vector=SearchVector(
                    Value(first, output_field=TextField()), weight="A", config="english"
                )
                + SearchVector(Value(second, output_field=TextField()), weight="B", config="english")
                + SearchVector(Value(third, output_field=TextField()), weight="C", config="english")
            )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS publication_search_vector "
            "ON agreements_publication USING GIN (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0011_public_register"),
        ("audit", "0002_append_only_triggers"),
        ("gateways", "0005_gateway_changes"),
        ("partners", "0006_notifications_moved"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(create_publications, migrations.RunPython.noop),
    ]
