"""Platform admins edit the questions of the trade-off assessment (reference data) and
read sign-offs; everything else about agreements is done in the service's own pages."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from audit.services import changes, record_event

from .models import AssessmentQuestion, SignOff

QUESTION_FIELDS = ("test", "position", "text", "help_text", "source", "to_check", "active")


@admin.register(AssessmentQuestion)
class AssessmentQuestionAdmin(admin.ModelAdmin[AssessmentQuestion]):
    """Questions are retired (not active), never deleted: versions and perspectives name
    them by code. A changed question is asked of the next version issued; versions
    already issued keep the wording they froze. Every edit is recorded in the ledger."""

    list_display = ("code", "test", "position", "text", "to_check", "active")
    list_filter = ("test", "active", "to_check")
    ordering = ("test", "position")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: AssessmentQuestion, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            before = (
                dict(AssessmentQuestion.objects.filter(pk=obj.pk).values(*QUESTION_FIELDS).get())
                if change
                else {}
            )
            super().save_model(request, obj, form, change)
            after = {name: getattr(obj, name) for name in QUESTION_FIELDS}
            record_event(
                actor=request.user,
                verb="assessment_question.changed" if change else "assessment_question.added",
                target=obj,
                data={"code": obj.code, **(changes(before, after) if change else after)},
            )


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin[SignOff]):
    """Read only: sign-offs are never changed or deleted (the database refuses it)."""

    list_display = (
        "agreement",
        "version",
        "organisation_name",
        "signatory_name",
        "decision",
        "method",
        "recorded_at",
        "superseded_at",
    )
    list_filter = ("decision", "method")
    search_fields = ("agreement__reference", "organisation_name", "signatory_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
