"""Lawful-basis stacks belong to a party (or a flow from one party to another) as well as
to a category of data: the columns. The next migration fills them in."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_basis_annex1_official_authority_policy_document"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="categorybasis",
            name="category_basis_unique",
        ),
        migrations.AddField(
            model_name="categorybasis",
            name="party",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bases",
                to="agreements.party",
            ),
        ),
        migrations.AddField(
            model_name="categorybasis",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                help_text="For a flow: the party the data is disclosed to.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="agreements.party",
            ),
        ),
    ]
