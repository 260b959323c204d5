"""Keep the index in step with publishing: publish, unpublish, edit, move, delete."""

import contextlib
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services

# True inside ``indexing_paused``. A flag rather than disconnecting the receiver:
# reconnected, it would run after every receiver connected meanwhile, and the
# related lists (akhbar.related) must be computed after the index is updated.
_paused: ContextVar[bool] = ContextVar("akhbar_search_indexing_paused", default=False)


def _article_changed(page):
    # After commit: the index must see the published revision, and a rolled-back
    # publish must leave no trace.
    transaction.on_commit(lambda: services.search_article_update(page=page))


@receiver(page_published)
@receiver(page_unpublished)
def published_or_unpublished(sender, instance, **kwargs):
    """Index a published article, or take an unpublished one out, after commit.

    Connected to Wagtail's ``page_published`` and ``page_unpublished``; a bulk
    writer holds it back with ``indexing_paused``.
    """
    if not _paused.get():
        _article_changed(instance)


def indexing_is_paused() -> bool:
    """Whether a bulk writer holds back the index updates of publishes now
    (``indexing_paused``): what follows them waits for its rebuild too."""
    return _paused.get()


@contextlib.contextmanager
def indexing_paused():
    """Hold back the index update of each publish and unpublish inside the block.

    For a bulk writer (a large import) that publishes many articles and then
    rebuilds the index once with ``search_index_rebuild``, which costs far less
    than an update per article (each one takes the index's lock and writes its
    postings). Until that rebuild the articles published inside the block are
    missing from search, and ``akhbar check`` says so (akhbar_search.W002).

    Yields True when this block holds the updates back, False when an enclosing
    one already does (and will let them go). Moves, deletions and view
    restrictions still update the index.
    """
    token = _paused.set(True)
    try:
        yield token.old_value is not True
    finally:
        _paused.reset(token)


@receiver(post_page_move)
def _moved(sender, instance, **kwargs):
    page = instance
    transaction.on_commit(lambda: services.search_subtree_update(page=page))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, instance, **kwargs):
    # Articles behind a password or login must not show in public search. The
    # page is looked up after commit: a restriction also goes when its page does.
    page_id = instance.page_id

    def update():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            services.search_subtree_update(page=page)

    transaction.on_commit(update)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    from akhbar.news import selectors
    from akhbar.news.models import ArticlePage

    if isinstance(instance, (ArticlePage, *selectors.story_types())):
        article_id = instance.pk
        transaction.on_commit(
            lambda: services.search_article_remove(article_id=article_id)
        )
