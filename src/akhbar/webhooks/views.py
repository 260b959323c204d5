"""The admin's webhook pages: endpoints (Editors and Admins manage them) and the
delivery log (read only)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import EndpointForm
from .models import EVENT_FIELDS, Delivery, Endpoint


class EndpointCreateView(generic.CreateView):
    inspect_url_name = None

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        # The new endpoint's page shows its secret, which the receiver needs.
        return reverse(self.inspect_url_name, args=(self.object.pk,))


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    icon = "link"
    menu_label = _("عناوين الاستقبال")
    add_view_class = EndpointCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["name", "url", "secret", "active", "created_by"]
    list_display = ["name", "url", "active", "created_by", "created_at"]
    list_filter = ["active"]

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

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
