"""The seed catalogue of gateways used in local sharing (gateways/data/catalogue.json)."""

import json
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"


def catalogue_entries(path: Path = CATALOGUE) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries
