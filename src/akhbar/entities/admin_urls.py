"""URLs of the entities' admin, mounted under the Wagtail admin by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "akhbar_entities_admin"

urlpatterns = [
    path("", admin_views.EntityIndexView.as_view(), name="index"),
    path(
        "<str:type>/<str:slug>/",
        admin_views.EntityDetailView.as_view(),
        name="detail",
    ),
    *(
        path(
            "<str:type>/<str:slug>/%s/" % action,
            admin_views.EntityActionView.as_view(action=action),
            name=action,
        )
        for action in admin_views.ACTIONS
    ),
]
