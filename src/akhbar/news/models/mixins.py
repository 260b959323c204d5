"""Behaviour shared by Akhbar's page types."""

from django.conf import settings

from akhbar.arabic import slugify


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
