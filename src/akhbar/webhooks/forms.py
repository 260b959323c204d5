"""The endpoint form of the admin: only URLs webhooks may reach."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from . import addresses


class EndpointForm(WagtailAdminModelForm):
    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.resolve(url)
        except addresses.UnsafeURL as error:
            raise ValidationError(str(error), code="unsafe_url") from None
        return url
