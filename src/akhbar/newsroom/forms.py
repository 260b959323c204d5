"""The admin's sign-in form, fully in Arabic."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with a translated password label.

    Wagtail gives the password field no label, so Django derives "Password" from
    the field name, in English whatever the language (``WAGTAILADMIN_USER_LOGIN_FORM``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("كلمة المرور")
