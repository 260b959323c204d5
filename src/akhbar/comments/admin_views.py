"""The moderation queue in the Wagtail admin: list, search, bulk and row actions.

Views parse the request and call the services; what a commenter typed is shown
as escaped text only.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from akhbar.arabic import to_digits

from . import selectors, services
from .forms import parse_id
from .models import Comment

PER_PAGE = 50
SETTINGS_PERMISSION = "akhbar_comments.change_commentmoderationsettings"
Status = Comment.Status

# Which actions make sense for comments in each tab of the queue.
ACTIONS_BY_STATUS = {
    Status.PENDING: ("approve", "spam", "trash"),
    Status.APPROVED: ("spam", "trash"),
    Status.SPAM: ("restore", "trash"),
    Status.TRASH: ("restore", "spam"),
}
ACTION_LABELS = {
    "approve": gettext_lazy("موافقة"),
    "spam": gettext_lazy("مزعج"),
    "trash": gettext_lazy("حذف"),
    "restore": gettext_lazy("استعادة"),
}
DONE_MESSAGES = {
    "approve": gettext_lazy("نُشرت التعليقات المحددة: %(count)s."),
    "spam": gettext_lazy("عُلّمت التعليقات المحددة مزعجة: %(count)s."),
    "trash": gettext_lazy("نُقلت التعليقات المحددة إلى المحذوفات: %(count)s."),
    "restore": gettext_lazy("استُعيدت التعليقات المحددة: %(count)s."),
}

moderator_required = method_decorator(
    permission_required(selectors.MODERATE_PERMISSION), name="dispatch"
)


@moderator_required
class ModerationQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "akhbar_comments/admin/queue.html"
    page_title = gettext_lazy("التعليقات")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        status = params.get("status")
        if status not in Status.values:
            status = Status.PENDING
        query = " ".join(params.get("q", "").split())[:100]
        article_id = parse_id(params.get("article"))
        comments = selectors.moderation_queue(
            status=status, query=query, article_id=article_id
        )
        page = Paginator(comments, PER_PAGE).get_page(params.get("p"))
        counts = selectors.status_counts()
        index_url = reverse("akhbar_comments_admin:index")
        context.update(
            {
                "status": status,
                "query": query,
                "article_id": article_id or "",
                "comments": page,
                "tabs": [
                    {
                        "value": value,
                        "label": label,
                        "count": counts[value],
                        "current": value == status,
                    }
                    for value, label in Status.choices
                ],
                "actions": [(a, ACTION_LABELS[a]) for a in ACTIONS_BY_STATUS[status]],
                "index_url": index_url,
                "action_url": reverse("akhbar_comments_admin:action"),
                "current_url": self.request.get_full_path(),
                "lists_url": self._lists_url(),
            }
        )
        return context

    def _lists_url(self):
        """The editable hold lists, for those allowed to change them."""
        if not self.request.user.has_perm(SETTINGS_PERMISSION):
            return ""
        return reverse(
            "wagtailsettings:edit",
            args=["akhbar_comments", "commentmoderationsettings"],
        )


@moderator_required
class ModerationActionView(View):
    """Apply approve, spam, trash or restore to the ticked comments, or one row."""

    http_method_names = ["post"]

    def post(self, request):
        action = request.POST.get("action", "")
        ids = request.POST.getlist("ids")
        row_action = request.POST.get("row_action", "")
        if row_action:
            action, _sep, row_id = row_action.partition(":")
            ids = [row_id]
        ids = [pk for pk in (parse_id(value) for value in ids) if pk]
        if action not in services.ACTIONS:
            messages.error(request, _("اختر إجراءً."))
        elif not ids:
            messages.error(request, _("لم يُحدَّد أي تعليق."))
        else:
            comments = Comment.objects.filter(pk__in=ids).select_related("parent")
            changed = services.comment_moderate_many(
                comments=comments, action=action, by=request.user
            )
            count = to_digits(str(changed), settings.AKHBAR_DIGITS)
            messages.success(request, DONE_MESSAGES[action] % {"count": count})
        return redirect(self._next_url(request))

    def _next_url(self, request):
        url = request.POST.get("next", "")
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
        return reverse("akhbar_comments_admin:index")
