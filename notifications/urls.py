from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.trouble, name="trouble"),
    path("retry/", views.retry, name="retry"),
]
