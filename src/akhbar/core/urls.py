"""The site's public address, and absolute URLs built from it.

Every absolute URL the site hands out (canonical links, metadata, sitemaps,
feeds, share links, e-mails) is built here, so that one setting decides the
host a reader, a crawler or a mail client is sent to::

    absolute_url("/sitemap.xml")  # "https://news.example/sitemap.xml"

The address is ``AKHBAR_BASE_URL`` when it is set, else the root URL of the
default Wagtail Site record (which ``akhbar demo`` and ``akhbar serve`` write).
"""

from django.conf import settings

from . import versions

# Bumped whenever a Site record changes (signal_handlers).
SITES = versions.Version("sites")
# The default Site's address in this process, under the SITES version read.
_addresses: dict[int, str] = {}


def base_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://news.example``."""
    if settings.AKHBAR_BASE_URL:
        return settings.AKHBAR_BASE_URL
    # A page hands out a dozen absolute URLs: one version read per request
    # (``versions.request_scope``) instead of a query each.
    version = SITES.get()
    address = _addresses.get(version)
    if address is None:
        from wagtail.models import Site

        site = (
            Site.objects.filter(is_default_site=True).only("hostname", "port").first()
        )
        address = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
        _addresses.clear()
        _addresses[version] = address
    return address


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) on the site's address; a full URL is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + path


def page_absolute_url(page, request=None) -> str:
    """A Wagtail page's URL on the site's address ("" for a page with no route).

    Wagtail's own ``full_url`` takes the host from the Site record that matched
    the request, which may be the name a proxy or a test client used.
    """
    parts = page.get_url_parts(request)
    return absolute_url(parts[2]) if parts else ""


# Names that only reach this machine: a Site record holding one of them is still
# the installation's default and may be replaced by the address actually served.
LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "0.0.0.0", ""})  # noqa: S104
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "127.0.0.1"}  # noqa: S104


def default_site_address_set(*, hostname: str, port: int) -> bool:
    """Write ``hostname``/``port`` on the default Site record, the fallback of
    ``base_url()``; True if it changed.

    A record that already names a public host (set by an operator in the admin)
    is left alone, and so is a missing record: the server still starts. A
    wildcard listening address is written as the loopback one, which a browser
    on this machine reaches; other machines need ``AKHBAR_BASE_URL``.
    """
    from wagtail.models import Site

    hostname = WILDCARD_HOSTS.get(hostname, hostname)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.hostname not in LOCAL_HOSTNAMES:
        return False
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
