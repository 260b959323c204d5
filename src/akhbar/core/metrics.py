"""Prometheus metrics at ``/metrics``, kept by prometheus-client.

``MetricsMiddleware`` (first in ``MIDDLEWARE``) counts every request by route,
method and status class and times it by route. A route is what Django's
resolver matched (the URL pattern's name, else its pattern), or a label a view
gives with ``label_route`` (Wagtail pages name their page type): never the
path, so the number of series stays bounded however many articles there are.

Values that are read rather than counted (the comment queue, the scheduler's
lag, an import's progress) come from collectors that apps register with
``register_collector``; they run at scrape time, in the process that answers.

``akhbar serve`` runs several granian workers: it points
``PROMETHEUS_MULTIPROC_DIR`` at ``AKHBAR_METRICS_DIR`` and empties it before
they start (``multiprocess_env``), so each worker writes its counts to files
there and a scrape answered by any worker sums them all. Elsewhere (the
development server, the tests' live server) counts live in the process.

Requests a process makes of itself (a worker's warm-up, ``uncounted``) are
not counted: the metrics tell what readers asked.

``/metrics`` answers only connections from loopback and the networks of
``AKHBAR_METRICS_ALLOWED_NETWORKS``, and never one a proxy forwarded (its
address would be the proxy's); everyone else gets a plain ``404``. The answer
is ``no-store``: no cache in front ever keeps it.
"""

import ipaddress
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.utils.cache import add_never_cache_headers
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

PATH = "/metrics"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Headers a proxy adds: such a request's REMOTE_ADDR is the proxy's, not the
# client's, so it says nothing about who asks.
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
LOOPBACK = ("127.0.0.0/8", "::1/128")
# Anything else a client sends as a method is one label, not one per word.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED = "unmatched"
_ROUTE_ATTRIBUTE = "akhbar_metrics_route"

REQUESTS = Counter(
    "akhbar_http_requests",
    "HTTP requests answered, by route, method and status class.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "akhbar_http_request_duration_seconds",
    "Time from a request's arrival in the app to its response, by route.",
    ["route"],
)
CACHE_LOOKUPS = Counter(
    "akhbar_cache_lookups",
    "Lookups of a page cache: 'page' (a page read kept per process and tree "
    "version), 'http' (a conditional request answered 304 is a hit).",
    ["cache", "result"],
)

_collectors: dict[str, Callable[[], Iterable]] = {}
# True while a process answers a request of its own (``uncounted``).
_uncounted: ContextVar[bool] = ContextVar("akhbar_metrics_uncounted", default=False)


@contextmanager
def uncounted():
    """Count nothing of the requests answered inside the block (a worker's
    warm-up asks for pages no reader asked for)."""
    token = _uncounted.set(True)
    try:
        yield
    finally:
        _uncounted.reset(token)


def register_collector(name: str, collect: Callable[[], Iterable]) -> None:
    """Run ``collect()`` at every scrape; it yields prometheus-client metric
    families (``GaugeMetricFamily``...). Registering a name again replaces it."""
    _collectors[name] = collect


def label_route(request, route: str) -> None:
    """Count ``request`` under ``route`` (a word from a small, fixed set)."""
    setattr(request, _ROUTE_ATTRIBUTE, route)


def cache_lookup(cache_name: str, *, hit: bool) -> None:
    """Count one lookup of the page cache ``cache_name``."""
    if _uncounted.get():
        return
    CACHE_LOOKUPS.labels(cache_name, "hit" if hit else "miss").inc()


def route_of(request) -> str:
    """The route label of ``request``: a view's own, else the resolver's match."""
    route = getattr(request, _ROUTE_ATTRIBUTE, None)
    if route:
        return route
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return match.view_name or match.route or UNMATCHED


def multiprocess_env() -> dict[str, str]:
    """The environment for the worker processes of one server: an emptied
    metrics folder that they share. Counts of an earlier run are dropped, as a
    restarted process's would be."""
    path = Path(settings.AKHBAR_METRICS_DIR)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return {MULTIPROC_ENV: str(path)}


@cache
def _allowed_networks(configured: tuple[str, ...]):
    return tuple(ipaddress.ip_network(net, strict=False) for net in configured)


def allowed(request) -> bool:
    """Whether ``request`` may read the metrics: a direct connection from
    loopback or one of ``AKHBAR_METRICS_ALLOWED_NETWORKS``."""
    if any(request.META.get(header) for header in FORWARDED_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks = _allowed_networks((*LOOPBACK, *settings.AKHBAR_METRICS_ALLOWED_NETWORKS))
    return any(address in network for network in networks)


class _Scrape:
    """What one scrape reports: the counts (every worker's in multiprocess
    mode, else this process's) and the registered collectors."""

    def collect(self):
        directory = os.environ.get(MULTIPROC_ENV)
        if directory:
            yield from MultiProcessCollector(None, path=directory).collect()
        else:
            yield from REGISTRY.collect()
        for name, collect in list(_collectors.items()):
            try:
                # Collected whole before anything is yielded, so a failure
                # (the database down) drops that collector's metrics, not
                # the scrape.
                families = list(collect())
            except Exception as error:  # noqa: BLE001 - Any failure; logged.
                logger.warning("Metrics collector %s failed: %s", name, error)
                continue
            yield from families


def metrics_view(request):
    """The metrics in Prometheus's text format, never cached."""
    if not allowed(request):
        return HttpResponseNotFound()
    response = HttpResponse(
        generate_latest(_Scrape()), content_type=CONTENT_TYPE_LATEST
    )
    add_never_cache_headers(response)
    return response


def status_class(status: int) -> str:
    """``2xx``, ``3xx``...: five values, whatever codes views invent."""
    return "%dxx" % (status // 100) if 100 <= status < 600 else "other"


class MetricsMiddleware:
    """Count and time every request; answer ``/metrics``.

    Put first in ``MIDDLEWARE`` so the time covers every other middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        if request.path_info == PATH:
            label_route(request, "metrics")
            response = metrics_view(request)
        else:
            response = self.get_response(request)
        if _uncounted.get():
            return response
        route = route_of(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(route, method, status_class(response.status_code)).inc()
        LATENCY.labels(route).observe(time.perf_counter() - started)
        return response
