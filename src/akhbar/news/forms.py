"""The page editor's form, shared by Akhbar's page types."""

from wagtail.admin.forms import WagtailAdminPageForm

from akhbar.arabic import slugify

# A byte limit no headline reaches: slugify folds a slug without shortening it.
UNBOUNDED_BYTES = 10**6


class ArabicSlugPageForm(WagtailAdminPageForm):
    """Wagtail's page form, checking the slug the page will be saved with.

    Wagtail checks the slug as typed, but the page folds and shortens it on save
    (``ArabicSlugMixin``): two slugs that differ only by tatweel, or two long
    headlines that share their first words, passed the form and then collided in
    ``save()``, an HTTP 500 that lost the author's text.
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
        if slug is not None:
            self.cleaned_data["slug"] = self.instance.slug_for_parent(
                slug, title=self.cleaned_data.get("title", ""), parent=self.parent_page
            )
        return super().clean()
