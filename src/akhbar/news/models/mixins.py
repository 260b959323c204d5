"""Behaviour shared by Akhbar's page types."""

from django.conf import settings
from django.core.exceptions import ValidationError

from akhbar.arabic import slugify

from ..forms import UNBOUNDED_BYTES, ArabicSlugPageForm
from ..routes import reserved_slug_error


class ArabicSlugMixin:
    """Make slugs with Akhbar's Arabic slugify: Unicode, byte-bounded, whole words.

    Wagtail's own slugify keeps Unicode but neither bounds the percent-encoded
    length nor cuts at a word boundary, and WordPress cuts such slugs mid-word.
    """

    base_form_class = ArabicSlugPageForm

    def full_clean(self, *args, **kwargs):
        source = self.slug or self.title or ""
        slug = slugify(source, max_bytes=settings.AKHBAR_SLUG_MAX_BYTES)
        if slug:
            self.slug = slug
        return super().full_clean(*args, **kwargs)

    def slug_for_parent(self, slug, *, title, parent):
        """Return ``slug`` as it will be saved under ``parent``, unique if it can be.

        The slug is folded and shortened as on save (tatweel, diacritics and
        invisible controls dropped, cut at a word within the byte limit). A slug
        made from the headline (empty, or the headline's first words) that a
        sibling already has gets the first free suffix ("-2", "-3"...). A slug
        typed by hand is returned folded but otherwise as typed, so that the
        uniqueness check names it to the author rather than change it.
        """
        max_bytes = settings.AKHBAR_SLUG_MAX_BYTES
        title_slug = slugify(title or "", max_bytes=UNBOUNDED_BYTES)
        typed = slugify(slug or "", max_bytes=UNBOUNDED_BYTES)
        folded = slugify(slug or title or "", max_bytes=max_bytes)
        from_title = not typed or (title_slug + "-").startswith(typed + "-")
        if (
            not folded
            or not from_title
            or self._slug_is_available(folded, parent, self)
        ):
            return folded or slug
        number = 2
        while True:
            suffix = "-%d" % number
            stem = slugify(title_slug, max_bytes=max_bytes - len(suffix))
            candidate = stem + suffix
            if self._slug_is_available(candidate, parent, self):
                return candidate
            number += 1


class HomeChildSlugMixin:
    """For page types that may sit directly under the home page: refuse a slug
    that is one of the site's routes (``news.routes``), in the editor's form and
    on any save that cleans the page."""

    base_form_class = ArabicSlugPageForm

    def clean(self):
        super().clean()
        # A page not in the tree yet has no parent here; the form checks it.
        parent = self.get_parent() if self.path else None
        error = reserved_slug_error(self.slug, parent)
        if error is not None:
            raise ValidationError({"slug": error}, code="reserved_slug")


class CheapViewRestrictionsMixin:
    """Skip Wagtail's two view-restriction queries while no restriction exists.

    Wagtail checks the page and its ancestors for restrictions on every request;
    most news sites have none, and the cached answer changes when one is added.
    """

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from akhbar.news.selectors import view_restrictions_exist

        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
