from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from partners.models import User

from . import services
from .models import Job, Notification


class JobStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("failed", "Given up"),
            ("retrying", "Trying again"),
            ("waiting", "Waiting"),
            ("done", "Done"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Job]) -> QuerySet[Job]:
        value = self.value()
        if value == "failed":
            return queryset.filter(done_at=None, failed_at__isnull=False)
        if value == "retrying":
            return queryset.filter(done_at=None, failed_at=None, attempts__gt=0)
        if value == "waiting":
            return queryset.filter(done_at=None, failed_at=None, attempts=0)
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """The outbox: read only, with "try again" for work that failed. Jobs are history,
    never edited or deleted here."""

    list_display = ("created_at", "description", "state", "attempts", "run_after", "area")
    list_filter = (JobStateFilter, "area")
    search_fields = ("description", "task", "last_error")
    ordering = ("-created_at",)
    actions = ["try_again"]
    readonly_fields = (
        "task",
        "arguments",
        "description",
        "area",
        "recipient",
        "created_at",
        "run_after",
        "attempts",
        "claimed_until",
        "done_at",
        "failed_at",
        "last_error",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Try the selected jobs again now")
    def try_again(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        retried = 0
        for job in queryset.filter(done_at=None):
            if actor is not None:
                services.job_retry(job=job, actor=actor)
                retried += 1
        self.message_user(request, f"{retried} job(s) will be tried again.", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """E-mails owed to people, and when each was sent. Read only."""

    list_display = ("created_at", "user", "subject", "sent_at", "withheld_at")
    list_filter = ("sent_at", "withheld_at")
    search_fields = ("user__email", "subject")
    ordering = ("-created_at",)
    readonly_fields = ("user", "subject", "body", "created_at", "sent_at", "withheld_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
