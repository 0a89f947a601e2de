from django.urls import path

from .views import pages

app_name = "gateways"

urlpatterns = [
    path("", pages.gateway_list, name="list"),
    path("propose/", pages.gateway_propose, name="propose"),
    path("proposals/", pages.proposal_list, name="proposals"),
    path("lawful-bases/", pages.lawful_basis_list, name="lawful-bases"),
    path("changes/<int:change_id>/", pages.change_review, name="change-review"),
    path("<slug:slug>/", pages.gateway_detail, name="detail"),
    path("<slug:slug>/review/", pages.gateway_review, name="review"),
    path("<slug:slug>/edit/", pages.gateway_edit, name="edit"),
]
