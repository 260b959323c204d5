"""Reads of the readership app: the most-read articles of a window."""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from akhbar.core import versions
from akhbar.news import selectors as news

from .models import HourlyViews

# The windows a most-read list covers, in hours, with their headings' keys.
WINDOWS = {"day": 24, "week": 24 * 7}
LIMIT = 5


def most_read(*, hours: int, path_prefix: str = "", limit: int = LIMIT) -> list[dict]:
    """The ``limit`` live articles under ``path_prefix`` read most in the last
    ``hours``, as ``{"id", "title", "url", "views"}``, most read first.

    Cached for ``AKHBAR_MOST_READ_CACHE_SECONDS`` and per version of the
    published tree, so an unpublished article leaves the list at once.
    """
    seconds = settings.AKHBAR_MOST_READ_CACHE_SECONDS
    key = versions.key(
        "readership",
        "most-read",
        news.news_generation(),
        hours,
        limit,
        hashlib.md5(path_prefix.encode(), usedforsecurity=False).hexdigest(),
    )
    result = cache.get(key)
    if result is None:
        result = _compute(hours=hours, path_prefix=path_prefix, limit=limit)
        cache.set(key, result, seconds)
    return result


def _compute(*, hours: int, path_prefix: str, limit: int) -> list[dict]:
    since = timezone.now() - datetime.timedelta(hours=hours)
    live = news.live_articles().filter(path__startswith=path_prefix)
    totals = list(
        HourlyViews.objects.filter(hour__gte=since, article__in=live.values("pk"))
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")[:limit]
    )
    if not totals:
        return []
    pages = live.in_bulk([row["article_id"] for row in totals])
    return [
        {
            "id": row["article_id"],
            "title": pages[row["article_id"]].title,
            "url": pages[row["article_id"]].url,
            "views": row["total"],
        }
        for row in totals
        if row["article_id"] in pages
    ]
