"""Queue deliveries when an article is published or unpublished and when a
comment is approved: rows inserted once the transaction commits, no request.
Article events are not queued while a bulk import holds them
(``services.article_events_held``)."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from akhbar.comments.signals import comment_approved
from akhbar.news.models import ArticlePage

from . import payloads, services
from .models import Endpoint, Event


def _queue_on_commit(event: str, build) -> None:
    occurred_at = timezone.now()

    def enqueue():
        payload = build(event=event, occurred_at=occurred_at)
        services.deliveries_enqueue(event=event, payload=payload)

    transaction.on_commit(enqueue, robust=True)


def _anyone_listens() -> bool:
    return Endpoint.objects.filter(active=True).exists()


@receiver(page_published)
def article_published(sender, instance, **kwargs):
    # Wagtail also sends this when a publish is only scheduled: nothing is
    # public yet, and the scheduler's publish later sends it again.
    if not isinstance(instance, ArticlePage) or not instance.live:
        return
    if services.article_events_are_held() or not _anyone_listens():
        return
    article = instance
    _queue_on_commit(
        services.publish_event(article),
        lambda **kw: payloads.article_payload(article=article, **kw),
    )


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, ArticlePage) or services.article_events_are_held():
        return
    if not _anyone_listens():
        return
    article = instance
    _queue_on_commit(
        Event.ARTICLE_UNPUBLISHED,
        lambda **kw: payloads.article_payload(article=article, **kw),
    )


@receiver(comment_approved)
def comment_was_approved(sender, comment, **kwargs):
    if not _anyone_listens():
        return
    _queue_on_commit(
        Event.COMMENT_APPROVED,
        lambda **kw: payloads.comment_payload(comment=comment, **kw),
    )
