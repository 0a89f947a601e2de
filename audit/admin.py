from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Event
from .vocabulary import in_words


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """The ledger, read-only: it is appended to by the services and nothing else."""

    list_display = (
        "seq",
        "occurred_at",
        "what_happened",
        "verb",
        "actor_name",
        "area_name",
        "target_type",
        "target_id",
    )
    list_filter = ("verb", "area_name", "target_type")
    search_fields = ("actor_name", "actor_email", "target_id", "hash", "request_id")
    ordering = ("-seq",)

    @admin.display(description="What happened")
    def what_happened(self, event: Event) -> str:
        return in_words(event).sentence

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Event._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
