"""Template context shared by every reader page."""

from django.conf import settings

from akhbar.core.urls import base_url


def akhbar(request):
    """Expose the reader presentation settings, the site name and the version of
    the published tree that keys the fragment caches."""
    from akhbar.news.selectors import news_generation

    return {
        "news_generation": news_generation(),
        "AKHBAR_DIGITS": settings.AKHBAR_DIGITS,
        "AKHBAR_SHOW_HIJRI": settings.AKHBAR_SHOW_HIJRI,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        # Part of the keys of cached fragments that hold absolute URLs.
        "BASE_URL": base_url(),
    }
