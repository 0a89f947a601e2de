"""Each lawful-basis stack recorded before was relied on by every party, so it is kept for
the lead organisation's party and copied, layer by layer, for each other party. Frozen
versions are untouched: they keep the stacks as they were signed. A migration of its own,
because PostgreSQL cannot alter a table in the transaction that just wrote its rows."""

from django.db import migrations

LAYERS = (
    "law_enforcement",
    "public_task",
    "art6_id",
    "art9_id",
    "art10",
    "official_authority",
    "part3",
    "common_law_id",
    "policy_document",
    "note",
)


def give_each_party_its_stacks(apps, schema_editor):
    basis_model = apps.get_model("agreements", "CategoryBasis")
    party_model = apps.get_model("agreements", "Party")
    for basis in basis_model.objects.filter(party__isnull=True).select_related("agreement"):
        parties = list(
            party_model.objects.filter(agreement_id=basis.agreement_id).order_by("pk")
        )
        if not parties:
            basis.delete()  # no party could rely on it; nothing was frozen from it
            continue
        lead = next(
            (p for p in parties if p.organisation_id == basis.agreement.lead_organisation_id),
            parties[0],
        )
        basis.party = lead
        basis.save(update_fields=["party"])
        for party in parties:
            if party.pk == lead.pk:
                continue
            copy = basis_model.objects.create(
                agreement_id=basis.agreement_id,
                data_category_id=basis.data_category_id,
                party=party,
                **{name: getattr(basis, name) for name in LAYERS},
            )
            copy.annex1.set(basis.annex1.all())
            copy.schedule1.set(basis.schedule1.all())
            copy.schedule8.set(basis.schedule8.all())



class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_bases_per_party_and_flow"),
    ]

    operations = [
        migrations.RunPython(give_each_party_its_stacks, migrations.RunPython.noop),
    ]
