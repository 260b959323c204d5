"""The newsletters' admin: lists, and issues editors compose from chosen
articles, preview as the mail, and send now or schedule."""

from django.conf import settings
from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from akhbar.arabic import to_digits

from . import admin_urls, admin_views, services
from .models import Issue, NewsletterList

SEND_NOW = "action-send-now"


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "mail"
    list_display = ["name", "kind", "send_hour", "active"]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "doc-full"
    list_display = ["subject", "newsletter", "scheduled_at", "finished_at"]
    list_filter = ["newsletter"]
    ordering = ["-created_at"]


class NewslettersGroup(SnippetViewSetGroup):
    menu_label = _("النشرات البريدية")
    menu_icon = "mail"
    menu_order = 250
    items = (IssueViewSet, NewsletterListViewSet)


register_snippet(NewslettersGroup)


class SendNowMenuItem(ActionMenuItem):
    """Saves the issue and has the worker send it on its next tick."""

    name = SEND_NOW
    label = _("حفظ وإرسال الآن")
    icon_name = "mail"

    def is_shown(self, context):
        instance = context.get("instance")
        finished = instance is not None and instance.finished_at is not None
        return context.get("model") is Issue and not finished


@hooks.register("register_snippet_action_menu_item")
def send_now_menu_item(model):
    return SendNowMenuItem(order=10) if model is Issue else None


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def send_now(request, instance):
    if isinstance(instance, Issue) and SEND_NOW in request.POST:
        instance.scheduled_at = timezone.now()
        instance.save(update_fields=["scheduled_at"])
        # Said with the count, so an issue going to nobody is not taken as sent.
        count = services.issue_pending(instance).count()
        if not count:
            messages.warning(
                request,
                _("لا مشترك مؤكَّداً في هذه النشرة بعد، فلن يصل العدد إلى أحد."),
            )
            return
        text = ngettext(
            "سيُرسل العدد إلى مشترك واحد خلال لحظات.",
            "سيُرسل العدد إلى %(count)s مشترك خلال لحظات.",
            count,
        )
        messages.success(
            request, text % {"count": to_digits(str(count), settings.AKHBAR_DIGITS)}
        )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "newsletters/",
            include(admin_urls, namespace="akhbar_newsletters_admin"),
        )
    ]


class SubscribersMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_export(request.user)


@hooks.register("register_admin_menu_item")
def subscribers_menu_item():
    return SubscribersMenuItem(
        _("المشتركون"),
        reverse("akhbar_newsletters_admin:subscribers"),
        icon_name="group",
        order=260,
    )
