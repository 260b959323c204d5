"""Scheduled publishing that never waits for a visitor or a cron job.

WordPress publishes a scheduled post only when someone visits (WP-Cron); Wagtail
needs ``publish_scheduled`` run by an outside cron. Here one long-running scheduler
(``akhbar worker``, or the one ``akhbar serve`` starts) computes the next due time,
sleeps until then, and does what is due:

- publish revisions whose ``go_live_at`` has come (Wagtail's ``approved_go_live_at``),
- unpublish pages whose ``expire_at`` has passed,
- take articles off the breaking ticker when ``breaking_until`` has passed,
- run the periodic jobs apps register in ``akhbar.core.jobs``.

Its sleep is bounded by ``AKHBAR_SCHEDULER_POLL_SECONDS`` so that something
scheduled from a web process is seen within that time. A lock keeps one scheduler
active however many run; the clock is a parameter so tests can drive time.

``akhbar serve`` runs it as a thread in every web worker (``run_in_thread``):
one worker holds the lock and works, the others stand by, and when the holder
dies its lock goes with it (the kernel drops the file lock, PostgreSQL the
advisory lock; a Redis lock expires) and another takes over within the poll
time, at the cost of a thread rather than a process of its own.
"""

import atexit
import dataclasses
import datetime
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.db.models import Min
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

from akhbar.core import jobs
from akhbar.news.models import ArticlePage

from .locks import SchedulerLock, scheduler_lock
from .metrics import scheduler_ticked
from .services import breaking_expire

logger = logging.getLogger(__name__)

# Sleeping less than this between ticks buys nothing and would spin on a clock
# that is a hair behind the database's.
MIN_DELAY_SECONDS = 0.01


