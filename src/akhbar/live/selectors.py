"""Reads of live stories: a page of entries, the key events, what changed."""

import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from akhbar.core import versions
from akhbar.core.urls import absolute_url
from akhbar.news.blocks import body_text
from akhbar.news.selectors import section_of, view_restrictions_exist

from .models import LiveEntry, LiveStoryPage, LiveStoryVersion

ENTRY_TEMPLATE = "akhbar_live/includes/entry.html"
# Key events listed at the top of a story: the newest; older ones are a click away.
KEY_EVENTS_SHOWN = 30
# How long a rendered set of changes is kept: it is keyed by the story's version,
# so it never goes stale, only unused.
UPDATES_CACHE_SECONDS = 600
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def story_version(page: LiveStoryPage) -> int:
    """The number of the story's last entry change (0 before the first)."""
    value = (
        LiveStoryVersion.objects.filter(page=page)
        .values_list("value", flat=True)
        .first()
    )
    return value or 0


def _start_entry(page: LiveStoryPage, request) -> LiveEntry | None:
    try:
        pk = int(request.GET.get("from", ""))
    except ValueError:
        return None
    return page.entries.visible().filter(pk=pk).first()


def entries_from(page: LiveStoryPage, start: LiveEntry | None, per_page: int):
    """A page of visible entries, newest first, from ``start`` (inclusive) or
    from the newest: a keyset read, as fast on the hundredth page as on the
    first. Returns the entries and the first entry of the next (older) page."""
    entries = page.entries.visible()
    if start is not None:
        entries = entries.filter(
            Q(posted_at__lt=start.posted_at)
            | Q(posted_at=start.posted_at, pk__lte=start.pk)
        )
    rows = list(
        entries.newest_first().select_related("author", "created_by")[: per_page + 1]
    )
    older = rows[per_page] if len(rows) > per_page else None
    return rows[:per_page], older


def pinned_entries(page: LiveStoryPage) -> list[LiveEntry]:
    return list(
        page.entries.visible()
        .filter(is_pinned=True)
        .newest_first()
        .select_related("author", "created_by")
    )


def key_events(page: LiveStoryPage) -> list[LiveEntry]:
    return list(
        page.entries.visible()
        .filter(is_key_event=True)
        .newest_first()
        .only("pk", "title", "posted_at", "page_id")[:KEY_EVENTS_SHOWN]
    )


def plural_labels() -> dict:
    """The "N new updates" bar's text per Arabic plural category (CLDR names,
    as the browser's ``Intl.PluralRules`` returns them)."""
    return {
        "zero": "لا تحديثات جديدة",
        "one": "تحديث جديد واحد",
        "two": "تحديثان جديدان",
        "few": "%(count)s تحديثات جديدة",
        "many": "%(count)s تحديثاً جديداً",
        "other": "%(count)s تحديث جديد",
    }


def json_ld(page: LiveStoryPage, entries: list[LiveEntry]) -> str:
    """The story as schema.org ``LiveBlogPosting`` with the shown entries as its
    ``liveBlogUpdate``, safe to put inside a ``<script>`` element."""
    url = absolute_url(page.url)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "url": url,
        "headline": page.title,
        "description": page.standfirst or page.search_description,
        "inLanguage": settings.LANGUAGE_CODE,
        "datePublished": _iso(page.published_at),
        "dateModified": _iso(page.last_published_at),
        "coverageStartTime": _iso(page.coverage_started_at),
        "liveBlogUpdate": [_update_ld(entry, url) for entry in entries],
    }
    if page.coverage_end is not None:
        data["coverageEndTime"] = _iso(page.coverage_end)
    if entries:
        data["dateModified"] = _iso(
            max(entry.edited_at or entry.posted_at for entry in entries)
        )
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped.


def _iso(value):
    return value.isoformat() if value else None


def _update_ld(entry: LiveEntry, page_url: str) -> dict:
    update = {
        "@type": "BlogPosting",
        "headline": entry.title or body_text(entry.body)[:110],
        "url": "%s?from=%s#entry-%s" % (page_url, entry.pk, entry.pk),
        "datePublished": _iso(entry.posted_at),
        "articleBody": body_text(entry.body),
    }
    if entry.edited_at:
        update["dateModified"] = _iso(entry.edited_at)
    if entry.byline:
        update["author"] = {"@type": "Person", "name": entry.byline}
    return update


def updates_url(page: LiveStoryPage) -> str:
    return reverse("live_updates", kwargs={"page_id": page.pk})


def reader_context(page: LiveStoryPage, request) -> dict:
    """What the story's template shows: one page of entries (from ``?from=``),
    the pinned entries and key events on the first, and what the poller needs."""
    start = _start_entry(page, request)
    entries, older = entries_from(page, start, settings.AKHBAR_LIVE_ENTRIES_PER_PAGE)
    first_page = start is None
    is_open = page.is_open()
    return {
        "section": section_of(page),
        "entries": entries,
        "older_entry": older,
        "first_page": first_page,
        "pinned_entries": pinned_entries(page) if first_page else [],
        "key_events": key_events(page),
        "coverage_open": is_open,
        "live_version": story_version(page),
        "poll_seconds": settings.AKHBAR_LIVE_POLL_SECONDS,
        "updates_url": updates_url(page),
        "update_labels": plural_labels(),
        "live_json_ld": json_ld(page, entries),
    }


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
