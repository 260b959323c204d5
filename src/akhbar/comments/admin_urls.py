"""URLs of the moderation queue, mounted under the Wagtail admin by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "akhbar_comments_admin"

urlpatterns = [
    path("", admin_views.ModerationQueueView.as_view(), name="index"),
    path("action/", admin_views.ModerationActionView.as_view(), name="action"),
]
