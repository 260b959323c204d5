"""What a live story's page shows, read from the page itself: one page of
entries, the pinned ones, the key events, its JSON-LD and what the poller needs.

Only the page instance and its relations are used, so the page model can call
``reader_context`` without this module importing the models back.
"""

import json

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import mark_safe

from akhbar.core.urls import absolute_url
from akhbar.news.blocks import body_text
from akhbar.news.selectors import section_of

# Key events listed at the top of a story: the newest; older ones are a click away.
KEY_EVENTS_SHOWN = 30
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def story_version(page) -> int:
    """The number of the story's last entry change (0 before the first)."""
    try:
        return page.entries_version.value
    except ObjectDoesNotExist:
        return 0


def _start_entry(page, request):
    try:
        pk = int(request.GET.get("from", ""))
    except ValueError:
        return None
    return page.entries.visible().filter(pk=pk).first()


def entries_from(page, start, per_page: int):
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


def pinned_entries(page) -> list:
    return list(
        page.entries.visible()
        .filter(is_pinned=True)
        .newest_first()
        .select_related("author", "created_by")
    )


def key_events(page) -> list:
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


def json_ld(page, entries: list) -> str:
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


def _update_ld(entry, page_url: str) -> dict:
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


def updates_url(page) -> str:
    return reverse("live_updates", kwargs={"page_id": page.pk})


def reader_context(page, request) -> dict:
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
