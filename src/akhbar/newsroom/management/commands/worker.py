"""``akhbar worker``: the publishing scheduler on its own, for production.

Run one or several (on one host or many): a lock keeps exactly one active and the
others on standby. ``akhbar serve`` starts one itself unless told not to.
"""

import os
import signal
import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the publishing scheduler: scheduled articles go live, expired ones "
        "come down and breaking news ends on time, with no traffic and no cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--poll",
            type=float,
            default=None,
            help="Longest sleep in seconds (default AKHBAR_SCHEDULER_POLL_SECONDS).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help=(
                "Do what is due now (publishing and the periodic jobs) and exit "
                "(if this process gets the lock)."
            ),
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            default=None,
            help="Exit when the process with this id (the web server) has gone.",
        )

    def handle(self, *args, **options):
        from akhbar.core import jobs
        from akhbar.newsroom.locks import scheduler_lock
        from akhbar.newsroom.scheduler import Scheduler, run_due

        lock = scheduler_lock()
        if options["once"]:
            if not lock.acquire():
                self.stdout.write(f"Another scheduler holds {lock}; nothing done.")
                return
            try:
                now = Scheduler(lock=lock).clock.now()
                done, _failed = run_due(now=now)
                jobs.run_due(now)
            finally:
                lock.release()
            for item in done:
                self.stdout.write(
                    f"{item.action} {item.object_id} ({item.title}), "
                    f"{item.lateness:.3f} s late"
                )
            return

        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        if options["parent_pid"]:
            _watch_parent(options["parent_pid"], stop)
        scheduler = Scheduler(lock=lock, poll_seconds=options["poll"])
        self.stdout.write(
            f"Scheduler started ({lock}, sleeps at most {scheduler.poll_seconds:.1f} s)"
        )
        self.stdout.flush()
        scheduler.run(stop)
        self.stdout.write("Scheduler stopped.")


def _watch_parent(parent_pid: int, stop: threading.Event) -> None:
    """Set ``stop`` once ``parent_pid`` is no longer this process's parent."""

    def watch():
        while not stop.wait(0.5):
            if os.getppid() != parent_pid:
                stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
