"""Keep the index in step with publishing: publish, unpublish, edit, move, delete."""

import contextlib

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services


def _article_changed(page):
    # After commit: the index must see the published revision, and a rolled-back
    # publish must leave no trace.
    transaction.on_commit(lambda: services.search_article_update(page=page))


@receiver(page_published)
@receiver(page_unpublished)
def _published_or_unpublished(sender, instance, **kwargs):
    _article_changed(instance)


@contextlib.contextmanager
def indexing_paused():
    """Hold back the site search's per-article updates on publish and unpublish.

    For a bulk import that rebuilds the index once when it is done
    (``services.search_index_rebuild``): one rebuild costs far less than an
    update per article. Other changes (moves, restrictions, deletions) are
    still followed.
    """
    signals = [
        signal
        for signal in (page_published, page_unpublished)
        if signal.disconnect(_published_or_unpublished)
    ]
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(_published_or_unpublished)


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
    from akhbar.news.models import ArticlePage

    if isinstance(instance, ArticlePage):
        article_id = instance.pk
        transaction.on_commit(
            lambda: services.search_article_remove(article_id=article_id)
        )
