"""The webhooks' admin pages in the Wagtail menu."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Delivery
from .views import DeliveryLogPolicy, WebhooksViewSetGroup

register_permission_policy(Delivery, DeliveryLogPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_viewset():
    return WebhooksViewSetGroup()
