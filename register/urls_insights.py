"""Insights for people who sign in: the register's, with their own areas' agreements."""

from django.urls import path

from .views import insights

app_name = "insights"

urlpatterns = [
    path("", insights.insights_for_me, name="index"),
    path("insights.csv", insights.insights_for_me_csv, name="csv"),
]
