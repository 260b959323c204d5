"""The site's own routes, which no page directly under the home page may take.

Django answers these paths before Wagtail's page tree (``akhbar/urls.py``), and
the home page answers its own routes (``tags/``, ``archive/``) only when no child
page has that slug: a section or page slugged ``media`` would never be reached
(its articles would answer 404). The editor refuses such slugs and the importers
rename them (``media`` -> ``media-2``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = frozenset(
    {
        # akhbar/urls.py
        "admin",
        "documents",
        "feed",
        "sitemap.xml",
        "sitemap-news.xml",
        "sitemap-pages.xml",
        "sitemap-articles.xml",
        "comments",
        "readership",
        "search",
        "api",
        "media",
        "static",
        # Wagtail's page-serving URLs (password and login views of private pages).
        "_util",
        # The home page's own routes (HomePage.tag, HomePage.archive).
        "tags",
        "archive",
        # Routes the coming API, feeds, health checks and live pages take.
        "feeds",
        "robots.txt",
        "favicon.ico",
        "healthz",
        "readyz",
        "metrics",
        "live",
        "newsletters",
        # akhbar.entities: a page per person, place and organisation.
        "شخصيات",
        "أماكن",
        "منظمات",
    }
)

RESERVED_SLUG_MESSAGE = _(
    "المعرّف «%(slug)s» محجوز لمسار من مسارات الموقع (/%(slug)s/)، فلن تُفتح "
    "صفحة به. اختر معرّفاً آخر، مثل «%(suggestion)s»."
)


def reserved_slugs() -> frozenset[str]:
    """``RESERVED_SLUGS`` and the first segment of the media and static URLs."""
    extra = set()
    for url in (settings.MEDIA_URL, settings.STATIC_URL):
        segment = urlsplit(url or "").path.strip("/").split("/")[0]
        if segment:
            extra.add(segment)
    return RESERVED_SLUGS | extra


def slug_is_reserved(slug: str) -> bool:
    """Whether ``slug``, for a page directly under the home page, is a route."""
    return (slug or "").lower() in reserved_slugs()


def is_home(page) -> bool:
    """Whether ``page`` (any Page) is a home page, the parent these routes bind."""
    from akhbar.news.models import HomePage

    return page is not None and issubclass(page.specific_class or object, HomePage)


def reserved_slug_error(slug: str, parent) -> str | None:
    """Why ``slug`` cannot be used under ``parent``, or None when it can."""
    if not slug or not is_home(parent) or not slug_is_reserved(slug):
        return None
    return RESERVED_SLUG_MESSAGE % {"slug": slug, "suggestion": unreserved_slug(slug)}


def unreserved_slug(slug: str) -> str:
    """``slug`` if free to use under the home page, else ``slug-2``."""
    return "%s-2" % slug if slug_is_reserved(slug) else slug
