from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from gateways.catalogue import CATALOGUE, catalogue_entries
from gateways.services import gateway_catalogue_load


class Command(BaseCommand):
    help = (
        "Load the catalogue of legal gateways into the register, approved. Entries already "
        "there are brought up to date. Safe to run again; every change is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=CATALOGUE, help="A catalogue JSON file.")

    def handle(self, *args: object, file: Path = CATALOGUE, **options: object) -> None:
        added, updated = gateway_catalogue_load(entries=catalogue_entries(file))
        self.stdout.write(f"gateways: {added} added, {updated} updated from {file.name}")
