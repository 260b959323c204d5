"""Writes of the newsroom that Wagtail does not already make."""

import datetime

from akhbar.news.models import ArticlePage
from akhbar.news.selectors import news_changed


def breaking_expire(*, now: datetime.datetime) -> list[ArticlePage]:
    """Take live articles whose ``breaking_until`` has passed off the breaking ticker.

    The ticker already hides them by time; clearing the flag keeps the next due time
    of the scheduler in the future, and ``news_changed`` drops every cached listing
    that still holds them. The draft in the editor keeps its own value, which shows
    the expiry the editor chose. Returns the articles, with the time they were due.
    """
    expired = list(
        ArticlePage.objects.filter(
            live=True, is_breaking=True, breaking_until__lte=now
        ).only("pk", "title", "breaking_until")
    )
    if expired:
        ArticlePage.objects.filter(pk__in=[a.pk for a in expired]).update(
            is_breaking=False
        )
        news_changed()
    return expired
