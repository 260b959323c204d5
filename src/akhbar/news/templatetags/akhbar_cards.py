"""``{% article_card %}``: an article's card in a listing (``akhbar.news.cards``)."""

from django import template
from django.utils.safestring import mark_safe

from akhbar.news import cards

register = template.Library()


@register.simple_tag
def article_card(article, level=3, large=False):
    """The card of ``article`` (a ``cards.Card`` or a page) at heading
    ``level``, large for the lead story."""
    # The HTML is the card template's output, kept or rendered now.
    return mark_safe(cards.render(article, large=large, level=level))  # noqa: S308
