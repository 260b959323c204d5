"""Search backends: a base class, one per database vendor, and a dummy.

AKHBAR_SEARCH_BACKEND names a backend class by dotted path; when it is empty the
backend follows the database: SQLite or PostgreSQL. AKHBAR_SEARCH_BACKEND_OPTIONS
is passed to the backend.
"""

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

from .base import (
    BaseSearchBackend,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
)

__all__ = [
    "BaseSearchBackend",
    "IndexDocument",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "backend_class_for",
    "get_search_backend",
]

VENDOR_BACKENDS = {
    "sqlite": "akhbar.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "akhbar.search.backends.postgres.PostgresSearchBackend",
}
_instances: dict[tuple[str, str], BaseSearchBackend] = {}


def backend_class_for(using: str = "default") -> type[BaseSearchBackend]:
    """Return the backend class configured, or the one for the database's vendor."""
    path = getattr(settings, "AKHBAR_SEARCH_BACKEND", "") or ""
    if not path:
        vendor = connections[using].vendor
        try:
            path = VENDOR_BACKENDS[vendor]
        except KeyError:
            raise ValueError(
                "No search backend for the %r database. Set AKHBAR_SEARCH_BACKEND "
                "to a backend class, e.g. "
                "'akhbar.search.backends.dummy.DummySearchBackend'." % vendor
            ) from None
    return import_string(path)


def get_search_backend(using: str = "default") -> BaseSearchBackend:
    """Return the search backend for a database alias (one instance per process)."""
    cls = backend_class_for(using)
    key = (using, "%s.%s" % (cls.__module__, cls.__qualname__))
    backend = _instances.get(key)
    if backend is None:
        options = getattr(settings, "AKHBAR_SEARCH_BACKEND_OPTIONS", {}) or {}
        backend = _instances[key] = cls(options, using=using)
    return backend
