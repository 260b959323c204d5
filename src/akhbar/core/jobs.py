"""Periodic work the one active scheduler does beside publishing.

An app registers a job in its ``AppConfig.ready`` (a newsletter digest due at a set
hour, webhook deliveries waiting for a retry). The scheduler (``akhbar worker``, or
the one ``akhbar serve`` runs) calls every job on each tick while it holds its lock,
so a job runs in one process at a time however many workers there are, and needs
no cron. A job does what is due at ``now`` and returns when it next wants to run
(``None``: at the scheduler's next poll). One job failing never stops the others.
"""

import dataclasses
import datetime
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

JobRun = Callable[[datetime.datetime], datetime.datetime | None]


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    run: JobRun


_jobs: dict[str, Job] = {}


def register(name: str, run: JobRun) -> None:
    """Have the scheduler call ``run(now)`` on each tick; a second call replaces."""
    _jobs[name] = Job(name, run)


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def registered() -> tuple[Job, ...]:
    return tuple(_jobs.values())


def run_due(now: datetime.datetime, *, still_held=None) -> datetime.datetime | None:
    """Run every registered job; return the earliest time one wants to run again.

    ``still_held`` is asked before each job so that a scheduler which lost its
    lock stops before a second one repeats the work.
    """
    next_times = []
    for job in registered():
        if still_held is not None and not still_held():
            break
        try:
            at = job.run(now)
        except Exception:
            logger.exception(
                "Periodic job %s failed; it runs again next tick", job.name
            )
            continue
        if at is not None:
            next_times.append(at)
    return min(next_times, default=None)
