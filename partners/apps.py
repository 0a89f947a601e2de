from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner areas and organisations"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the audit receivers
