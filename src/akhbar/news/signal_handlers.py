"""When the published tree changes: the fragment caches of every process
(``news_changed``), the front cache (``frontcache``) and the feeds' WebSub hub
(``websub``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from . import frontcache, websub
from .selectors import news_changed


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    news_changed()
    frontcache.page_changed(instance)
    websub.article_changed(instance)


@receiver(page_slug_changed)
@receiver(post_page_move)
def _tree_changed(sender, **kwargs):
    news_changed()
    frontcache.site_changed()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete)
def _page_or_restriction_changed(sender, instance, **kwargs):
    if isinstance(instance, Page | PageViewRestriction | Site):
        news_changed()
        frontcache.site_changed()
