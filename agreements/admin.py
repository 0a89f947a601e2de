"""Platform admins edit the questions of the trade-off assessment (reference data), read
sign-offs and agreements, and export signed agreements' sealed PDFs (of chosen areas or
agreements); everything else about agreements is done in the service's own pages."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from audit.services import changes, record_event
from partners.models import Area

from .models import Agreement, AssessmentQuestion, Export, ExportStatus, SignOff
from .services import exports as export_services
from .services.errors import AgreementError

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


# Exports of signed agreements, for platform admins: started from the areas' list or the
# agreements' list, followed and downloaded here. Each admin sees and downloads only
# the exports they started.


@admin.action(description="Export the sealed PDFs of their signed agreements")
def export_signed_agreements(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    chosen = list(queryset)
    try:
        if chosen and isinstance(chosen[0], Area):
            started = export_services.export_start_chosen(actor=request.user, areas=chosen)
        else:
            started = export_services.export_start_chosen(actor=request.user, agreements=chosen)
    except AgreementError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return
    link = format_html('<a href="{}">Exports</a>', reverse("admin:agreements_export_changelist"))
    modeladmin.message_user(
        request,
        format_html(
            "{} export{} started. Each is built in the background; download it from {} "
            "when it is ready.",
            len(started),
            "" if len(started) == 1 else "s",
            link,
        ),
        messages.SUCCESS,
    )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    """Read only: agreements are written in the service's own pages. Here platform
    admins choose agreements across areas to export."""

    list_display = ("reference", "title", "area", "status", "signed_version")
    list_filter = ("area", "status")
    search_fields = ("reference", "title")
    list_select_related = ("area", "signed_version")
    actions = (export_signed_agreements,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin[Export]):
    """The platform admin's own exports, with how far each has got and its download."""

    list_display = ("__str__", "status", "progress", "included", "requested_at", "download")
    list_filter = ("status",)
    readonly_fields = (
        "area",
        "status",
        "requested_at",
        "finished_at",
        "total",
        "done",
        "included",
        "left_out",
        "failure_reason",
        "sha256",
        "size",
        "download",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Export]:
        return (
            super()
            .get_queryset(request)
            .filter(requested_by_id=request.user.pk)
            .select_related("area")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Progress")
    def progress(self, export: Export) -> str:
        return f"{export.done} of {export.total}"

    @admin.display(description="Download")
    def download(self, export: Export) -> str:
        if export.status != ExportStatus.READY:
            return "Not ready"
        url = reverse("admin:agreements_export_download", args=[export.pk])
        return format_html('<a href="{}">Download the ZIP file</a>', url)

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="agreements_export_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, object_id: str) -> HttpResponseBase:
        export = (
            self.get_queryset(request)
            .filter(pk=int(object_id) if object_id.isdigit() else 0)
            .first()
        )
        if export is None or export.status != ExportStatus.READY:
            self.message_user(
                request, "There is no export of yours ready by that number.", messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:agreements_export_changelist"))
        handle = export_services.export_download(export=export, actor=request.user)
        return FileResponse(
            handle, as_attachment=True, filename=export.filename, content_type="application/zip"
        )


# The areas' list belongs to partners, which knows nothing of agreements; the action is
# added to it from here (partners' admin is loaded first: it comes first in INSTALLED_APPS).
_area_admin = admin.site.get_model_admin(Area)
_area_admin.actions = (*(_area_admin.actions or ()), export_signed_agreements)
