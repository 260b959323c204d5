"""Django's per-process memory cache, bounded by bytes as well as entries.

The rendered fragments and search results a web worker keeps (the
``fragments`` cache) are keyed by the versions of what they were made from: a
publish makes every older key unreachable, but Django's ``LocMemCache`` drops
an entry only when it is read after it expired or when the cache reaches
``MAX_ENTRIES``. Unreachable entries pile up to that count: 300 searches left
609 entries and 7.5 MiB of pickled results in one process, and 5,000 entries
of that size are 60 MiB in every worker. ``MAX_BYTES`` bounds the pickled
values a process keeps; past it the least recently used go first, which are
the unreachable ones. A value larger than the whole bound is not kept.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured


class LocalCache(LocMemCache):
    """``LocMemCache`` with ``OPTIONS["MAX_BYTES"]`` (0: no bound but
    ``MAX_ENTRIES``)."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 0))
        if self._max_bytes < 0:
            raise ImproperlyConfigured(
                "The %s cache's MAX_BYTES is %d; it must be 0 (no bound) or more."
                % (name, self._max_bytes)
            )

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        # Called with the lock held, the value pickled; newest first.
        if self._max_bytes and len(value) > self._max_bytes:
            # Larger than the whole bound: not kept, and nothing dropped for it.
            self._cache.pop(key, None)
            self._expire_info.pop(key, None)
            return
        super()._set(key, value, timeout)
        if not self._max_bytes:
            return
        # Summed at each write rather than kept as a running count, which
        # every path that changes the dicts (incr, delete, cull, clear) would
        # have to keep right: 650 lengths (8 MiB of search pages) take about 25 µs.
        total = sum(map(len, self._cache.values()))
        while total > self._max_bytes and self._cache:
            oldest, dropped = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            total -= len(dropped)
