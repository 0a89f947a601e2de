from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Data-sharing agreements"

    def ready(self) -> None:
        from . import dashboard, gateway_pages, ledger

        ledger.register()
        dashboard.register()
        gateway_pages.register()
