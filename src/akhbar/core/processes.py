"""Work handed to a second, forked process (an import's reader, the reindex's
entity worker), and the warm-up of a web worker before it takes requests."""

import io
import logging
import multiprocessing
import os
import time
from urllib.parse import unquote_to_bytes, urlsplit
from wsgiref.util import setup_testing_defaults

from django.conf import settings

from . import metrics

logger = logging.getLogger(__name__)


def can_fork() -> bool:
    """Whether a forked process would run beside this one on its own core."""
    return "fork" in multiprocessing.get_all_start_methods() and (
        (os.cpu_count() or 1) > 1
    )


def warm_up_paths() -> list[str]:
    """The pages a worker renders before it takes requests: the home page and
    the newest live page below it (an article, on a news site), whose templates,
    tags and routes are what most readers ask for."""
    from wagtail.models import Page

    paths = ["/"]
    newest = (
        Page.objects.live()
        .public()
        .filter(depth__gt=2)
        .order_by("-last_published_at")
        .first()
    )
    url = newest.specific.get_url() if newest else None
    if url:
        paths.append(urlsplit(url).path)
    return paths


def warm_up(application) -> dict[str, str]:
    """Render ``warm_up_paths()`` through ``application`` (a WSGI callable) in
    this process, so that its URLconf, views, templates and database connection
    are loaded before a reader asks: a cold worker's first page costs seconds
    of CPU (half a minute on a loaded machine, past a cache's first-byte
    timeout). Called at import of the WSGI module, which granian does in each
    worker before the worker accepts connections: a respawned worker joins the
    pool warm while the others serve. Returns each path's status ("200"; empty
    when ``AKHBAR_SERVE_WARM_UP`` is off). Failures are logged, never raised:
    a worker that could not warm up still serves."""
    if not settings.AKHBAR_SERVE_WARM_UP:
        return {}
    started = time.perf_counter()
    try:
        from .urls import base_url

        address = urlsplit(base_url())
        paths = warm_up_paths()
    except Exception:
        logger.warning("Warm-up skipped: no site address or pages", exc_info=True)
        return {}
    statuses = {path: _get(application, path, address) for path in paths}
    logger.info(
        "Worker warmed up in %.2f s: %s",
        time.perf_counter() - started,
        ", ".join("%s %s" % item for item in statuses.items()),
    )
    return statuses


def _get(application, path: str, address) -> str:
    """The status line of ``GET path`` answered by ``application`` in process,
    as if it came to the site's public address (its host and scheme); not
    counted in the metrics, which tell what readers asked."""
    environ = {
        "REQUEST_METHOD": "GET",
        # WSGI's path: the URL's bytes, decoded, each as one character.
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "HTTP_HOST": address.netloc,
        "SERVER_NAME": address.hostname or "localhost",
        "SERVER_PORT": str(address.port or (443 if address.scheme == "https" else 80)),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": address.scheme or "http",
        "wsgi.input": io.BytesIO(),
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and address.scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]
    setup_testing_defaults(environ)
    answer = []
    try:
        with metrics.uncounted():
            body = application(
                environ, lambda status, headers, *args: answer.append(status)
            )
            try:
                for _chunk in body:
                    pass
            finally:
                if hasattr(body, "close"):
                    body.close()
    except Exception:
        logger.warning("Warm-up request for %s failed", path, exc_info=True)
        return "failed"
    return answer[0].split(" ", 1)[0] if answer else "no answer"
