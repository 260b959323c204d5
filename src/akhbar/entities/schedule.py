"""Counting the names the model found, off the publishing path.

A count scans the entities of every article indexed in the last
``AKHBAR_ENTITIES_FOUND_DAYS`` days, too much for each publish to pay. The
scheduler's job (``found_run_due``, registered with ``akhbar.core.jobs``)
counts after publishes instead: at its next tick after the first one, then at
most once per ``AKHBAR_ENTITIES_FOUND_SECONDS`` however many follow, and only
the names of the articles indexed since its last count can become entities.

Indexing an article gives its document a new, higher id (``SearchDocument``),
so the highest id tells whether anything was indexed since. The last count's
id and time live in the shared cache: whichever process holds the scheduler's
lock next carries on (a lost entry means one full count, nothing missed).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from akhbar.core import versions
from akhbar.search.models import SearchDocument
from akhbar.search.services import ARTICLE

from . import services

JOB_NAME = "entities.found"
STATE_KEY = versions.key("entities", "found", "last-count")


def found_run_due(now: datetime.datetime) -> datetime.datetime | None:
    """The periodic job: count found names if articles were indexed since the
    last count and the interval has passed; return when it is next due."""
    latest = (
        SearchDocument.objects.filter(kind=ARTICLE).aggregate(latest=Max("pk"))[
            "latest"
        ]
        or 0
    )
    state = cache.get(STATE_KEY) or {}
    seen = state.get("seen")
    if seen is not None and latest <= seen:
        return None
    interval = datetime.timedelta(seconds=settings.AKHBAR_ENTITIES_FOUND_SECONDS)
    last = state.get("at")
    if last is not None and now < last + interval:
        return last + interval
    article_ids = None
    if seen is not None:
        article_ids = [
            int(object_id)
            for object_id in SearchDocument.objects.filter(
                kind=ARTICLE, pk__gt=seen
            ).values_list("object_id", flat=True)
        ]
    services.entities_promote_found(article_ids=article_ids)
    cache.set(STATE_KEY, {"seen": latest, "at": now}, None)
    return None
