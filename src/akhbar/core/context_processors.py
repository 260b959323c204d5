"""Template context shared by every reader page."""

from django.conf import settings


def akhbar(request):
    """Expose the reader presentation settings and the site name."""
    return {
        "AKHBAR_DIGITS": settings.AKHBAR_DIGITS,
        "AKHBAR_SHOW_HIJRI": settings.AKHBAR_SHOW_HIJRI,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
