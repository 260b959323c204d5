"""Admin URLs of the subscribers' page (under /admin/newsletters/)."""

from django.urls import path

from . import admin_views

app_name = "akhbar_newsletters_admin"

urlpatterns = [
    path("subscribers/", admin_views.subscribers, name="subscribers"),
    path(
        "subscribers/<str:slug>/export.csv",
        admin_views.export,
        name="export",
    ),
]
