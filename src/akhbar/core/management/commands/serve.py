"""``akhbar serve``: a production-grade server (granian) with DEBUG off.

Unless ``--no-scheduler`` is given it also runs the publishing scheduler, so
scheduled articles go live on time in the embedded set-up with nothing else to
run: as a thread in each web worker (``AKHBAR_SCHEDULER_IN_WORKERS``; one holds
the lock and works, another takes over when it dies), or with
``--scheduler-process`` as a process of its own beside them (``akhbar worker``,
the newsroom's command, which exits with the server). The command is found by
name, among those of the installed apps, so that core imports no app above it.

A worker that dies (killed, out of memory) is started again by granian
(``--respawn-failed-workers``) instead of taking the whole server down. Each
worker renders a few pages before it accepts connections
(``akhbar.core.processes.warm_up``, ``AKHBAR_SERVE_WARM_UP``), so a respawned
worker joins the pool warm while the others serve.
"""

import os
import subprocess
import sys

from django.core.management import get_commands
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from akhbar.arabic import caches
from akhbar.core.metrics import multiprocess_env
from akhbar.core.static import collect_static
from akhbar.core.urls import base_url, default_site_address_set

SCHEDULER_COMMAND = "worker"
# A dead worker is replaced this soon (granian's default waits 3.5 s).
RESPAWN_INTERVAL_SECONDS = 1.0
# A worker still loading (importing, warming up: tens of seconds on a loaded
# machine) when the server is stopped has not yet set its own signal handlers:
# it ignores SIGTERM, and granian, with no kill timeout, would wait for it
# forever. It is killed after this long instead; serving workers finish their
# requests well within it.
WORKERS_KILL_TIMEOUT_SECONDS = 10


class Command(BaseCommand):
    help = "Serve the site with granian (DEBUG off, static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the publishing scheduler in this process group.",
        )
        parser.add_argument(
            "--scheduler-process",
            action="store_true",
            help="Run the scheduler as a process of its own, not in the workers.",
        )

    def handle(self, *args, **options):
        collect_static()
        self.record_address(options["host"], options["port"])
        env = dict(os.environ)
        env["DJANGO_DEBUG"] = "0"
        env.pop("AKHBAR_SCHEDULER_IN_WORKERS", None)  # Set below when wanted.
        env.setdefault("DJANGO_SETTINGS_MODULE", os.environ["DJANGO_SETTINGS_MODULE"])
        # The workers (and the scheduler) share one folder of metrics.
        env.update(multiprocess_env())
        # Long-lived processes that analyse a story at a time: small per-word
        # caches of the Arabic analysis (akhbar.arabic.caches).
        if not env.get(caches.VARIABLE, "").strip():
            env[caches.VARIABLE] = str(caches.SERVE_WORDS)
        argv = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            str(options["threads"]),
            "--no-ws",
            "--respawn-failed-workers",
            "--respawn-interval",
            str(RESPAWN_INTERVAL_SECONDS),
            "--workers-kill-timeout",
            str(WORKERS_KILL_TIMEOUT_SECONDS),
            "akhbar.wsgi:application",
        ]
        self.stdout.write(
            "Serving on http://{}:{}/ ({} workers)".format(
                options["host"], options["port"], options["workers"]
            )
        )
        scheduler = not options["no_scheduler"] and SCHEDULER_COMMAND in get_commands()
        if scheduler and options["scheduler_process"]:
            # granian replaces this process below and keeps its id, which the
            # scheduler watches so that it ends with the server.
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "akhbar.cli",
                    SCHEDULER_COMMAND,
                    "--parent-pid",
                    str(os.getpid()),
                ],
                env=env,
            )
            self.stdout.write("Publishing scheduler started beside the web workers.")
        elif scheduler:
            env["AKHBAR_SCHEDULER_IN_WORKERS"] = "1"
            self.stdout.write("Publishing scheduler runs in the web workers.")
        self.stdout.flush()
        os.execve(sys.executable, argv, env)  # noqa: S606

    def record_address(self, host, port):
        """Absolute URLs (canonical, share links, sitemaps) name the address
        served, unless AKHBAR_BASE_URL or an operator's Site record says better."""
        try:
            default_site_address_set(hostname=host, port=port)
            address = base_url()
        except DatabaseError:
            self.stderr.write("No database yet (run 'akhbar migrate'): no address.")
            return
        self.stdout.write("Public address: %s (AKHBAR_BASE_URL changes it)" % address)
