from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner areas and organisations"

    def ready(self) -> None:
        from . import dashboard, ledger, receivers  # noqa: F401 - receivers connect the audit receivers

        ledger.register()
        dashboard.register(dashboard.INVITATIONS)
