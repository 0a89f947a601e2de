from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "E-mail and background work"

    def ready(self) -> None:
        from . import dashboard, ledger

        ledger.register()
        dashboard.register()
