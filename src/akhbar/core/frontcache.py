"""Purging the front cache when content changes, through Wagtail's backends.

Backends are configured as ``wagtail.contrib.frontend_cache`` reads them
(``WAGTAILFRONTENDCACHE``; ``AKHBAR_CACHE_PURGE_URL`` sets up Varnish). A
backend that can ban by surrogate key (``purge_keys``, as ``VarnishBanBackend``)
gets the keys; any other backend (Cloudflare, CloudFront, Wagtail's HTTP one)
gets the URLs, so one can be swapped for another in settings alone.

Purges are sent when the transaction commits: a cache that refetched before
that would store the old content again.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.db import transaction
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from . import responsecache
from .caching import SURROGATE_KEY_HEADER

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5


class BanRequest(Request):
    def get_method(self):
        return "BAN"


class VarnishBanBackend(BaseBackend):
    """Bans in Varnish by surrogate key or by URL (``deploy/varnish/akhbar.vcl``).

    ``LOCATION`` is Varnish's address, e.g. ``http://127.0.0.1:6081``; the VCL
    accepts ``BAN`` requests from the addresses in its ``purgers`` ACL only.
    """

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")

    def _send(self, headers: dict, what: str) -> bool:
        request = BanRequest(self.location + "/", headers=headers)
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - LOCATION comes from settings.
                return 200 <= response.status < 300
        except (URLError, OSError) as error:
            logger.error("Could not ban %s in Varnish: %s", what, error)
            return False

    def purge_keys(self, keys) -> None:
        """Ban every cached response whose ``Surrogate-Key`` holds one of ``keys``."""
        keys = sorted(set(keys))
        if keys:
            self._send({SURROGATE_KEY_HEADER: " ".join(keys)}, " ".join(keys))

    def purge(self, url) -> None:
        parts = urlsplit(url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        headers = {"X-Ban-Url": path or "/"}
        if parts.hostname:
            headers["X-Ban-Host"] = parts.netloc
        self._send(headers, url)


def purge(*, keys=(), urls=()) -> None:
    """Ban ``keys`` (key-aware backends) or ``urls`` (the others) now.

    ``urls`` may be a function returning them, called only if a backend needs
    URLs. The pages the app keeps itself (``responsecache``) go with ``keys``.
    """
    responsecache.keys_changed(keys)
    for name, backend in get_backends().items():
        try:
            if hasattr(backend, "purge_keys"):
                backend.purge_keys(keys)
                continue
            if callable(urls):
                urls = urls()
            if urls:
                backend.purge_batch(list(urls))
        except Exception:
            # A cache that cannot be reached must never fail a publish.
            logger.exception("Front cache %s could not be purged", name)


def purge_on_commit(*, keys=(), urls=()) -> None:
    """Ban ``keys``/``urls`` once the current transaction commits (now if none)."""
    keys = tuple(keys)
    urls = urls if callable(urls) else tuple(urls)
    transaction.on_commit(lambda: purge(keys=keys, urls=urls), robust=True)
