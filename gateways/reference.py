"""Reference data: purposes, data categories and lawful bases, from gateways/data/.
Loaded by migration (and again by the test suite after it empties the database). The
lawful-basis rules read the same file, so the rules and the data cannot disagree."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return rows


@cache
def lawful_basis_rows() -> tuple[dict[str, Any], ...]:
    return tuple(_rows("lawful_bases.json"))


@cache
def policy_document_codes() -> dict[str, str]:
    """Code -> reference of every condition that needs an appropriate policy document."""
    return {
        row["code"]: row["reference"]
        for row in lawful_basis_rows()
        if row["needs_appropriate_policy_document"]
    }


def _upsert(model: Any, key: str, row: dict[str, Any]) -> None:
    # A migration's model is the schema of its time: leave out what it does not have yet,
    # and a later migration loads the rest.
    fields = {field.name for field in model._meta.get_fields()}
    values = {name: value for name, value in row.items() if name in fields and name != key}
    model.objects.update_or_create(**{key: row[key]}, defaults=values)


def load_reference_data(apps: Any) -> None:
    """Create or bring up to date every reference row, by key. ``apps`` is a migration's
    app registry or ``django.apps.apps``."""
    purpose = apps.get_model("gateways", "Purpose")
    data_category = apps.get_model("gateways", "DataCategory")
    lawful_basis = apps.get_model("gateways", "LawfulBasis")
    for row in _rows("purposes.json"):
        _upsert(purpose, "slug", row)
    for row in _rows("data_categories.json"):
        _upsert(data_category, "slug", row)
    for row in lawful_basis_rows():
        _upsert(lawful_basis, "code", row)


@cache
def lawful_basis_names() -> dict[str, str]:
    """Each lawful basis's code -> "UK GDPR Art 6(1)(e): Public task", from the reference
    data as shipped (for reading codes kept in the ledger)."""
    return {row["code"]: f"{row['reference']}: {row['title']}" for row in lawful_basis_rows()}


@cache
def purpose_names() -> dict[str, str]:
    """Each purpose's slug -> its name, from the reference data as shipped."""
    return {row["slug"]: row["name"] for row in _rows("purposes.json")}
