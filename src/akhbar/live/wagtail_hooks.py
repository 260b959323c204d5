"""The live stories' admin: its URLs and a button on each story to reach them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_urls, permissions
from .models import LiveStoryPage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("live/", include(admin_urls, namespace="akhbar_live_admin"))]


def _entries_button(page, user, priority):
    if page.specific_class is LiveStoryPage and permissions.can_add(user):
        yield Button(
            _("التحديثات المباشرة"),
            reverse("akhbar_live_admin:story", args=[page.pk]),
            icon_name="time",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _entries_button(page, user, priority=5)


@hooks.register("register_page_listing_buttons")
def page_listing_buttons(page, user, next_url=None):
    yield from _entries_button(page, user, priority=5)
