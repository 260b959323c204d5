"""Keep related lists in step with publishing: publish, unpublish, delete."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from . import services


@receiver(page_published)
@receiver(page_unpublished)
def published_or_unpublished(sender, instance, **kwargs):
    """Recompute the article's list and its neighbours' after commit.

    Registered after search's receiver (INSTALLED_APPS order), so its
    on-commit update of the index runs first and the article is a candidate
    for its neighbours.
    """
    page = instance
    transaction.on_commit(lambda: services.related_article_update(page=page))


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    from akhbar.news.models import ArticlePage

    if isinstance(instance, ArticlePage):
        object_id = str(instance.pk)
        transaction.on_commit(
            lambda: services.related_document_remove(services.ARTICLE, object_id)
        )
