"""The reader's comment form, as on the seed site: name, e-mail, website, comment.

Two spam signals live here because only a form served to a browser has them: a
honeypot field hidden from people, and the signed time the form was served.
"""

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from akhbar.arabic import format_number

from . import spam
from .models import Comment

NAME_MAX = Comment._meta.get_field("author_name").max_length
HONEYPOT = "phone"


def parse_id(value) -> int | None:
    """A positive database id from a form or query string, else None."""
    value = str(value or "").strip()
    # Eighteen digits fit a 64-bit key; longer input would overflow the query.
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value) or None
    return None


class CommentForm(forms.Form):
    # As the page shows them (and lists their errors): the comment first.
    field_order = ["comment", "author", "email", "url"]

    author = forms.CharField(
        label=_("الاسم"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "size": 30}),
    )
    email = forms.EmailField(
        label=_("البريد الإلكتروني"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "dir": "ltr",
                "size": 30,
                "aria-describedby": "email-notes",
            }
        ),
    )
    url = forms.URLField(
        label=_("الموقع الإلكتروني"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr", "size": 30}),
    )
    comment = forms.CharField(
        label=_("التعليق"),
        widget=forms.Textarea(
            attrs={"rows": 8, "cols": 45, "aria-describedby": "comment-limit"}
        ),
    )
    # Hidden fields: their problems are reported by ``clean`` in words a reader
    # can act on, never as errors of a field the reader cannot see.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    phone = forms.CharField(
        label=_("اترك هذا الحقل فارغاً"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    error_messages = {
        "bot": _("تعذّر قبول التعليق."),
        "too_fast": _("أُرسل التعليق بسرعة كبيرة. انتظر لحظة ثم أعد الإرسال."),
        "expired": _("انتهت صلاحية النموذج. أعد إرسال تعليقك."),
        "too_long": _(
            "التعليق أطول من المسموح: عدد الأحرف المسموح به %(limit)s، وفي تعليقك "
            "%(count)s. اختصره ثم أعد إرساله."
        ),
    }

    def __init__(self, *args, article, check_token=True, **kwargs):
        self.article = article
        # Off when the form is only shown again to be confirmed (no tokens yet).
        self.check_token = check_token
        super().__init__(*args, **kwargs)

    @property
    def limit(self) -> int:
        """The most characters a comment may have (the form states it, and
        ``comments.js`` counts against it)."""
        return settings.AKHBAR_COMMENTS_MAX_LENGTH

    @property
    def digits(self) -> str:
        return settings.AKHBAR_DIGITS

    @property
    def limit_text(self) -> str:
        return format_number(self.limit, digits=self.digits)

    def clean_comment(self):
        # Checked here, not by the textarea's maxlength: a browser cuts a longer
        # paste without a word, and what it cut is lost to the reader. A line
        # end counts once, as the reader's textarea (and comments.js) counts it;
        # the browser sends it as two characters.
        comment = self.cleaned_data["comment"]
        count = len(comment.replace("\r\n", "\n"))
        if count > self.limit:
            raise forms.ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={
                    "limit": self.limit_text,
                    "count": format_number(count, digits=self.digits),
                },
            )
        return comment

    def full_clean(self):
        super().full_clean()
        # These widgets name their notes, so Django does not add the error's id.
        for name in ("comment", "email"):
            if self.errors.get(name):
                widget = self.fields[name].widget
                note = widget.attrs["aria-describedby"].split()[0]
                widget.attrs["aria-describedby"] = "%s %s_error" % (note, name)

    def clean_parent(self):
        value = (self.cleaned_data.get("parent") or "").strip()
        return parse_id(value)

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("أدخل عنواناً يبدأ بـ http أو https."))
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(self.error_messages["bot"], code="bot")
        if not self.check_token:
            return cleaned
        token = cleaned.get("token", "")
        try:
            age = spam.form_token_age(token, self.article.pk)
        except signing.BadSignature:
            raise forms.ValidationError(
                self.error_messages["expired"], code="expired"
            ) from None
        if age < settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                self.error_messages["too_fast"], code="too_fast"
            )
        return cleaned
