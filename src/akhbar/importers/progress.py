"""An import's progress, kept in the shared cache for ``/metrics``.

An import runs in a process of its own (``akhbar import-wordpress``) and in one
transaction, so neither its counters nor its rows are visible to the web
workers until it ends. ``ImportProgress`` notes how many items it has written
in the shared cache (Redis, or the file cache beside the data), at most every
``SAVE_SECONDS``; ``collect`` reports it at scrape time.
"""

import logging
import time

from django.core.cache import cache
from prometheus_client.core import GaugeMetricFamily

from akhbar.core import versions

logger = logging.getLogger(__name__)

KEY = versions.key("importers", "progress")
# Often enough for a dashboard, rarely enough to cost nothing per item.
SAVE_SECONDS = 0.5
# An import not heard from for this long was killed: no longer running. Long
# enough for the work between items (the search rebuild after a large import).
STALE_SECONDS = 600


class ImportProgress:
    """A ``progress(total)`` callable (what the importers take) that also
    publishes the count; ``outer`` (e.g. a progress bar's) is called as well."""

    def __init__(self, source: str, outer=None):
        self.source = source
        self.outer = outer
        self.total = 0
        self.done = 0
        self.finished = False
        self._saved_at = float("-inf")

    def __call__(self, total: int):
        self.total = total
        self._save(force=True)
        outer_tick = self.outer(total) if self.outer else None

        def tick(count: int = 1) -> None:
            self.done += count
            self._save()
            if outer_tick:
                outer_tick(count)

        return tick

    def finish(self) -> None:
        """The import ended (committed, refused or rolled back)."""
        self.finished = True
        self._save(force=True)

    def _save(self, force: bool = False) -> None:
        moment = time.monotonic()
        if not force and moment - self._saved_at < SAVE_SECONDS:
            return
        self._saved_at = moment
        state = {
            "source": self.source,
            "total": self.total,
            "done": self.done,
            "finished": self.finished,
            "updated": time.time(),
        }
        try:
            cache.set(KEY, state, timeout=None)
        except Exception as error:  # noqa: BLE001 - The cache's own errors vary.
            logger.debug("Import progress not noted: %s", error)


def collect():
    """The last import's items written and to write, and whether it runs."""
    state = cache.get(KEY)
    if state is None:
        return
    running = not state["finished"] and time.time() - state["updated"] < (STALE_SECONDS)
    yield GaugeMetricFamily(
        "akhbar_import_running",
        "1 while an import runs (and was heard from in the last 10 minutes).",
        value=int(running),
    )
    yield GaugeMetricFamily(
        "akhbar_import_items_done",
        "Items (posts, pages, attachments) the running or last import wrote.",
        value=state["done"],
    )
    yield GaugeMetricFamily(
        "akhbar_import_items_total",
        "Items in the running or last import's file.",
        value=state["total"],
    )
