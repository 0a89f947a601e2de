"""Reference data: purposes, data categories and lawful bases, from gateways/data/.

The gateway catalogue itself is loaded with `manage.py load_gateways`, which records
each addition in the audit ledger.
"""

from django.db import migrations

from gateways.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("gateways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
