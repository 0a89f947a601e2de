from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("", views.index, name="index"),
    path("gateways/", views.gateway_list, name="gateway-list"),
    path("gateways.json", views.gateways_json, name="gateways-json"),
    path("gateways.csv", views.gateways_csv, name="gateways-csv"),
    path("gateways/<slug:slug>/", views.gateway_detail, name="gateway-detail"),
    path("signing-certificate.pem", views.signing_certificate, name="signing-certificate"),
]
