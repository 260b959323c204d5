"""Purging the front cache when content changes, through Wagtail's backends.

Backends are configured as ``wagtail.contrib.frontend_cache`` reads them
(``WAGTAILFRONTENDCACHE``; ``AKHBAR_CACHE_PURGE_URL`` sets up Varnish). A
backend that can ban by surrogate key (``purge_keys``, as ``VarnishBanBackend``)
gets the keys; any other backend (Cloudflare, CloudFront, Wagtail's HTTP one)
gets the URLs, so one can be swapped for another in settings alone.

Purges are sent when the transaction commits: a cache that refetched before
that would store the old content again.

A key-aware backend bans the keys a second time, ``REBAN_SECONDS`` later,
only in the pages whose request began before the change (their
``X-Akhbar-Read-At``, ``responsecache.mark_read_at``). A page read before
the commit and checked before the change was stamped
(``responsecache.changed_while_read`` found nothing) may reach Varnish after
the first ban: Varnish tests an object only against the bans older than it,
and an object gets its place in the ban list when its fetch ends, so that
copy would be served for its whole ``s-maxage`` without the new story
(``tests/core/test_varnish_reban.py``). Pages rendered since the change are
not touched by the second ban.
"""

import atexit
import logging
import threading
import time
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
# How long after a change its second ban is sent: longer than a finished
# page takes to travel from the app's check to Varnish (milliseconds; more
# on a starved machine), short next to the pages' s-maxage.
REBAN_SECONDS = 2.0


def read_before(stamp: int) -> str:
    """A regular expression matching the ``X-Akhbar-Read-At`` values (16
    digits) smaller than ``stamp``: Varnish's bans compare headers as strings
    only. No space and no backslash (the ban parser splits on the one and
    unescapes the other)."""
    digits = "%0*d" % (responsecache.READ_AT_DIGITS, stamp)
    branches = []
    for place, digit in enumerate(digits):
        if digit == "0":
            continue
        rest = responsecache.READ_AT_DIGITS - place - 1
        lower = "0" if digit == "1" else "[0-%d]" % (int(digit) - 1)
        branches.append(digits[:place] + lower + ("[0-9]{%d}" % rest if rest else ""))
    return "^(%s)$" % "|".join(branches or ["x^"])


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

    def purge_keys(self, keys, *, read_before_stamp: int | None = None) -> None:
        """Ban every cached response whose ``Surrogate-Key`` holds one of
        ``keys`` (only those read before ``read_before_stamp``, in
        microseconds, if given)."""
        keys = sorted(set(keys))
        if not keys:
            return
        headers = {SURROGATE_KEY_HEADER: " ".join(keys)}
        if read_before_stamp is not None:
            headers["X-Ban-Read-Before"] = read_before(read_before_stamp)
        self._send(headers, " ".join(keys))

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
    stamp = responsecache.keys_changed(keys)
    for name, backend in get_backends().items():
        try:
            if hasattr(backend, "purge_keys"):
                backend.purge_keys(keys)
                if keys:
                    _second_bans.add(name, backend, tuple(keys), stamp)
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


class _SecondBans:
    """The second bans (see the module) waiting for their time, sent by one
    thread per process; those still waiting when the process exits are sent
    then (earlier, which still catches most late copies)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting: list[tuple] = []
        self.thread = None

    def add(self, name, backend, keys, stamp: int) -> None:
        with self.lock:
            self.waiting.append(
                (time.monotonic() + REBAN_SECONDS, name, backend, keys, stamp)
            )
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self.run, name="akhbar-second-bans", daemon=True
                )
                self.thread.start()

    def run(self) -> None:
        while True:
            with self.lock:
                if not self.waiting:
                    self.thread = None
                    return
                due = self.waiting[0][0]
                if due <= time.monotonic():
                    ban = self.waiting.pop(0)
                else:
                    ban = None
            if ban is None:
                # Every ban waits the same REBAN_SECONDS, so the list is in due
                # order: none added meanwhile is due before this one.
                time.sleep(max(0.0, due - time.monotonic()))
                continue
            self.send(*ban[1:])

    @staticmethod
    def send(name, backend, keys, stamp: int) -> None:
        try:
            backend.purge_keys(keys, read_before_stamp=stamp)
        except Exception:
            logger.exception("Front cache %s could not be purged", name)

    def flush(self) -> None:
        """Send every waiting ban now."""
        with self.lock:
            waiting, self.waiting = self.waiting, []
        for ban in waiting:
            self.send(*ban[1:])


_second_bans = _SecondBans()
atexit.register(_second_bans.flush)
