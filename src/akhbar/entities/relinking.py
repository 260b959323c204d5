"""Re-linking after an editor's change, as a durable queue the scheduler works.

A rename, merge, split or new spelling changes which entity the texts of many
articles name: each of them is indexed again, so that extraction with the new
spellings and names decides. At about 20 ms an article a name in 5,000
articles would hold the editor's request for 100 s, so the change queues one
``EntityRelink`` row with the articles' ids and the scheduler's job
(``relinks_run_due``, registered with ``akhbar.core.jobs``) works through it a
batch at a time. A change that touches few articles
(``SYNCHRONOUS_UP_TO``) is worked through at once in the request instead.

Each batch is indexed and counted in one transaction, under a claim with a
lease: a crash rolls back the batch it was in (nothing counted that was not
indexed, nothing indexed twice), and another runner takes the row over when
the lease has run out. The entity pages and the articles are banned from the
front cache when the last batch commits.
"""

import datetime
import logging
import time
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from akhbar.core import frontcache as core_frontcache
from akhbar.news import frontcache
from akhbar.news import selectors as news
from akhbar.search.services import search_article_update

from .models import EntityRelink

logger = logging.getLogger(__name__)

JOB_NAME = "entities.relink"
# Articles indexed per transaction: small enough that a batch commits within
# a couple of seconds, large enough that the claim's writes cost nothing.
BATCH = 50
# A claim not renewed for this long belongs to a runner that died.
LEASE = datetime.timedelta(minutes=2)
# A tick of the scheduler works this long at most before scheduled publishing
# and the other jobs get their turn (the job asks to run again at once).
TICK_SECONDS = 2.0
# A change that re-links this many articles or fewer is done in the request,
# so the editor finds it done: re-linking costs 20-120 ms an article (bench/
# entities.py, idle to a loaded machine), so 10 stay under the scheduler's
# one-second poll on a quiet machine; more would hold the editor for seconds
# with nothing gained over the job, which finishes as soon.
SYNCHRONOUS_UP_TO = 10
# Re-linking more articles than this bans every reader page rather than each.
PURGE_ONE_BY_ONE = 200
# Finished rows are kept this long to show the editor what was done.
KEEP_FINISHED = datetime.timedelta(days=7)


def relink_queue(
    *,
    entity_id: int | None,
    article_ids: list[int],
    keys: list[str],
    urls: list[str],
    split_from: int | None = None,
) -> EntityRelink:
    """Queue ``article_ids`` to be indexed again; when done, ban the front
    cache's ``keys`` and ``urls`` (the entity pages) and the articles' pages.
    ``split_from`` is the entity a split took ``entity_id`` from.

    Few articles are done at once, inside the caller's transaction.
    """
    task = EntityRelink.objects.create(
        entity_id=entity_id,
        split_from_id=split_from,
        article_ids=sorted(set(article_ids)),
        purge_keys=sorted(set(keys)),
        purge_urls=sorted(set(urls)),
        queued_at=timezone.now(),
    )
    if task.total <= SYNCHRONOUS_UP_TO:
        relink_run(task_id=task.pk)
    return task


def relink_run(*, task_id: int, seconds: float | None = None) -> bool:
    """Work through the queued row ``task_id``, for at most ``seconds`` (all of
    it if None); return whether it is finished. A row another runner holds is
    left alone (False)."""
    token = _claim(task_id)
    if token is None:
        return False
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        finished = _batch(task_id, token)
        if finished is not None:
            return finished
        if deadline is not None and time.monotonic() >= deadline:
            EntityRelink.objects.filter(pk=task_id, claimed_by=token).update(
                claimed_by="", claimed_until=None
            )
            return False


def relinks_run_due(now: datetime.datetime) -> datetime.datetime | None:
    """The periodic job: work the oldest unfinished rows for ``TICK_SECONDS``;
    run again at once while any is left."""
    EntityRelink.objects.filter(finished_at__lt=now - KEEP_FINISHED).delete()
    started = time.monotonic()
    for task_id in _unfinished().values_list("pk", flat=True):
        left = TICK_SECONDS - (time.monotonic() - started)
        if left <= 0:
            return now
        try:
            relink_run(task_id=task_id, seconds=left)
        except Exception:
            # Its batch rolled back; its claim makes it wait out the lease
            # before the next try, while the rows after it go on.
            logger.exception("Re-linking (queue row %d) failed", task_id)
    return now if _unfinished().filter(_claimable(timezone.now())).exists() else None


def relinks_pending(entity_id: int | None) -> list[EntityRelink]:
    """The unfinished re-linkings queued by changes to the entity ``entity_id``,
    oldest first (``done`` of ``total`` for the editor)."""
    if entity_id is None:
        return []
    return list(_unfinished().filter(entity_id=entity_id))


def _unfinished():
    return EntityRelink.objects.filter(finished_at__isnull=True).order_by("pk")


def _claimable(now) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _claim(task_id: int) -> str | None:
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = (
        _unfinished()
        .filter(_claimable(now), pk=task_id)
        .update(claimed_by=token, claimed_until=now + LEASE)
    )
    return token if claimed else None


def _batch(task_id: int, token: str) -> bool | None:
    """Index the next batch of the row and count it, in one transaction; True
    when the row is finished, False when the claim was lost, None to go on."""
    with transaction.atomic():
        task = EntityRelink.objects.select_for_update().filter(pk=task_id).first()
        if task is None or task.claimed_by != token:
            return False
        batch = task.article_ids[task.done : task.done + BATCH]
        for article in news.live_articles().filter(pk__in=batch):
            search_article_update(page=article)
        task.done += len(batch)
        now = timezone.now()
        task.claimed_until = now + LEASE
        if task.done >= task.total:
            task.finished_at = now
            task.claimed_by = ""
            task.claimed_until = None
            _purge(task)
        task.save(update_fields=["done", "claimed_by", "claimed_until", "finished_at"])
    if task.finished_at is not None:
        logger.info("Re-linked %d articles (queue row %d)", task.total, task.pk)
        return True
    return None


def _purge(task: EntityRelink) -> None:
    """Ban the entity pages (old and new addresses) and the articles, once the
    last batch commits; cached fragments of article pages follow the news
    version."""
    news.news_changed()
    if task.total > PURGE_ONE_BY_ONE:
        frontcache.site_changed()
    else:
        for article_id in task.article_ids:
            frontcache.article_view_changed(article_id)
    core_frontcache.purge_on_commit(keys=task.purge_keys, urls=task.purge_urls)
