"""Behaviour shared by Akhbar's page types."""

from django.conf import settings
from django.core.exceptions import ValidationError

from akhbar.arabic import slugify

from ..forms import HomeChildPageForm
from ..routes import reserved_slug_error


class ArabicSlugMixin:
    """Make slugs with Akhbar's Arabic slugify: Unicode, byte-bounded, whole words.

    Wagtail's own slugify keeps Unicode but neither bounds the percent-encoded
    length nor cuts at a word boundary, and WordPress cuts such slugs mid-word.
    """

    def full_clean(self, *args, **kwargs):
        source = self.slug or self.title or ""
        slug = slugify(source, max_bytes=settings.AKHBAR_SLUG_MAX_BYTES)
        if slug:
            self.slug = slug
        return super().full_clean(*args, **kwargs)


class HomeChildSlugMixin:
    """For page types that may sit directly under the home page: refuse a slug
    that is one of the site's routes (``news.routes``), in the editor's form and
    on any save that cleans the page."""

    base_form_class = HomeChildPageForm

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
