"""WebSub (W3C): tell the hub which feeds changed, so that subscribers get a new
story at once instead of at their next poll.

Every feed names the hub (``AKHBAR_WEBSUB_HUB``, see ``feeds.py``). When an article
is published, edited or unpublished, the feeds that list it (the site's, its
sections', tags' and authors', in RSS and Atom) are queued, once the transaction
commits; the scheduler's periodic job (``akhbar.core.jobs``) sends the hub one
``hub.mode=publish`` request per feed and retries a failed one with a growing
delay. Publishing never waits for the hub.
"""

import datetime
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from akhbar.core import outbox
from akhbar.core.urls import base_url

from . import selectors
from .feeds import section_feed_path
from .models import ArticlePage, SectionPage, WebSubPing

logger = logging.getLogger(__name__)

JOB_NAME = "websub"
# A hub that fails is asked again after 30 s, 1 min, 2 min, ... at most an hour
# apart, and given up after a day's worth of tries (the feeds are polled anyway).
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600
MAX_ATTEMPTS = 30
BATCH = 100
TIMEOUT_SECONDS = 10


def article_feeds(article: ArticlePage) -> list[str]:
    """The absolute URLs of every feed that lists ``article``, RSS and Atom."""
    base = base_url()
    feeds = [("feed_latest", ())]
    sections = SectionPage.objects.ancestor_of(article).live()
    feeds += [("feed_section", (section_feed_path(s),)) for s in sections]
    feeds += [("feed_tag", (tag.slug,)) for tag in article.tags.all()]
    feeds += [
        ("feed_author", (author.slug,)) for author in selectors.article_bylines(article)
    ]
    urls = []
    for name, args in feeds:
        urls.append(base + reverse(name, args=args))
        urls.append(base + reverse(name + "_atom", args=args))
    return urls


def article_changed(page) -> None:
    """Queue the feeds of ``page`` (an article) for the hub, once the change commits."""
    if not settings.AKHBAR_WEBSUB_HUB:
        return
    page = page.specific_deferred if not isinstance(page, ArticlePage) else page
    if not isinstance(page, ArticlePage):
        return
    topics = article_feeds(page)
    transaction.on_commit(lambda: queue(topics))


def queue(topics: list[str]) -> None:
    """Have the hub told about ``topics`` at the job's next run."""
    now = timezone.now()
    WebSubPing.objects.bulk_create(
        [WebSubPing(topic=topic, queued_at=now, due_at=now) for topic in topics],
        update_conflicts=True,
        unique_fields=["topic"],
        update_fields=["queued_at", "due_at"],
    )


def ping(hub: str, topic: str) -> None:
    """One ``hub.mode=publish`` request; raise ``OSError`` unless the hub took it.

    Standard library: one small form POST needs no client library.
    """
    if urllib.parse.urlsplit(hub).scheme not in ("http", "https"):
        raise OSError("AKHBAR_WEBSUB_HUB is not an http(s) URL: %r" % hub)
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic})
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        hub,
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise OSError("the hub answered HTTP %d" % response.status)


def run_due(now: datetime.datetime) -> datetime.datetime | None:
    """The periodic job: ping the hub for every due feed; when to run next."""
    hub = settings.AKHBAR_WEBSUB_HUB
    if not hub:
        return None
    due = outbox.due(WebSubPing.objects.all(), field="due_at", now=now, batch=BATCH)
    for row in due.rows:
        queued_at = row.queued_at
        try:
            ping(hub, row.topic)
        except (OSError, urllib.error.URLError) as error:
            row.attempts += 1
            retry = outbox.retry_at(
                attempts=row.attempts,
                max_attempts=MAX_ATTEMPTS,
                now=now,
                first=FIRST_RETRY_SECONDS,
                longest=LONGEST_RETRY_SECONDS,
            )
            if retry is None:
                logger.error("WebSub hub %s never took %s: %s", hub, row.topic, error)
                row.delete()
                continue
            row.due_at = retry
            row.last_error = str(error)[:500]
            row.save(update_fields=["attempts", "due_at", "last_error"])
            logger.warning("WebSub hub %s failed for %s: %s", hub, row.topic, error)
            continue
        # Queued again while the request was out: keep it for the next run.
        WebSubPing.objects.filter(pk=row.pk, queued_at=queued_at).delete()
    # Rows sent are gone unless queued again meanwhile: read what waits now.
    following = WebSubPing.objects.order_by("due_at").values_list("due_at", flat=True)
    return following.first()
