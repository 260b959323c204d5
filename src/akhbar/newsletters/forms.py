"""The subscription form: one address, and a honeypot hidden from people."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("البريد الإلكتروني"),
        max_length=254,
        error_messages={
            "required": _("اكتب عنوان بريدك الإلكتروني."),
            "invalid": _("هذا ليس عنوان بريد إلكتروني صحيحًا، مثل name@example.com."),
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "dir": "ltr", "inputmode": "email"}
        ),
    )
    # Hidden from people by CSS and aria-hidden; a bot fills every field.
    website = forms.CharField(required=False, label=_("اتركه فارغًا"))

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT):
            raise forms.ValidationError(
                _("تعذّر قبول الاشتراك. حاول مرة أخرى."), code="honeypot"
            )
        return data


class EraseForm(forms.Form):
    """An address to erase from every list (a reader's request)."""

    email = forms.EmailField(label=_("البريد الإلكتروني"), max_length=254)
