"""Reference data: purposes, data categories and lawful bases, from gateways/data/.

Loaded again (update or create, by key) whenever a later migration calls load(); the
gateway catalogue itself is loaded with `manage.py load_gateways`, which records each
addition in the audit ledger.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Purpose = apps.get_model("gateways", "Purpose")
    DataCategory = apps.get_model("gateways", "DataCategory")
    LawfulBasis = apps.get_model("gateways", "LawfulBasis")
    for row in json.loads((DATA / "purposes.json").read_text()):
        Purpose.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"]})
    for row in json.loads((DATA / "data_categories.json").read_text()):
        slug = row.pop("slug")
        DataCategory.objects.update_or_create(slug=slug, defaults=row)
    for row in json.loads((DATA / "lawful_bases.json").read_text()):
        code = row.pop("code")
        LawfulBasis.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("gateways", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
