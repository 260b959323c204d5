"""The live stories' public endpoint (the pages themselves are in Wagtail's tree)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:page_id>/updates.json", views.updates, name="live_updates"),
]
