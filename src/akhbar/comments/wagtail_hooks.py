"""The comments queue in the Wagtail admin menu, its URLs and its permission."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from akhbar.arabic import to_digits

from . import admin_urls, selectors


class CommentsMenuItem(MenuItem):
    """ "التعليقات (٣)": the menu shows how many comments wait for review."""

    def is_shown(self, request):
        return request.user.has_perm(selectors.MODERATE_PERMISSION)

    def render_component(self, request):
        from django.conf import settings

        label = str(self.label)
        pending = selectors.pending_count()
        if pending:
            label = "%s (%s)" % (label, to_digits(str(pending), settings.AKHBAR_DIGITS))
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs={**self.attrs, "data-pending-comments": str(pending)},
        )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("comments/", include(admin_urls, namespace="akhbar_comments_admin"))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return CommentsMenuItem(
        _("التعليقات"),
        reverse("akhbar_comments_admin:index"),
        name="comments",
        icon_name="comment",
        order=250,
    )


@hooks.register("register_permissions")
def register_permissions():
    app_label, codename = selectors.MODERATE_PERMISSION.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
