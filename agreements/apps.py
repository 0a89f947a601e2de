from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Data-sharing agreements"

    def ready(self) -> None:
        from . import ledger

        ledger.register()
