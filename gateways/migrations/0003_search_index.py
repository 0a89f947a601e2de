"""A GIN index on the search vector, on PostgreSQL (SQLite searches without it)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS gateway_search_vector "
            "ON gateways_gateway USING GIN (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS gateway_search_vector")


class Migration(migrations.Migration):
    dependencies = [("gateways", "0002_reference_data")]

    operations = [migrations.RunPython(create, drop)]
