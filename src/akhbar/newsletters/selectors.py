"""Reads: the active lists a page's form may show, cached until a list changes."""

from django.core.cache import cache

from akhbar.core import versions

from .models import NewsletterList

# Bumped whenever a list is saved or deleted (signal_handlers).
LISTS = versions.Version("newsletters")


def active_lists() -> list[NewsletterList]:
    """Every active list, oldest first; no query while no list has changed, so
    that a page including a form costs nothing per view."""
    key = versions.key("newsletters", "active", LISTS.get())
    lists = cache.get(key)
    if lists is None:
        lists = list(NewsletterList.objects.filter(active=True).order_by("pk"))
        cache.set(key, lists, timeout=None)
    return lists


def form_list(slug: str = "") -> NewsletterList | None:
    """The active list ``slug``, or the first active daily digest."""
    for newsletter in active_lists():
        if (
            newsletter.slug == slug
            if slug
            else newsletter.kind == NewsletterList.Kind.DAILY
        ):
            return newsletter
    return None
