"""The newsroom's place in Wagtail's admin: Arabic styling and page-type limits."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .roles import may_create


@hooks.register("insert_global_admin_css")
def arabic_admin_css():
    """Arabic type and right-to-left editing in every admin page, the login too."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("akhbar_newsroom/admin.css")
    )


@hooks.register("before_create_page")
def articles_only_for_writers(request, parent_page, page_class):
    """Authors and Contributors write articles; sections and pages are Editors'."""
    if not may_create(request.user, page_class):
        return permission_denied(request)
    return None
