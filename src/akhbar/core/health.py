"""Health endpoints for load balancers, Varnish's probe and orchestrators.

``/healthz``: the process answers (no I/O). ``/readyz``: the database, the
shared cache and the media storage are reachable; ``503`` with a JSON body
naming what failed otherwise. Neither is ever cached.

``HealthCheckMiddleware`` answers them ahead of every other middleware, so an
unreachable cache or database (which the site lookup needs) is reported, not
turned into a 500, and a probe by IP address needs no entry in ALLOWED_HOSTS.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .caching import patch_private
from .metrics import label_route
from .versions import key

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    probe_key = key("core", "readyz", uuid.uuid4().hex)
    cache.set(probe_key, 1, 10)
    if cache.get(probe_key) != 1:
        raise RuntimeError("a value written to the cache could not be read back")
    cache.delete(probe_key)


def _storage() -> None:
    # Asking for a file reaches the storage (a disk, a bucket) without writing
    # to it; an unreachable bucket or refused credentials raise.
    default_storage.exists(".akhbar-readyz")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


def _json(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    patch_private(response)
    return response


@require_safe
def healthz(request):
    """The process is up."""
    return _json({"status": "ok"})


@require_safe
def readyz(request):
    """Every service the site needs is reachable; else 503 naming the failures."""
    failed = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - Any failure means not ready.
            logger.warning("Readiness check %s failed: %s", name, error)
            failed[name] = "%s: %s" % (type(error).__name__, error)
    if failed:
        return _json({"status": "unavailable", "failed": failed}, status=503)
    return _json({"status": "ok", "checked": list(CHECKS)})


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Serve ``/healthz`` and ``/readyz`` before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ENDPOINTS.get(request.path_info)
        if view is not None:
            label_route(request, request.path_info.strip("/"))
            return view(request)
        return self.get_response(request)
