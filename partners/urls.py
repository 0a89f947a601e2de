from django.urls import path

from .views import areas, audit

app_name = "partners"

urlpatterns = [
    path("", areas.dashboard, name="dashboard"),
    path("areas/<slug:area_slug>/", areas.area_detail, name="area-detail"),
    path(
        "areas/<slug:area_slug>/organisations/<slug:organisation_slug>/",
        areas.organisation_detail,
        name="organisation-detail",
    ),
    path("areas/<slug:area_slug>/members/", areas.member_list, name="member-list"),
    path("areas/<slug:area_slug>/members/add/", areas.member_add, name="member-add"),
    path("areas/<slug:area_slug>/audit/", audit.area_audit, name="area-audit"),
    path("areas/<slug:area_slug>/audit.csv", audit.area_audit_csv, name="area-audit-csv"),
    path("areas/<slug:area_slug>/audit/check/", audit.area_audit_check, name="area-audit-check"),
    path(
        "areas/<slug:area_slug>/audit/check/start/",
        audit.area_audit_check_start,
        name="area-audit-check-start",
    ),
    path(
        "areas/<slug:area_slug>/audit-ledger.csv",
        audit.area_audit_raw_csv,
        name="area-audit-raw-csv",
    ),
    path(
        "areas/<slug:area_slug>/members/<int:membership_id>/invite/",
        areas.member_invite,
        name="member-invite",
    ),
    path(
        "areas/<slug:area_slug>/members/<int:membership_id>/remove/",
        areas.member_remove,
        name="member-remove",
    ),
]
