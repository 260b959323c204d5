"""The admin's sign-in and password-reset forms."""

import logging

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from akhbar.core import ratelimit

logger = logging.getLogger(__name__)


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with a translated password label.

    Wagtail gives the password field no label, so Django derives "Password" from
    the field name, in English whatever the language (``WAGTAILADMIN_USER_LOGIN_FORM``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("كلمة المرور")


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's password-reset form, with the mails it sends limited per account
    and per client address (``core.ratelimit``; ``AKHBAR_PASSWORD_RESET_RATE_*``).

    A request past a limit gets the same "sent" page as any other, so the limit
    tells nobody whether an account exists; it is logged for the operator.
    """

    def save(self, *args, request=None, **kwargs):
        window = settings.AKHBAR_PASSWORD_RESET_RATE_WINDOW
        address = ratelimit.client_ip(request) if request is not None else None
        email = self.cleaned_data["email"].strip().lower()
        if not ratelimit.hit(
            "password-reset",
            "ip",
            address or "",
            limit=settings.AKHBAR_PASSWORD_RESET_RATE_PER_IP,
            window=window,
        ) or not ratelimit.hit(
            "password-reset",
            "email",
            email,
            limit=settings.AKHBAR_PASSWORD_RESET_RATE_PER_USER,
            window=window,
        ):
            logger.warning("Password reset refused by its rate limit.")
            return
        super().save(*args, request=request, **kwargs)
