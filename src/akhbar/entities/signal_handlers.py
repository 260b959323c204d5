"""After a publish is indexed: a name the model found often enough becomes an
entity with a page."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from akhbar.search.signal_handlers import indexing_is_paused

from . import services


@receiver(page_published)
def published(sender, instance, **kwargs):
    """Registered after search's receiver (INSTALLED_APPS order): the article's
    entities are in the index when its names are counted. A bulk import
    counts once, after its rebuild of the index."""
    if indexing_is_paused():
        return
    article_id = instance.pk
    transaction.on_commit(
        lambda: services.entities_promote_found(article_ids=[article_id])
    )
