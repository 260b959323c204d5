"""The admin's webhook pages: endpoints (Editors and Admins manage them, and
send one a test), and the delivery log (read only)."""

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from . import services
from .forms import EndpointForm
from .models import EVENT_FIELDS, Delivery, Endpoint


def _yes_no(value: bool) -> str:
    return _("نعم") if value else _("لا")


class EndpointCreateView(generic.CreateView):
    inspect_url_name = None

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        # The new endpoint's page shows its secret, which the receiver needs.
        return reverse(self.inspect_url_name, args=(self.object.pk,))


class EndpointInspectView(generic.InspectView):
    def get_secret_display_value(self):
        """The secret in a read-only field that scrolls inside the page at any
        width and is selected on focus, with a copy button (Wagtail's clipboard
        controller); without JavaScript the field is still there to select."""
        return mark_safe(  # noqa: S308 - a template that escapes the secret
            render_to_string(
                "akhbar_webhooks/secret.html", {"secret": self.object.secret}
            )
        )

    def get_active_display_value(self):
        return _yes_no(self.object.active)


class EndpointIndexView(generic.IndexView):
    ping_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                ListingButton(
                    _("إرسال تجربة"),
                    url=reverse(self.ping_url_name, args=(instance.pk,)),
                    icon_name="mail",
                    priority=15,
                )
            )
        return buttons


class EndpointPingView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The admin's "send test": a signed ``ping`` to one endpoint, posted on
    the editor's POST, and the receiver's answer shown."""

    template_name = "akhbar_webhooks/ping.html"
    permission_required = "change"
    page_title = _("إرسال تجربة")
    header_icon = "mail"
    permission_policy = None
    index_url_name = None

    def dispatch(self, request, *args, pk, **kwargs):
        self.endpoint = get_object_or_404(Endpoint, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.endpoint)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            endpoint=self.endpoint,
            index_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        delivery = services.endpoint_ping(endpoint=self.endpoint)
        return self.render_to_response(self.get_context_data(delivery=delivery))


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    icon = "link"
    menu_label = _("عناوين الاستقبال")
    add_view_class = EndpointCreateView
    index_view_class = EndpointIndexView
    inspect_view_class = EndpointInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["name", "url", "secret", "active", "created_by"]
    list_display = [
        "name",
        "url",
        StatusTagColumn(
            "active",
            label=_("الحالة"),
            accessor=lambda endpoint: _("مفعّل") if endpoint.active else _("معطّل"),
            primary=lambda endpoint: endpoint.active,
        ),
        "created_by",
        "created_at",
    ]
    list_filter = ["active"]

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            ping_url_name=self.get_url_name("ping"), **kwargs
        )

    @property
    def ping_view(self):
        return EndpointPingView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("ping/<int:pk>/", self.ping_view, name="ping"),
        ]

    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            MultiFieldPanel(
                [FieldPanel(field) for field in EVENT_FIELDS.values()],
                heading=_("الأحداث"),
            ),
            FieldPanel("active"),
        ],
        base_form_class=EndpointForm,
    )


class DeliveryLogPolicy(ModelPermissionPolicy):
    """The log is written by the job alone: people may only look at it."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "list-ul"
    menu_label = _("سجل الإرسال")
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    ]
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event", "endpoint"]


class WebhooksViewSetGroup(ModelViewSetGroup):
    items = (
        EndpointViewSet("webhook_endpoints"),
        DeliveryViewSet("webhook_deliveries"),
    )
    menu_label = _("خطافات الويب")
    menu_icon = "link"
    menu_order = 260
