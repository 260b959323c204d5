"""Article cards of the listings, each rendered once and kept until what it shows
changes.

A publish changes the tree's version (``selectors.NEWS``), which retires every
fragment keyed by it: the whole home page and every listing render again. Most
of their cards are the same as before; only the new story's is not. So a listing
chooses its articles as rows of the few columns a card shows (``cards``), and a
card's HTML is kept under a key made of those very values (``Card.key``): the
cards that did not change are read back, and the pages of the others are loaded,
in one query per list, and rendered by ``akhbar_news/includes/card.html`` as
before (``render``).

A key made of the card's content needs no invalidation: an edited title, a new
comment count, a renamed section or a moved article gives a new key, and the
old entry is never read again (it ages out of the per-process cache).
"""

import hashlib

from django.core.cache import caches
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation

from akhbar.core import versions

TEMPLATE = "akhbar_news/includes/card.html"
# How long a rendered card is kept. Its key changes with what it shows, so
# this bounds only the memory of cards no listing shows any more.
CACHE_SECONDS = 3600
# The columns a card shows or is chosen by, beside the annotations other apps
# register (``selectors.register_card_annotation``). The image's file and focal
# point decide its renditions' addresses.
COLUMNS = (
    "pk",
    "path",
    "url_path",
    "title",
    "standfirst",
    "first_published_at",
    "featured_image_id",
)
IMAGE_COLUMNS = {
    "image_file": F("featured_image__file"),
    "image_focal_point": F("featured_image__focal_point_x"),
    "image_focal_point_y": F("featured_image__focal_point_y"),
    "image_focal_point_width": F("featured_image__focal_point_width"),
    "image_focal_point_height": F("featured_image__focal_point_height"),
}


class Card:
    """An article of a listing as the values its card shows (a row of
    ``card_rows``), with its ``section`` for the label.

    It has the attributes of the article the listing templates read (``pk``,
    ``title``, ``section``…); its page is loaded only when its card is not kept.
    """

    def __init__(self, row: dict, section):
        self.__dict__.update(row)
        self.row = row
        self.section = section
        self.batch: CardList | None = None

    def __repr__(self):
        return "<Card %s %s>" % (self.pk, self.url_path)

    def copy(self) -> "Card":
        return Card(self.row, self.section)

    def key(self, *, large: bool, level: int, site_paths) -> str:
        """The cache key of this card's HTML: a digest of everything it shows."""
        section = self.section
        shown = (
            sorted(self.row.items()),
            (section.pk, section.title, section.url_path) if section else None,
            site_paths,
            translation.get_language(),
            bool(large),
            level,
        )
        digest = hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
        return versions.key("news", "card", digest)


class CardList(list):
    """Cards shown together: their HTML is read from the cache in one lookup,
    and the pages of those not kept are loaded in one query (for every list
    joined by ``shown_together``)."""

    def __init__(self, cards=()):
        # A card shown in two lists (a featured lead) is a card of each.
        super().__init__(card if card.batch is None else card.copy() for card in cards)
        for card in self:
            card.batch = self
        self._html: dict[tuple, str] = {}
        self._group = [self]

    @staticmethod
    def shown_together(lists) -> None:
        """Read and load the cards of ``lists``, which a page shows at the same
        heading level and size, together: one lookup and at most one query for
        all of them, however many lists there are."""
        lists = list(lists)
        for each in lists:
            each._group = lists

    def html(self, card: Card, *, large: bool, level: int) -> str:
        variant = (bool(large), level)
        if (card.pk, variant) not in self._html:
            self._fill(variant)
        return self._html[(card.pk, variant)]

    def _fill(self, variant) -> None:
        from . import selectors

        large, level = variant
        fragments = caches["fragments"]
        site_paths = selectors.site_root_paths()
        cards = [card for each in self._group for card in each]
        keys = {
            card.pk: card.key(large=large, level=level, site_paths=site_paths)
            for card in cards
        }
        kept = fragments.get_many(keys.values())
        missing = [pk for pk, key in keys.items() if key not in kept]
        pages = {}
        if missing:
            pages = {
                page.pk: page
                for page in selectors.with_card_data(
                    selectors.card_queryset().filter(pk__in=missing)
                )
            }
        rendered = {}
        for pk, key in keys.items():
            if key not in kept:
                page = pages.get(pk)
                if page is None:
                    # Unpublished between the two reads: shown as nothing, and
                    # not kept (the same article published again shows).
                    kept[key] = ""
                    continue
                kept[key] = rendered[key] = render_page(page, large=large, level=level)
        for card in cards:
            card.batch._html[(card.pk, variant)] = kept[keys[card.pk]]
        if rendered:
            fragments.set_many(rendered, CACHE_SECONDS)


def render_page(article, *, large: bool = False, level: int = 3) -> str:
    """The card of ``article``, a page with what ``selectors.card_queryset``
    fetches, rendered now."""
    return render_to_string(
        TEMPLATE, {"article": article, "large": large, "level": level}
    )


def page_row(article) -> dict | None:
    """The row ``selectors.card_rows`` reads for ``article``, a page of
    ``selectors.card_queryset`` (its image fetched alongside), read from the
    page; None when the page lacks a column (not loaded as a card)."""
    from . import selectors

    try:
        row = {
            name: getattr(article, name)
            for name in (*COLUMNS, *selectors.card_annotation_names())
        }
    except AttributeError:
        return None
    image = article.featured_image
    row["image_file"] = image.file.name if image else None
    for name, column in IMAGE_COLUMNS.items():
        if name != "image_file":
            row[name] = getattr(image, column.name.split("__")[-1]) if image else None
    return row


def render_kept(article, *, large: bool, level: int) -> str:
    """The card of ``article``, a page of a listing loaded whole (related
    articles), kept under the same key as the card of its row: rendered once
    while what it shows is unchanged."""
    row = page_row(article)
    if row is None:
        return render_page(article, large=large, level=level)
    from . import selectors

    card = Card(row, getattr(article, "section", None))
    key = card.key(large=large, level=level, site_paths=selectors.site_root_paths())
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = render_page(article, large=large, level=level)
        fragments.set(key, html, CACHE_SECONDS)
    return html


def render(card, *, large: bool = False, level: int = 3) -> str:
    """The HTML of ``card``'s card: kept or rendered once for its list when it
    is a ``Card``, kept or rendered now when it is a page loaded whole."""
    if isinstance(card, Card) and card.batch is not None:
        return card.batch.html(card, large=large, level=level)
    return render_kept(card, large=large, level=level)
