"""``wordpress_import``: a WordPress export (WXR) into the default site.

The entry point of the WordPress source: ``parser`` reads the file,
``importer`` maps it onto Akhbar and writes through ``importers.services``
(and, for new articles and comments, the bulk writer of ``importers.fast``).
"""

import contextlib
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db import transaction
from wagtail.images import get_image_model

from akhbar.core.bulk import fewer_collections
from akhbar.importers.duplicates import report_duplicates
from akhbar.importers.fast.indexing import DeferredIndexing
from akhbar.importers.progress import ImportProgress
from akhbar.importers.report import KINDS, ImportReport
from akhbar.importers.services import home_page

from .importer import WordPressImporter


def _remove_files(names: Iterable[str]) -> None:
    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def _webhooks():
    """``akhbar.webhooks.services`` when webhooks are installed."""
    if not apps.is_installed("akhbar.webhooks"):
        return None
    from akhbar.webhooks import services

    return services


def wordpress_import(
    *,
    path: str | Path,
    media_dir: str | Path | None = None,
    dry_run: bool = False,
    progress=None,
    rebuild_search: bool = True,
) -> ImportReport:
    """Import a WordPress export (WXR) into the default site, all or nothing.

    The file is read twice: once to check it (a refused file writes nothing)
    and learn what later items need, once to write. ``progress(total)`` may
    return a callable advanced once per item (e.g. a tqdm bar's ``update``);
    the count is also published for ``/metrics`` (``importers.progress``).
    A large import rebuilds the site search once committed, unless
    ``rebuild_search`` is false (``akhbar reindex`` does it later). Webhooks
    get one ``import.completed`` event with the counts, not an event per
    historical post.
    Raises ``ImportRefused`` for a hostile, broken or non-WXR file.
    """
    report = ImportReport(dry_run=dry_run)
    written: list[str] = []
    importer = WordPressImporter(
        path=Path(path),
        media_dir=Path(media_dir) if media_dir else None,
        report=report,
        written=written,
    )
    tracker = ImportProgress("wordpress", progress)
    webhooks = _webhooks()
    held = webhooks.article_events_held() if webhooks else contextlib.nullcontext()
    with fewer_collections(), held:
        scan = importer.scan()
        indexing = DeferredIndexing(items=scan.items, rebuild_search=rebuild_search)
        try:
            with transaction.atomic():
                with indexing.deferred():
                    importer.run(home=home_page(), indexing=indexing, progress=tracker)
                indexing.flush()
                if dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            _remove_files(written)
            raise
        finally:
            tracker.finish()
    if dry_run:
        _remove_files(written)
    else:
        indexing.after_commit(report)
        report_duplicates(report, importer.posts.values())
        if webhooks:
            counts = report.as_dict()
            webhooks.import_completed(
                source=importer.source,
                counts={kind: counts[kind] for kind in KINDS},
                errors=len(report.errors),
            )
    return report
