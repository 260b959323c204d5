"""URLs of the live stories' admin views, mounted under the Wagtail admin."""

from django.urls import path

from . import admin_views

app_name = "akhbar_live_admin"

urlpatterns = [
    path("<int:page_id>/", admin_views.story, name="story"),
    path(
        "<int:page_id>/entries/<int:entry_id>/",
        admin_views.entry_edit,
        name="entry_edit",
    ),
    path(
        "<int:page_id>/entries/<int:entry_id>/delete/",
        admin_views.entry_delete,
        name="entry_delete",
    ),
    path(
        "<int:page_id>/entries/<int:entry_id>/publish/",
        admin_views.entry_publish,
        name="entry_publish",
    ),
    path("<int:page_id>/close/", admin_views.coverage_close, name="close"),
]
