"""Reads of live stories by id: the poll's state and changes, the stories open now
(what a story's own page shows is in ``reading``)."""

import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string

from akhbar.core import versions
from akhbar.news.selectors import view_restrictions_exist

from .models import LiveEntry, LiveStoryPage

ENTRY_TEMPLATE = "akhbar_live/includes/entry.html"
# How long a rendered set of changes is kept: it is keyed by the story's version,
# so it never goes stale, only unused.
UPDATES_CACHE_SECONDS = 600


def public_story_state(page_id: int) -> tuple[int, bool] | None:
    """The version and open state of a published, public live story; None when
    there is no such story. One query: what every poll costs at least."""
    stories = LiveStoryPage.objects.live().filter(pk=page_id)
    if view_restrictions_exist():
        stories = stories.public()
    row = stories.values_list("coverage_end", "entries_version__value").first()
    if row is None:
        return None
    coverage_end, version = row
    page = LiveStoryPage(coverage_end=coverage_end)
    return version or 0, page.is_open()


def updates_etag(page_id: int, version: int, is_open: bool) -> str:
    return "live-%s-%s-%s" % (page_id, version, int(is_open))


def updates_payload(page_id: int, version: int, is_open: bool) -> str:
    """The story's latest entry changes as JSON, the same for every reader.

    The newest ``AKHBAR_LIVE_UPDATES_WINDOW`` changed entries, each rendered as
    the page renders it, or marked deleted (taken down, or back to a draft:
    readers never get a draft's words). ``complete_after``: a reader whose
    version is older missed changes outside the window and should reload.
    """
    key = versions.key("live", "updates", page_id, version, int(is_open))
    payload = cache.get(key)
    if payload is not None:
        return payload
    window = settings.AKHBAR_LIVE_UPDATES_WINDOW
    rows = list(
        LiveEntry.objects.filter(page_id=page_id, sequence__gt=0)
        .select_related("author", "created_by")
        .order_by("-sequence")[:window]
    )
    complete_after = rows[-1].sequence - 1 if len(rows) == window else 0
    changes = [_change(entry) for entry in reversed(rows)]
    payload = json.dumps(
        {
            "version": version,
            "open": is_open,
            "interval": settings.AKHBAR_LIVE_POLL_SECONDS if is_open else 0,
            "complete_after": complete_after,
            "entries": changes,
        },
        ensure_ascii=False,
    )
    cache.set(key, payload, UPDATES_CACHE_SECONDS)
    return payload


def _change(entry: LiveEntry) -> dict:
    if not entry.is_published or entry.deleted_at is not None:
        return {"id": entry.pk, "seq": entry.sequence, "deleted": True}
    return {
        "id": entry.pk,
        "seq": entry.sequence,
        "deleted": False,
        "pinned": entry.is_pinned,
        "posted": entry.posted_at.isoformat(),
        "html": render_to_string(ENTRY_TEMPLATE, {"entry": entry}),
    }


def open_stories(home) -> list[LiveStoryPage]:
    """The site's live stories whose coverage goes on, newest first (the home
    page's "live now" strip)."""
    from django.utils import timezone

    stories = (
        LiveStoryPage.objects.live()
        .descendant_of(home)
        .filter(Q(coverage_end__isnull=True) | Q(coverage_end__gt=timezone.now()))
        .order_by("-first_published_at")
    )
    if view_restrictions_exist():
        stories = stories.public()
    return list(stories[:3])


def section_stories(section, *, limit: int = 5) -> list[LiveStoryPage]:
    """A section's live stories (its subsections' too), the open ones first,
    then newest first (the section page's list)."""
    stories = LiveStoryPage.objects.live().descendant_of(section)
    if view_restrictions_exist():
        stories = stories.public()
    stories = list(stories.order_by("-first_published_at")[: limit * 4])
    stories.sort(key=lambda story: not story.is_open())  # Stable: newest first.
    return stories[:limit]
