"""The site's public address, and absolute URLs built from it.

Every absolute URL the site hands out (canonical links, metadata, sitemaps,
feeds, share links, e-mails) is built here, so that one setting decides the
host a reader, a crawler or a mail client is sent to::

    absolute_url("/sitemap.xml")  # "https://news.example/sitemap.xml"

The address is ``AKHBAR_BASE_URL`` when it is set, else the root URL of the
default Wagtail Site record (which ``akhbar demo`` and ``akhbar serve`` write).
"""

from django.conf import settings


def base_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://news.example``."""
    if settings.AKHBAR_BASE_URL:
        return settings.AKHBAR_BASE_URL
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) on the site's address; a full URL is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + path
