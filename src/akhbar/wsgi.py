"""WSGI entry point used by ``akhbar serve``.

Each web worker of ``akhbar serve`` also runs the publishing scheduler in a
thread (``AKHBAR_SCHEDULER_IN_WORKERS``); a lock keeps one of them active.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from akhbar.core.processes import warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")

application = get_wsgi_application()

if settings.AKHBAR_SCHEDULER_IN_WORKERS:
    from akhbar.newsroom.scheduler import run_in_thread

    run_in_thread()

# Last: granian loads this module in each worker before the worker accepts
# connections, so the worker joins the pool with its pages' code loaded.
warm_up(application)
