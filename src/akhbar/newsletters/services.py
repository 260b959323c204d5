"""Writes: subscribe (double opt-in), confirm, unsubscribe, send an issue."""

import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from akhbar.news import selectors as news_selectors

from . import mail, rendering, tokens
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
        if subscriber.is_active or subscriber.is_stopped:
            return subscriber
        if subscriber.unsubscribed_at is not None:
            subscriber.unsubscribed_at = None
            subscriber.confirmed_at = None
            subscriber.ended = ""
            subscriber.save(update_fields=["unsubscribed_at", "confirmed_at", "ended"])
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
        subscriber.ended = Subscriber.Ended.UNSUBSCRIBED
        subscriber.save(update_fields=["unsubscribed_at", "ended"])
    return subscriber


def subscribers_stop(*, email: str, reason: str) -> int:
    """Take ``email`` off every list for good after a bounce or a complaint
    (``reason``: a ``Subscriber.Ended``); return how many rows changed."""
    return Subscriber.objects.filter(email=email.strip().lower()).update(
        ended=reason,
        unsubscribed_at=Coalesce("unsubscribed_at", Value(timezone.now())),
    )


def subscribers_erase(*, email: str) -> int:
    """Delete every row of ``email`` (an erasure request), counting each on its
    list anonymously; return how many were deleted."""
    with transaction.atomic():
        rows = Subscriber.objects.filter(email=email.strip().lower())
        for newsletter_id, count in (
            rows.values_list("newsletter_id").annotate(n=Count("pk")).order_by()
        ):
            NewsletterList.objects.filter(pk=newsletter_id).update(
                erased_count=F("erased_count") + count
            )
        deleted, _by_model = rows.delete()
    return deleted


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


def issue_edition(issue: Issue) -> mail.Edition | None:
    """The issue's mail rendered once, or None when none of its articles is live."""
    items = rendering.article_items(issue.chosen_article_ids())
    if not items:
        return None
    return mail.Edition(
        newsletter=issue.newsletter,
        subject=issue.subject,
        template="digest",
        context=rendering.digest_context(intro=issue.intro, items=items),
    )


def issue_send_test(*, issue: Issue, email: str) -> bool:
    """Mail ``issue`` to ``email`` alone, its subject marked as a test copy;
    False when none of its articles is live (nothing to send).

    No subscriber is mailed, no delivery claimed and the issue is not marked
    finished: the worker sends it as if no test had been made. A mail server's
    error is raised to the caller.
    """
    edition = issue_edition(issue)
    if edition is None:
        return False
    subject = _("[نسخة تجريبية] %(subject)s") % {"subject": issue.subject}
    edition.test_copy(email=email, subject=subject).send()
    return True


def issue_pending(issue: Issue):
    """The list's confirmed subscribers still on it that no sender has claimed
    for ``issue``."""
    return (
        Subscriber.objects.filter(
            newsletter=issue.newsletter,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )


def deliveries_claim(*, issue: Issue, limit: int) -> tuple[int, list, str]:
    """Claim up to ``limit`` pending subscribers for ``issue``.

    Returns how many were pending (at most ``limit``), the ones this call
    claimed (another sender may have claimed some in between: those are left
    to it) and the claim's token. The claims are committed before anything is sent.
    """
    token = uuid.uuid4().hex
    with transaction.atomic():
        pending = list(issue_pending(issue)[:limit])
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber=s, claim=token) for s in pending],
            ignore_conflicts=True,
        )
    mine = set(
        Delivery.objects.filter(issue=issue, claim=token).values_list(
            "subscriber_id", flat=True
        )
    )
    return len(pending), [s for s in pending if s.pk in mine], token


def deliveries_send(
    *, issue: Issue, edition: mail.Edition, subscribers: list, token: str
) -> int:
    """Hand the claimed ``subscribers``' mails to the mail server on one
    connection. Those it took are marked sent; if it fails, the claims of
    those it never took are released for a later run, and the error raised."""
    sent_ids = []
    try:
        with get_connection() as connection:
            for subscriber in subscribers:
                try:
                    connection.send_messages([edition.message(subscriber)])
                except smtplib.SMTPRecipientsRefused:
                    # The server refused the address itself: a bounce.
                    subscribers_stop(
                        email=subscriber.email, reason=Subscriber.Ended.BOUNCED
                    )
                    continue
                sent_ids.append(subscriber.pk)
    finally:
        claimed = Delivery.objects.filter(issue=issue, claim=token)
        claimed.filter(subscriber_id__in=sent_ids).update(sent_at=timezone.now())
        claimed.exclude(subscriber_id__in=sent_ids).delete()
    return len(sent_ids)


def issue_send(
    *, issue: Issue, batch_size: int | None = None, max_batches: int | None = None
) -> int:
    """Mail ``issue`` to its list's confirmed subscribers who have not had it,
    ``batch_size`` per connection, at most ``max_batches`` batches (all when
    None); return how many were sent.

    Each subscriber is claimed (a committed ``Delivery``) before its mail is
    handed over, so a sender that dies mid-batch never has its mails sent a
    second time by the one that takes over, and a second run sends nothing
    twice. Once nobody is left, the issue is marked finished.
    """
    batch_size = batch_size or settings.AKHBAR_NEWSLETTERS_BATCH_SIZE
    edition = issue_edition(issue)
    sent = batches = 0
    while edition is not None:
        if max_batches is not None and batches >= max_batches:
            return sent  # More may be pending: the caller comes back for it.
        pending, batch, token = deliveries_claim(issue=issue, limit=batch_size)
        sent += deliveries_send(
            issue=issue, edition=edition, subscribers=batch, token=token
        )
        batches += 1
        logger.info("Sent %s to %d subscribers.", issue, len(batch))
        if pending < batch_size:
            break  # That was the last of them.
    if issue.finished_at is None:
        issue.finished_at = timezone.now()
        issue.save(update_fields=["finished_at"])
    return sent


def newsletter_send_due(*, newsletter: NewsletterList, now=None) -> int:
    """Send the edition of ``newsletter`` due now, if any, to who has not had it."""
    issue = issue_due(newsletter=newsletter, now=now)
    return issue_send(issue=issue) if issue else 0
