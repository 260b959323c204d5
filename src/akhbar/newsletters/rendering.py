"""What a digest mail shows: its articles as mail items, its cleaned intro and
the context every mail template gets. No model import, so that an issue's
admin preview and the sender share it."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from akhbar.core.html import clean_html
from akhbar.core.urls import absolute_url, page_absolute_url
from akhbar.news import selectors as news_selectors

# An intro is a few lines above the articles: no links, images or embeds.
INTRO_FEATURES = ["bold", "italic", "ol", "ul"]


def article_items(article_ids: list[int]) -> list[dict]:
    """The articles still live among ``article_ids``, in that order, as mail items."""
    by_id = {
        article.pk: article
        for article in news_selectors.live_articles().filter(pk__in=article_ids)
    }
    return [
        {
            "title": article.title,
            "standfirst": article.standfirst,
            "url": page_absolute_url(article),
        }
        for article in (by_id.get(pk) for pk in article_ids)
        if article is not None
    ]


def digest_context(*, intro: str, items: list[dict]) -> dict:
    """The digest template's own context: the intro cleaned again on the way
    out (a row written by any path reaches a reader harmless) and as text."""
    cleaned = clean_html(intro or "")
    return {
        "articles": items,
        "intro": mark_safe(cleaned),  # noqa: S308 (cleaned by the allow-list)
        "intro_text": strip_tags(cleaned).strip(),
    }


def mail_context(*, newsletter, subject: str, context: dict, leave: str) -> dict:
    """``context`` plus what every mail template shows."""
    return {
        **context,
        "subject": subject,
        "newsletter": newsletter,
        "unsubscribe_url": leave,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": absolute_url("/"),
    }
