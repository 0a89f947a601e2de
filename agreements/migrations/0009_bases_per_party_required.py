"""Every lawful-basis stack now has its party: make that required, and keep one stack per
party (or per flow between two parties) for each category of data. Kept apart from the
data migration before it because PostgreSQL cannot alter a table in the transaction that
just wrote its rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_bases_given_to_each_party"),
    ]

    operations = [
        migrations.AlterField(
            model_name="categorybasis",
            name="party",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bases",
                to="agreements.party",
            ),
        ),
        migrations.AlterModelOptions(
            name="categorybasis",
            options={"ordering": ("data_category__name", "party__organisation__name", "pk")},
        ),
        migrations.AddConstraint(
            model_name="categorybasis",
            constraint=models.UniqueConstraint(
                condition=models.Q(recipient__isnull=True),
                fields=("agreement", "data_category", "party"),
                name="category_basis_unique_per_party",
            ),
        ),
        migrations.AddConstraint(
            model_name="categorybasis",
            constraint=models.UniqueConstraint(
                condition=models.Q(recipient__isnull=False),
                fields=("agreement", "data_category", "party", "recipient"),
                name="category_basis_unique_per_flow",
            ),
        ),
        migrations.AddConstraint(
            model_name="categorybasis",
            constraint=models.CheckConstraint(
                condition=models.Q(("party", models.F("recipient")), _negated=True),
                name="category_basis_flow_between_two_parties",
            ),
        ),
    ]
