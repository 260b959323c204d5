"""Writes: subscribe (double opt-in), confirm, unsubscribe, send an issue."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akhbar.core.urls import page_absolute_url
from akhbar.news import selectors as news_selectors

from . import mail, tokens
from .models import Delivery, Issue, NewsletterList, Subscriber

logger = logging.getLogger(__name__)


def subscriber_subscribe(*, newsletter: NewsletterList, email: str) -> Subscriber:
    """Ask ``email`` to confirm its subscription to ``newsletter``.

    An address already confirmed gets no mail (and the reader the same answer,
    so that the form does not tell who is subscribed); a pending or departed
    one gets a new confirmation link.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            newsletter=newsletter, email=email
        )
        if subscriber.is_active:
            return subscriber
        if subscriber.unsubscribed_at is not None:
            subscriber.unsubscribed_at = None
            subscriber.confirmed_at = None
            subscriber.save(update_fields=["unsubscribed_at", "confirmed_at"])
    subject = _("أكّد اشتراكك في %(name)s") % {"name": newsletter.name}
    mail.build_message(
        subscriber=subscriber,
        subject=subject,
        template="confirm",
        context={"confirm_url": mail.confirm_url(subscriber)},
    ).send()
    return subscriber


def subscriber_confirm(*, token: str) -> Subscriber | None:
    """Confirm the subscriber named by a genuine link; None for a bad link."""
    subscriber_id = tokens.confirmed_id(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return None
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """Take the subscriber named by a genuine link off its list."""
    subscriber_id = tokens.unsubscribed_id(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def digest_articles(*, since, limit: int):
    """The newest live articles published since ``since``, newest first."""
    return list(
        news_selectors.live_articles()
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at")[:limit]
    )


def issue_due(*, newsletter: NewsletterList, now=None) -> Issue | None:
    """The edition of ``newsletter`` due at ``now``, made on first call; None
    when nothing is due (breaking alerts are sent by hand, an empty day is not
    sent)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if newsletter.kind == NewsletterList.Kind.DAILY:
        key, days = local.date().isoformat(), 1
    elif newsletter.kind == NewsletterList.Kind.WEEKLY:
        year, week, _day = local.isocalendar()
        key, days = "%d-W%02d" % (year, week), 7
    else:
        return None
    issue = Issue.objects.filter(newsletter=newsletter, key=key).first()
    if issue is not None:
        return issue
    articles = digest_articles(
        since=now - timedelta(days=days),
        limit=settings.AKHBAR_NEWSLETTERS_DIGEST_ARTICLES,
    )
    if not articles:
        return None
    subject = _("%(name)s — %(date)s") % {
        "name": newsletter.name,
        "date": local.date().isoformat(),
    }
    issue, _created = Issue.objects.get_or_create(
        newsletter=newsletter,
        key=key,
        defaults={"subject": subject, "article_ids": [a.pk for a in articles]},
    )
    return issue


def issue_articles(issue: Issue) -> list[dict]:
    """The issue's articles still live, in the issue's order, as mail items."""
    by_id = {
        article.pk: article
        for article in news_selectors.live_articles().filter(pk__in=issue.article_ids)
    }
    items = []
    for pk in issue.article_ids:
        article = by_id.get(pk)
        if article is not None:
            items.append(
                {
                    "title": article.title,
                    "standfirst": article.standfirst,
                    "url": page_absolute_url(article),
                }
            )
    return items


def issue_send(*, issue: Issue, batch_size: int | None = None) -> int:
    """Mail ``issue`` to its list's confirmed subscribers who have not had it,
    ``batch_size`` per connection; return how many were sent.

    A delivery is recorded with each batch, so a run cut short resumes where
    it stopped and a second run sends nothing twice.
    """
    batch_size = batch_size or settings.AKHBAR_NEWSLETTERS_BATCH_SIZE
    items = issue_articles(issue)
    if not items:
        return 0
    pending = (
        Subscriber.objects.filter(
            newsletter=issue.newsletter,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .exclude(deliveries__issue=issue)
        .select_related("newsletter")
        .order_by("pk")
    )
    sent = 0
    while True:
        batch = list(pending[:batch_size])
        if not batch:
            return sent
        messages = [
            mail.build_message(
                subscriber=subscriber,
                subject=issue.subject,
                template="digest",
                context={"issue": issue, "articles": items},
            )
            for subscriber in batch
        ]
        with get_connection() as connection:
            connection.send_messages(messages)
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber=subscriber) for subscriber in batch],
            ignore_conflicts=True,
        )
        sent += len(batch)
        logger.info("Sent %s to %d subscribers.", issue, len(batch))


def newsletter_send_due(*, newsletter: NewsletterList, now=None) -> int:
    """Send the edition of ``newsletter`` due now, if any, to who has not had it."""
    issue = issue_due(newsletter=newsletter, now=now)
    return issue_send(issue=issue) if issue else 0
