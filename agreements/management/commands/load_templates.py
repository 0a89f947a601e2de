import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from agreements.services import template_load

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates.json"


class Command(BaseCommand):
    help = (
        "Load the standard agreement templates. A template whose revision in the file is "
        "newer gets a new version; agreements already drafted keep theirs. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=TEMPLATES)

    def handle(self, *args: object, file: Path = TEMPLATES, **options: object) -> None:
        created = sum(
            template_load(spec=spec)[1] for spec in json.loads(file.read_text(encoding="utf-8"))
        )
        self.stdout.write(f"agreements: {created} templates added or revised from {file.name}")
