"""The page editor's form, shared by Akhbar's page types."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from akhbar.arabic import slugify

from .routes import reserved_slug_error

# A byte limit no headline reaches: slugify folds a slug without shortening it.
UNBOUNDED_BYTES = 10**6


class ArabicSlugPageForm(WagtailAdminPageForm):
    """Wagtail's page form, checking the slug the page will be saved with.

    Wagtail checks the slug as typed, but the page folds and shortens it on save
    (``ArabicSlugMixin``): two slugs that differ only by tatweel, or two long
    headlines that share their first words, passed the form and then collided in
    ``save()``, an HTTP 500 that lost the author's text. A page directly under
    the home page may not take one of the site's routes (``news.routes``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Zero-width joiners, direction marks and diacritics are not slug
        # characters; folded here, they neither fail the slug field nor make a
        # slug that differs from a sibling's only invisibly.
        key = self.add_prefix("slug")
        if self.is_bound and self.data.get(key):
            self.data = self.data.copy()
            typed = self.data[key]
            self.data[key] = slugify(typed, max_bytes=UNBOUNDED_BYTES) or typed

    def clean(self):
        slug = self.cleaned_data.get("slug")
        slug_for_parent = getattr(self.instance, "slug_for_parent", None)
        if slug is not None and slug_for_parent is not None:
            self.cleaned_data["slug"] = slug_for_parent(
                slug, title=self.cleaned_data.get("title", ""), parent=self.parent_page
            )
        cleaned_data = super().clean()
        error = reserved_slug_error(cleaned_data.get("slug"), self.parent_page)
        if error is not None:
            self.add_error("slug", ValidationError(error, code="reserved_slug"))
        # A breaking story whose end has passed was saved without a word and
        # never reached the ticker.
        until = cleaned_data.get("breaking_until")
        if cleaned_data.get("is_breaking") and until and until <= timezone.now():
            message = _(
                "هذا الوقت مضى، فلن يظهر الخبر في شريط العاجل. "
                "اختر وقتاً قادماً أو اترك الحقل فارغاً."
            )
            self.add_error(
                "breaking_until", ValidationError(message, code="breaking_past")
            )
        # Nor does one whose end comes before its scheduled publication: it
        # goes live already off the ticker.
        go_live = cleaned_data.get("go_live_at")
        if (
            cleaned_data.get("is_breaking")
            and until
            and go_live
            and until > timezone.now()
            and until <= go_live
        ):
            message = _(
                "ينتهي العاجل قبل موعد نشر الخبر، فلن يظهر في شريط العاجل. "
                "اختر وقتاً بعد موعد النشر أو اترك الحقل فارغاً."
            )
            self.add_error(
                "breaking_until",
                ValidationError(message, code="breaking_before_go_live"),
            )
        return cleaned_data
