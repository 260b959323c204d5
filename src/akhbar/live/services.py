"""Writes of live entries: each change takes the next number of its story."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import permissions
from .models import LiveEntry, LiveStoryPage, LiveStoryVersion


def _next_sequence(page: LiveStoryPage) -> int:
    # The UPDATE locks the story's row until the change commits: a reader never
    # sees number n + 1 while n is still uncommitted.
    LiveStoryVersion.objects.get_or_create(page=page)
    LiveStoryVersion.objects.filter(page=page).update(value=F("value") + 1)
    return LiveStoryVersion.objects.get(page=page).value


def _reindex_story(page_id: int, clear_searches: bool) -> None:
    # The story's one search document holds its entries' words; updating it
    # costs one document, not a rebuild. A bulk writer holding indexing back
    # (``indexing_paused``) rebuilds the index itself afterwards.
    from akhbar.search.services import search_article_update
    from akhbar.search.signal_handlers import indexing_is_paused

    if indexing_is_paused():
        return
    page = LiveStoryPage.objects.filter(pk=page_id).first()
    if page is not None:
        search_article_update(page=page, invalidate=clear_searches)


def story_text_changed(*, page: LiveStoryPage, clear_searches: bool = True) -> None:
    """Bring ``page``'s search text in step with its entries once the
    surrounding transaction commits (nothing when it rolls back).

    A new entry posted straight to readers (``clear_searches=False``) only adds
    words, and leaves cached searches to expire on their own, within
    ``AKHBAR_SEARCH_CACHE_SECONDS`` (``AKHBAR_API_CACHE_SECONDS`` for the API's
    search): on a busy live story an entry every few seconds would otherwise
    clear every cached search of the site. An edit or a deletion may take away
    words a cached result shows in its snippet, and a draft approved after it
    waited may have been searched for meanwhile (by its author, often); these
    are rare, so they clear cached searches at once.
    """
    page_id = page.pk
    transaction.on_commit(lambda: _reindex_story(page_id, clear_searches))


def _author_of(user):
    from akhbar.news.models import AuthorPage

    if user is None or user.pk is None:
        return None
    return AuthorPage.objects.filter(user=user).first()


@transaction.atomic
def entry_save(*, entry: LiveEntry, by=None, publish: bool | None = None) -> LiveEntry:
    """Save a new or changed ``entry`` as ``by`` may: published at once when
    ``by`` may publish it (or when ``publish`` says so for a trusted caller such
    as the demo), a draft otherwise; pin and key-event flags only from someone
    who may publish."""
    new = entry.pk is None
    if by is not None:
        allowed = permissions.can_publish(by, entry)
        if new:
            entry.created_by = by
            entry.author = entry.author or _author_of(by)
        if not allowed:
            entry.is_pinned = entry.is_key_event = False
            if new:
                entry.is_published = False
        elif new:
            entry.is_published = True
    if publish is not None:
        entry.is_published = publish
    if not new:
        entry.edited_at = timezone.now()
    entry.sequence = _next_sequence(entry.page)
    entry.save()
    if entry.is_published or not new:  # A new draft changes no reader's words.
        story_text_changed(page=entry.page, clear_searches=not new)
    return entry


@transaction.atomic
def _record(entry: LiveEntry, **changes) -> LiveEntry:
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.sequence = _next_sequence(entry.page)
    entry.save()
    story_text_changed(page=entry.page)
    return entry


def entry_publish(*, entry: LiveEntry) -> LiveEntry:
    """Show a draft entry to readers, as of now."""
    return _record(entry, is_published=True, posted_at=timezone.now())


def entry_delete(*, entry: LiveEntry) -> LiveEntry:
    """Take an entry off readers' pages; the row stays, for the record."""
    return _record(entry, deleted_at=timezone.now())


def coverage_close(*, page: LiveStoryPage, by=None, at=None) -> LiveStoryPage:
    """End a story's coverage: set its end and publish that as a new revision."""
    page.coverage_end = at or timezone.now()
    revision = page.save_revision(user=by, log_action=True)
    revision.publish(user=by)
    return page
