from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("", include("partners.urls")),
    path("account/", include("partners.urls_accounts")),
    path("areas/<slug:area_slug>/agreements/", include("agreements.urls")),
    path("areas/<slug:area_slug>/undelivered/", include("notifications.urls")),
    path("gateways/", include("gateways.urls")),
    path("register/", include("register.urls")),
    path("insights/", include("register.urls_insights")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Data-sharing agreements: platform administration"
admin.site.site_title = "Data-sharing agreements"
