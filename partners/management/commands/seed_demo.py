import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Load demo data: the six partner areas, their organisations and one sign-in per "
        "role per area, then whatever demo data each later app adds. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Demo sign-ins share a published password.",
        )

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates sign-ins with a published password, so it refuses to "
                "run when DEBUG is off. Use --force if this really is a demo deployment."
            )
        # Each app that has demo data keeps it in <app>/demo.py with a seed() function
        # taking stdout and published_admin_password (False when forced with DEBUG off).
        # They run in INSTALLED_APPS order, which follows the order apps depend on each
        # other, so partners come before gateways and gateways before agreements.
        # The e-mails the demo's own activity would send (invitations, review
        # notifications) go nowhere: nobody is waiting for them.
        quiet = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        with override_settings(MAILERS=quiet):
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(
                    stdout=self.stdout, published_admin_password=settings.DEBUG
                )
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
