"""System checks of the search configuration and of the index."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError
from django.utils.module_loading import import_string

from akhbar.arabic.search_terms import ANALYSIS_VERSION

# The index may trail the live articles by the few being published right now;
# below this share of them, articles are missing.
INDEXED_AT_LEAST = 0.9


@register()
def check_search_backend(app_configs, **kwargs):
    """akhbar.E101: AKHBAR_SEARCH_BACKEND must name an importable backend class."""
    path = getattr(settings, "AKHBAR_SEARCH_BACKEND", "")
    if not path:
        return []
    try:
        import_string(path)
    except ImportError as error:
        return [
            Error(
                "AKHBAR_SEARCH_BACKEND %r cannot be imported: %s" % (path, error),
                hint="Leave it empty to follow the database, or name a class such "
                "as 'akhbar.search.backends.dummy.DummySearchBackend'.",
                id="akhbar.E101",
            )
        ]
    return []


@register()
def check_search_index(app_configs, **kwargs):
    """The index must hold every live article.

    akhbar_search.W001: a rebuild began and has not finished (it is running, or
    it was killed: searches answer from the index as it was before it).
    akhbar_search.W002: the index holds far fewer documents than there are live
    articles (an import stopped before its rebuild, or ran without one).
    akhbar_search.W003: the index holds documents analysed by another version
    of the Arabic analysis than the code's (an upgrade): some words of a query
    no longer meet the same words in the documents.
    """
    if app_configs is not None and not any(
        config.name == "akhbar.search" for config in app_configs
    ):
        return []
    from akhbar.news.selectors import live_articles

    from .backends import get_search_backend

    try:
        backend = get_search_backend()
    except (ImportError, ValueError):
        return []  # akhbar.E101, or a database with no backend: said elsewhere.
    if not backend.keeps_documents:
        return []
    # Plain reads, no transaction: on SQLite a transaction would wait for the
    # write lock that a running rebuild holds.
    try:
        started = backend.rebuild_started_at()
        indexed = backend.document_count()
        live = live_articles().using(backend.using).count()
        version = backend.analysis_version()
    except DatabaseError:
        return []  # Not migrated yet: ``akhbar migrate`` comes first.
    messages = []
    if started is not None:
        messages.append(
            Warning(
                "A rebuild of the search index started at %s and has not finished."
                % started.isoformat(timespec="seconds"),
                hint="Unless 'akhbar reindex' or an import is running now, it was "
                "interrupted: searches answer from the index as it was before, "
                "without the articles published since. Run 'akhbar reindex'.",
                id="akhbar_search.W001",
            )
        )
    if indexed < live * INDEXED_AT_LEAST:
        messages.append(
            Warning(
                "The search index holds %d documents for %d live articles."
                % (indexed, live),
                hint="Articles are missing from search, e.g. after an import that "
                "stopped before rebuilding the index or ran with --no-reindex. "
                "Run 'akhbar reindex'.",
                id="akhbar_search.W002",
            )
        )
    if indexed and version != ANALYSIS_VERSION:
        newer = version is not None and version > ANALYSIS_VERSION
        messages.append(
            Warning(
                "The search index was built by %s version of the Arabic analysis "
                "(%s; this code's is version %d)."
                % (
                    "a newer" if newer else "an older",
                    "unstamped" if version is None else "version %d" % version,
                    ANALYSIS_VERSION,
                ),
                hint="Queries are analysed this code's way and the indexed "
                "articles the other way, so some words no longer find the "
                "articles that hold them. Run 'akhbar reindex'.",
                id="akhbar_search.W003",
            )
        )
    return messages
