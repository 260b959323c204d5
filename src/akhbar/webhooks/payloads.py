"""What a delivery says: the event and the public facts of its article or
comment, never a commenter's e-mail or address."""

import datetime

from akhbar.core.urls import page_absolute_url
from akhbar.news import selectors


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_data(article) -> dict:
    """The article as receivers see it: id, headline, canonical URL, section."""
    section = selectors.section_of(article)
    return {
        "id": article.pk,
        "title": article.title,
        "url": page_absolute_url(article),
        "section": None
        if section is None
        else {
            "id": section.pk,
            "title": section.title,
            "url": page_absolute_url(section),
        },
        "published_at": _time(article.first_published_at),
        "last_published_at": _time(article.last_published_at),
    }


def article_payload(*, event: str, article, occurred_at: datetime.datetime) -> dict:
    return {
        "event": event,
        "occurred_at": _time(occurred_at),
        "article": article_data(article),
    }


def comment_payload(*, event: str, comment, occurred_at: datetime.datetime) -> dict:
    """The comment as the article page shows it: name and text, no e-mail, no IP."""
    article = comment.article
    article_url = page_absolute_url(article)
    return {
        "event": event,
        "occurred_at": _time(occurred_at),
        "comment": {
            "id": comment.pk,
            "parent_id": comment.parent_id,
            "author_name": comment.author_name,
            "body": comment.body,
            "created_at": _time(comment.created_at),
            "url": "%s#comment-%d" % (article_url, comment.pk) if article_url else "",
        },
        "article": article_data(article),
    }
