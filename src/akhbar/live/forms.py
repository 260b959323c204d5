"""The compact "add entry" form of a live story's admin view."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.widgets import AdminImageChooser

from akhbar.news.blocks import body_block

from .text import paragraph_blocks, paragraphs_text


class EntryForm(forms.Form):
    """An entry's text and, optionally, one image, one quote and one link.

    The text box takes paragraphs separated by blank lines and the article
    editor's few tags; everything else typed there is removed (``live.text``).
    Pin and key-event flags are offered only to those who may publish.
    """

    title = forms.CharField(
        label=_("العنوان (اختياري)"), max_length=255, required=False
    )
    text = forms.CharField(
        label=_("النص"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("سطر فارغ بين الفقرات."),
    )
    image = forms.ModelChoiceField(
        queryset=get_image_model().objects.all(),
        label=_("صورة"),
        required=False,
        widget=AdminImageChooser,
    )
    image_caption = forms.CharField(
        label=_("تعليق الصورة"), max_length=255, required=False
    )
    quote = forms.CharField(
        label=_("اقتباس"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    quote_attribution = forms.CharField(
        label=_("القائل"), max_length=255, required=False
    )
    embed_url = forms.URLField(
        label=_("رابط وسائط خارجية"), required=False, assume_scheme="https"
    )
    correction = forms.CharField(
        label=_("تصحيح"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("يظهر للقارئ تحت التحديث بعنوان «تصحيح»."),
    )
    is_pinned = forms.BooleanField(label=_("تثبيت في الأعلى"), required=False)
    is_key_event = forms.BooleanField(label=_("حدث رئيسي"), required=False)

    def __init__(self, *args, may_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["is_pinned"]
            del self.fields["is_key_event"]

    def clean(self):
        cleaned = super().clean()
        body = self.body_blocks()
        if not body:
            raise ValidationError(
                _("اكتب نصاً أو أضف صورة أو اقتباساً أو رابطاً."), code="empty"
            )
        cleaned["body"] = body
        return cleaned

    def body_blocks(self) -> list[dict]:
        data = self.cleaned_data
        body = paragraph_blocks(data.get("text", ""))
        if data.get("image"):
            value = {"image": data["image"].pk, "caption": data.get("image_caption")}
            body.append(body_block("image", {**value, "credit": ""}))
        if (data.get("quote") or "").strip():
            value = {"text": data["quote"], "attribution": data["quote_attribution"]}
            body.append(body_block("quote", value))
        if data.get("embed_url"):
            body.append(body_block("embed", {"url": data["embed_url"], "title": ""}))
        return body

    def apply_to(self, entry) -> None:
        """Write the cleaned fields onto ``entry`` (not saved)."""
        data = self.cleaned_data
        entry.title = data["title"]
        entry.body = data["body"]
        entry.correction = data["correction"]
        if "is_pinned" in self.fields:
            entry.is_pinned = data["is_pinned"]
            entry.is_key_event = data["is_key_event"]

    @staticmethod
    def initial_for(entry) -> dict:
        """The form's fields as ``entry`` fills them."""
        initial = {
            "title": entry.title,
            "text": paragraphs_text(entry.body),
            "correction": entry.correction,
            "is_pinned": entry.is_pinned,
            "is_key_event": entry.is_key_event,
        }
        for block in entry.body:
            if block.block_type == "image" and block.value.get("image"):
                initial["image"] = block.value["image"].pk
                initial["image_caption"] = block.value.get("caption")
            elif block.block_type == "quote":
                initial["quote"] = block.value["text"]
                initial["quote_attribution"] = block.value["attribution"]
            elif block.block_type == "embed":
                initial["embed_url"] = block.value["url"]
        return initial
