"""The entities' admin in Wagtail's menu, for those allowed to change them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import PERMISSION


class EntitiesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("entities/", include(admin_urls, namespace="akhbar_entities_admin"))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return EntitiesMenuItem(
        _("الأعلام"),
        reverse("akhbar_entities_admin:index"),
        name="entities",
        icon_name="user",
        order=270,
    )
