from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from audit.services import changes, record_event

from . import services
from .models import Area, Membership, Organisation, User


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


# Fields whose changes are recorded in the ledger when a platform admin edits a person.
AUDITED_USER_FIELDS = ("email", "full_name", "job_title", "is_active", "is_staff", "is_superuser")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People are deactivated, never deleted: what they did stays on record, and their
    roles go through the membership rules. Every edit is recorded in the ledger."""

    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "job_title", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page for setting someone's password, recorded in the ledger."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            changed = (
                request.method == "POST"
                and response.status_code == 302
                # A form with conflicting buttons comes back to the same page.
                and response["Location"] != request.get_full_path()
            )
            if changed:
                services.user_password_changed(
                    user=User.objects.get(pk=unquote(id)), actor=_actor(request), via="admin"
                )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if obj.email:
            obj.email = obj.email.strip().lower()
        with transaction.atomic():
            before = (
                dict(User.objects.filter(pk=obj.pk).values(*AUDITED_USER_FIELDS).get())
                if change
                else {}
            )
            super().save_model(request, obj, form, change)
            after = {name: getattr(obj, name) for name in AUDITED_USER_FIELDS}
            data: dict[str, Any] = changes(before, after) if change else after
            if "password" in form.changed_data or "password1" in form.changed_data:
                data["password"] = "set"  # noqa: S105 - records that it changed, not what to
            if data:
                record_event(
                    actor=_actor(request),
                    verb="user.changed" if change else "user.created",
                    target=obj,
                    data=data,
                )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    """Saved through the area service, so edits are recorded in the ledger. An area's
    address (slug) is fixed once it exists; areas are never deleted."""

    list_display = ("name", "lead_body", "slug")
    fields = ("name", "slug", "lead_body", "description")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("slug",) if obj is not None else ()

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return {} if obj is not None else {"slug": ("name",)}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        saved = services.area_upsert(
            slug=obj.slug,
            name=obj.name,
            lead_body=obj.lead_body,
            description=obj.description,
            actor=_actor(request),
        )
        obj.pk = saved.pk


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """Saved through the organisation service, so edits are recorded in the ledger. Its
    area and address are fixed once it exists, and its kind while people hold roles in
    it (reviewers must stay in civil-society groups, officers in parties)."""

    list_display = ("name", "area", "kind", "public_authority")
    list_filter = ("area", "kind", "public_authority")
    search_fields = ("name",)
    fields = ("area", "name", "slug", "kind", "public_authority", "website", "description")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        if obj.memberships.exists():
            return ("area", "slug", "kind")
        return ("area", "slug")

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return {} if obj is not None else {"slug": ("name",)}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        saved = services.organisation_upsert(
            area=obj.area,
            slug=obj.slug,
            name=obj.name,
            kind=obj.kind,
            public_authority=obj.public_authority,
            website=obj.website,
            description=obj.description,
            actor=_actor(request),
        )
        obj.pk = saved.pk


class MembershipAdminForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ("user", "organisation", "role")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) for name in ("user", "organisation", "role")):
            try:
                services.membership_check(
                    user=data["user"], organisation=data["organisation"], role=data["role"]
                )
            except services.MembershipError as error:
                raise forms.ValidationError(str(error)) from error
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    """Roles are granted and revoked through the membership services, so the rules
    (and, from the audit ledger on, the record of who changed what) hold here too.
    A role is never edited in place: revoke it and grant another."""

    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation__area")
    search_fields = ("user__email", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    form = MembershipAdminForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        obj.pk = services.membership_grant(
            user=obj.user, organisation=obj.organisation, role=obj.role, actor=_actor(request)
        ).pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_revoke(membership=obj, actor=_actor(request))

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.MembershipError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return redirect(reverse("admin:partners_membership_changelist"))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset:
            try:
                services.membership_revoke(membership=membership, actor=_actor(request))
            except services.MembershipError as error:
                self.message_user(request, f"{membership}: {error}", level=messages.ERROR)
