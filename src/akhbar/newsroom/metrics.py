"""The publishing scheduler's lag as Prometheus gauges (``akhbar.core.metrics``).

The active scheduler notes the time of each tick and the lateness of the last
scheduled change in the shared cache (Redis, or the file cache beside the
data); whichever process answers a scrape reads them, so the figures are right
when the scheduler runs in ``akhbar worker`` on another machine.
"""

import logging
import time

from django.core.cache import cache
from prometheus_client.core import GaugeMetricFamily

from akhbar.core import versions

logger = logging.getLogger(__name__)

TICK_KEY = versions.key("newsroom", "scheduler", "tick")
LATENESS_KEY = versions.key("newsroom", "scheduler", "lateness")


def scheduler_ticked(*, done=()) -> None:
    """Note a tick of the active scheduler and how late its last change was.

    Never raises: a cache that is down must not stop the scheduler.
    """
    values = {TICK_KEY: time.time()}
    if done:
        values[LATENESS_KEY] = done[-1].lateness
    try:
        cache.set_many(values, timeout=None)
    except Exception as error:  # noqa: BLE001 - The cache's own errors vary.
        logger.debug("Scheduler tick not noted: %s", error)


def collect():
    """Seconds since the last tick, and the last scheduled change's lateness."""
    found = cache.get_many([TICK_KEY, LATENESS_KEY])
    if TICK_KEY in found:
        yield GaugeMetricFamily(
            "akhbar_scheduler_seconds_since_tick",
            "Seconds since the active publishing scheduler last looked for due "
            "work (it looks at least every AKHBAR_SCHEDULER_POLL_SECONDS).",
            value=max(0.0, time.time() - found[TICK_KEY]),
        )
    if LATENESS_KEY in found:
        yield GaugeMetricFamily(
            "akhbar_scheduler_last_lateness_seconds",
            "Seconds between the time the last scheduled change was due and "
            "the time it was made.",
            value=found[LATENESS_KEY],
        )
