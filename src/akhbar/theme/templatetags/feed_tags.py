"""The feeds of the page being read, for ``<link rel="alternate">`` in the head."""

from django import template

from akhbar.news.feeds import page_feeds

register = template.Library()


@register.simple_tag(takes_context=True)
def feeds_of_page(context) -> list:
    """``news.feeds.page_feeds`` for the page (or tag listing) in ``context``."""
    return page_feeds(context.get("page"), tag=context.get("tag"))