class SystemClock:
    """Wall-clock time and real waiting."""

    def now(self) -> datetime.datetime:
        return timezone.now()

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Sleep ``seconds`` or until ``stop`` is set; True when stopped."""
        return stop.wait(seconds)


@dataclasses.dataclass(frozen=True)
class Done:
    """One scheduled change the scheduler made, and how late it was."""

    action: str  # "publish", "unpublish" or "breaking_expired"
    object_id: str
    title: str
    due_at: datetime.datetime
    done_at: datetime.datetime

    @property
    def lateness(self) -> float:
        """Seconds between the scheduled time and the change."""
        return (self.done_at - self.due_at).total_seconds()


def _draft_state_models() -> list:
    """Page and every other model that Wagtail can publish and expire."""
    models = [Page]
    models += [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return models


def next_due_at() -> datetime.datetime | None:
    """The earliest time at which something is scheduled, past or future."""
    times = [
        Revision.objects.filter(approved_go_live_at__isnull=False).aggregate(
            at=Min("approved_go_live_at")
        )["at"],
        ArticlePage.objects.filter(
            live=True, is_breaking=True, breaking_until__isnull=False
        ).aggregate(at=Min("breaking_until"))["at"],
    ]
    for model in _draft_state_models():
        times.append(
            model.objects.filter(live=True, expire_at__isnull=False).aggregate(
                at=Min("expire_at")
            )["at"]
        )
    times = [t for t in times if t is not None]
    return min(times) if times else None


def run_due(*, now: datetime.datetime, clock=None, still_held=None):
    """Do everything due at ``now``; return what was done and whether any failed.

    ``still_held`` is asked before each change so that a scheduler which lost its
    lock mid-way stops before a second one repeats its work.
    """
    clock = clock or SystemClock()
    done: list[Done] = []
    failed = False

    def allowed() -> bool:
        return still_held is None or still_held()

    expired = []
    for model in _draft_state_models():
        expired += list(
            model.objects.filter(live=True, expire_at__lte=now).order_by("expire_at")
        )
    revisions = list(
        Revision.objects.filter(approved_go_live_at__lte=now).order_by(
            "approved_go_live_at"
        )
    )
    work = [("unpublish", obj) for obj in expired]
    work += [("publish", revision) for revision in revisions]
    for action, item in work:
        if not allowed():
            break
        try:
            if action == "unpublish":
                obj = item.specific if isinstance(item, Page) else item
                obj.unpublish(
                    set_expired=True, log_action="wagtail.unpublish.scheduled"
                )
                due_at, object_id, title = obj.expire_at, obj.pk, str(obj)
            else:
                due_at = item.approved_go_live_at
                item.publish(log_action="wagtail.publish.scheduled")
                object_id, title = item.object_id, item.object_str
        except Exception:
            failed = True
            logger.exception("Could not %s %r when due", action, item)
            continue
        done.append(Done(action, str(object_id), title, due_at, clock.now()))
    else:
        if allowed():
            for article in breaking_expire(now=now):
                done.append(
                    Done(
                        "breaking_expired",
                        str(article.pk),
                        article.title,
                        article.breaking_until,
                        clock.now(),
                    )
                )

    for item in done:
        logger.info(
            "Scheduled %s of %s (%s) done %.3f s after its time",
            item.action,
            item.object_id,
            item.title,
            item.lateness,
        )
    return done, failed


class Scheduler:
    """Sleep until the next due time, do what is due, repeat while holding the lock."""

    def __init__(
        self,
        *,
        lock: SchedulerLock,
        clock=None,
        poll_seconds: float | None = None,
        on_done=None,
    ):
        self.lock = lock
        self.clock = clock or SystemClock()
        self.poll_seconds = (
            poll_seconds
            if poll_seconds is not None
            else settings.AKHBAR_SCHEDULER_POLL_SECONDS
        )
        self.on_done = on_done
        self.active = False

    def tick(self) -> float:
        """Do what is due now; return how many seconds to sleep before the next tick."""
        # A long-running process must drop broken or expired connections as a
        # request would; never one inside a caller's transaction.
        outside_transaction = not connection.in_atomic_block
        if outside_transaction:
            close_old_connections()
        try:
            done, failed = run_due(
                now=self.clock.now(), clock=self.clock, still_held=self.lock.acquire
            )
            next_at = next_due_at()
            job_at = jobs.run_due(self.clock.now(), still_held=self.lock.acquire)
        except DatabaseError:
            logger.exception("Scheduler could not reach the database; will retry.")
            if outside_transaction:
                connections.close_all()
            return self.poll_seconds
        scheduler_ticked(done=done)
        if done and self.on_done is not None:
            self.on_done(done)
        if failed:
            return self.poll_seconds
        delay = self.poll_seconds
        if next_at is None or (job_at is not None and job_at < next_at):
            next_at = job_at
        if next_at is not None:
            until_due = (next_at - self.clock.now()).total_seconds()
            delay = min(delay, max(until_due, MIN_DELAY_SECONDS))
        return delay

    def run(self, stop: threading.Event) -> None:
        """Loop until ``stop`` is set; only the holder of the lock does any work."""
        try:
            while not stop.is_set():
                if not self.lock.acquire():
                    if self.active:
                        logger.warning("Scheduler lost %s; standing by.", self.lock)
                    self.active = False
                    self.clock.wait(stop, self.poll_seconds)
                    continue
                if not self.active:
                    logger.info("Scheduler active, holding %s.", self.lock)
                    self.active = True
                self.clock.wait(stop, self.tick())
        finally:
            self.lock.release()
            self.active = False
            if not connection.in_atomic_block:
                # A scheduler thread's connections end with it.
                connections.close_all()


def run_in_thread() -> threading.Thread:
    """Start this process's scheduler in a daemon thread, stopped at exit.

    For web workers (``AKHBAR_SCHEDULER_IN_WORKERS``, set by ``akhbar serve``):
    the thread never keeps a worker from exiting, and a worker that exits
    normally gives the lock up at once for another to take.
    """
    stop = threading.Event()
    scheduler = Scheduler(lock=scheduler_lock())
    thread = threading.Thread(
        target=scheduler.run, args=(stop,), name="akhbar-scheduler", daemon=True
    )
    thread.start()

    def end():
        stop.set()
        thread.join(5)

    atexit.register(end)
    return thread
