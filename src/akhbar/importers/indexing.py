"""Index updates held back during a bulk import, and done once at the end."""

import contextlib
import logging

from django.db.models.signals import post_save
from django.utils.translation import gettext as _
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from .report import ImportReport

logger = logging.getLogger(__name__)


def _site_search_handler():
    """akhbar.search's per-publish indexing hook, when that app is installed."""
    from django.apps import apps

    if not apps.is_installed("akhbar.search"):
        return None
    try:
        from akhbar.search import signal_handlers
    except ImportError:
        return None
    return getattr(signal_handlers, "_published_or_unpublished", None)


class DeferredIndexing:
    """Search and reference indexing held back during a bulk import.

    Wagtail updates its search and reference indexes on every save, three
    times per imported page; held back, each object is indexed once at the
    end, in bulk where the backend allows. A large import also holds back the
    site search (akhbar.search indexes each article after commit, one at a
    time) and rebuilds it once after the import is committed.
    """

    # Below this many items the site search keeps its own per-article updates.
    SITE_SEARCH_REBUILD_FROM = 200

    def __init__(self, *, items: int = 0):
        self.touched: dict[type, set[int]] = {}
        self.site_search_handler = (
            _site_search_handler() if items >= self.SITE_SEARCH_REBUILD_FROM else None
        )

    def touch(self, obj) -> None:
        self.touched.setdefault(type(obj), set()).add(obj.pk)

    @contextlib.contextmanager
    def deferred(self):
        from modelsearch import index
        from modelsearch.signal_handlers import post_save_signal_handler
        from wagtail.signals import page_published, page_unpublished

        models = [
            m
            for m in index.get_indexed_models()
            if getattr(m, "search_auto_update", True)
        ]
        disconnected = [
            m
            for m in models
            if post_save.disconnect(post_save_signal_handler, sender=m)
        ]
        handler = self.site_search_handler
        if handler is not None:
            page_published.disconnect(handler)
            page_unpublished.disconnect(handler)
        try:
            with disable_reference_index_auto_update():
                yield self
        finally:
            for model in disconnected:
                post_save.connect(post_save_signal_handler, sender=model)
            if handler is not None:
                page_published.connect(handler)
                page_unpublished.connect(handler)

    def flush(self) -> None:
        """Index everything touched (inside the import's transaction)."""
        from modelsearch.backends import get_search_backends

        backends = list(get_search_backends(with_auto_update=True))
        for model, pks in self.touched.items():
            pks = sorted(pks)
            for start in range(0, len(pks), 500):
                objects = list(model.objects.filter(pk__in=pks[start : start + 500]))
                if ReferenceIndex.is_indexed(model):
                    for obj in objects:
                        ReferenceIndex.create_or_update_for_object(obj)
                indexed = getattr(model, "search_fields", None)
                if indexed:
                    for backend in backends:
                        backend.add_bulk(model, objects)

    def after_commit(self, report: ImportReport) -> None:
        """Rebuild the site search once, if it was held back.

        One rebuild costs far less than an update per article: each update
        takes the index's lock and rewrites its postings.
        """
        if self.site_search_handler is None:
            return
        from akhbar.search.services import search_index_rebuild

        try:
            search_index_rebuild()
        except Exception:  # The import is committed; say how to finish it.
            logger.exception("Rebuilding the search index after an import failed")
            report.error(_("لم يُحدَّث فهرس البحث؛ شغّل ‎akhbar reindex‎ لإعادة بنائه."))
