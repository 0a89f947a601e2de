from django.apps import AppConfig


class GatewaysConfig(AppConfig):
    name = "gateways"
    verbose_name = "Legal gateways and lawful bases"

    def ready(self) -> None:
        from . import dashboard, ledger

        ledger.register()
        dashboard.register()
