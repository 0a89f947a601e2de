"""Reference data: purposes, data categories and lawful bases, from gateways/data/.
Loaded by migration (and again by the test suite after it empties the database)."""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(apps: Any) -> None:
    """Create or bring up to date every reference row, by key. ``apps`` is a migration's
    app registry or ``django.apps.apps``."""
    purpose = apps.get_model("gateways", "Purpose")
    data_category = apps.get_model("gateways", "DataCategory")
    lawful_basis = apps.get_model("gateways", "LawfulBasis")
    for row in json.loads((DATA / "purposes.json").read_text(encoding="utf-8")):
        purpose.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"]})
    for row in json.loads((DATA / "data_categories.json").read_text(encoding="utf-8")):
        slug = row.pop("slug")
        data_category.objects.update_or_create(slug=slug, defaults=row)
    for row in json.loads((DATA / "lawful_bases.json").read_text(encoding="utf-8")):
        code = row.pop("code")
        lawful_basis.objects.update_or_create(code=code, defaults=row)
