from django.urls import path

from .views import agreements, documents, gateways, insights, opendata, public_views, verify

app_name = "register"

R = "agreements/<str:public_reference>/"

urlpatterns = [
    path("", agreements.index, name="index"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements.json", opendata.agreements_json, name="agreements-json"),
    path("agreements.csv", opendata.agreements_csv, name="agreements-csv"),
    path("feed.atom", opendata.feed, name="feed"),
    path("insights/", insights.public_insights, name="insights"),
    path("insights.csv", insights.public_insights_csv, name="insights-csv"),
    path(R, agreements.agreement_detail, name="agreement-detail"),
    path(R + "sealed.pdf", documents.agreement_pdf, name="agreement-pdf"),
    path(R + "your-view/", public_views.public_view_give, name="public-view"),
    path(R + "your-view/sent/", public_views.public_view_sent, name="public-view-sent"),
    path("your-view/<str:token>/", public_views.public_view_confirm, name="public-view-confirm"),
    path("gateways/", gateways.gateway_list, name="gateway-list"),
    path("gateways.json", gateways.gateways_json, name="gateways-json"),
    path("gateways.csv", gateways.gateways_csv, name="gateways-csv"),
    path("gateways/<slug:slug>/", gateways.gateway_detail, name="gateway-detail"),
    path("verify/", verify.verify, name="verify"),
    path("signing-certificate.pem", gateways.signing_certificate, name="signing-certificate"),
]
