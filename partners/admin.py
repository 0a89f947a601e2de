from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from . import services
from .models import Area, Membership, Organisation, User


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ("name", "lead_body", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "area", "kind")
    list_filter = ("area", "kind")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


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
        try:
            services.membership_revoke(membership=obj, actor=_actor(request))
        except services.MembershipError as error:
            messages.error(request, str(error))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset:
            self.delete_model(request, membership)
