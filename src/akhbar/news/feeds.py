"""RSS 2.0 and Atom feeds of the latest articles: the site, a section, a tag, an author.

Each feed exists in both formats (``/feed/``, ``/feed/atom/``, ``/feed/section/…/``,
``/feed/atom/section/…/``; see ``akhbar/urls.py``). An item carries its bylines,
its section and tags as categories, the lead image as an enclosure, the
standfirst as its description and, unless ``AKHBAR_FEED_FULL_CONTENT`` is off,
the whole body as ``content:encoded`` (RSS) or ``<content>`` (Atom).

A feed reader decodes a title and shows it, often as HTML; titles are therefore
plain text with nothing left that a browser would take for a tag, and the
description and content are HTML cleaned to a short allow-list. Every URL is
absolute, on the site's public address (``akhbar.core.urls``).
"""

import hashlib
import html
import mimetypes
import re
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import caches
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag

from akhbar.core import versions
from akhbar.core.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    URL_SCHEMES,
)
from akhbar.core.urls import absolute_url, base_url

from . import selectors
from .blocks import body_export_html, body_text
from .models import ArticlePage, AuthorPage, SectionPage

# The lead image as feed readers get it: wide enough for a card, JPEG/PNG as
# uploaded (WebP is not shown by every reader).
ENCLOSURE_RENDITION = "width-1200"
BODY_IMAGE_RENDITION = "width-800"
# What a feed's HTML may hold: the body's one allow-list (``core.html``) plus the
# headings, quotes and images of the export form; nothing that runs, loads a
# frame or takes input.
CONTENT_TAGS = set(ALLOWED_TAGS) | {
    "h2",
    "h3",
    "blockquote",
    "cite",
    "figure",
    "figcaption",
    "img",
}
CONTENT_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "width", "height"}}
CLEAN_OPTIONS = {
    "tags": CONTENT_TAGS,
    "attributes": CONTENT_ATTRIBUTES,
    "url_schemes": set(URL_SCHEMES),
    "link_rel": None,
    # Every URL the feed writes is absolute; a relative one came from elsewhere.
    "url_relative": "deny",
    "clean_content_tags": set(DROPPED_WITH_CONTENT),
}
# After its tags are gone, "<" followed by one of these would still open a tag
# in an HTML parser; a space after it keeps the character as text.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
# The export form's block comments leave blank lines behind.
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
CACHE_SECONDS = 300
# Without a standfirst, the description is the body's opening words.
DESCRIPTION_CHARS = 300
# An HTML entity decoded twice could hide a tag; titles are decoded until stable.
_MAX_DECODES = 4


def plain_title(text: str) -> str:
    """``text`` as plain text that stays text when a reader treats it as HTML.

    Tags are removed (the content of script and style too) and entities
    decoded, repeatedly, so that an escaped tag cannot survive one decoding;
    a "<" that would still open a tag is followed by a space.
    """
    text = text or ""
    for _step in range(_MAX_DECODES):
        cleaned = html.unescape(
            nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
        )
        if cleaned == text:
            break
        text = cleaned
    return " ".join(_TAG_OPEN.sub("< ", text).split())


def clean_html(markup: str) -> str:
    """``markup`` reduced to the feed's allow-list; only absolute http(s) URLs."""
    cleaned = nh3.clean(markup, **CLEAN_OPTIONS)
    return _BETWEEN_TAGS.sub(">\n<", cleaned).strip()


def text_html(text: str) -> str:
    """Plain ``text`` as HTML paragraphs, every character escaped."""
    paragraphs = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return "".join("<p>%s</p>" % html.escape(p) for p in paragraphs)


class FeedLinks:
    """Absolute links for the body's export form (``news.blocks.ExportLinks``)."""

    def absolute(self, url: str) -> str:
        return absolute_url(url) if (url or "").startswith("/") else url

    def page_url(self, page) -> str:
        return absolute_url(page.url or page.url_path)

    def attachment_id(self, image_id: int) -> int:
        return image_id

    def image_url(self, image) -> str:
        return absolute_url(image.get_rendition(BODY_IMAGE_RENDITION).url)


def image_enclosure(image) -> Enclosure | None:
    """The lead image's rendition as an enclosure (URL, bytes, type), if readable."""
    try:
        rendition = image.get_rendition(ENCLOSURE_RENDITION)
        length = rendition.file.size
    except (OSError, ValueError):
        return None
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return Enclosure(absolute_url(rendition.url), str(length), mime_type)


class ArabicRssFeed(Rss201rev2Feed):
    """RSS 2.0 in the site's language, with ``content:encoded`` and a WebSub hub."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xml:lang"] = settings.LANGUAGE_CODE
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement(
                "atom:link", None, {"rel": "hub", "href": self.feed["hub"]}
            )

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ArabicAtomFeed(Atom1Feed):
    """Atom in the site's language, with the full content and a WebSub hub."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement(
                "link", "", {"rel": "hub", "href": self.feed["hub"]}
            )

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about: a section, tag or author (``target``,
    None for the whole site), on the site whose home page has ``home_path``.

    A ``Feed`` instance serves every request, so nothing per request is kept on it.
    """

    home_path: str
    target: object = None


class LatestArticlesFeed(Feed):
    """The site's newest articles; subclasses narrow them to one subject."""

    feed_type = ArabicRssFeed
    url_name = "feed_latest"
    description = "آخر الأخبار"

    def __call__(self, request, *args, **kwargs):
        """The feed, built once per version of the published tree and path."""
        cache = caches["fragments"]
        key = versions.key(
            "news",
            "feed",
            selectors.news_generation(),
            int(settings.AKHBAR_FEED_FULL_CONTENT),
            settings.AKHBAR_FEED_ITEMS,
            hashlib.md5(
                (request.path + "|" + settings.AKHBAR_WEBSUB_HUB).encode(),
                usedforsecurity=False,
            ).hexdigest(),
        )
        response = cache.get(key)
        if response is None:
            response = super().__call__(request, *args, **kwargs)
            hub = settings.AKHBAR_WEBSUB_HUB
            if hub:
                # WebSub discovery (W3C WebSub 4): the hub and this feed's URL.
                response["Link"] = '<%s>; rel="hub", <%s>; rel="self"' % (
                    hub,
                    absolute_url(request.path),
                )
            cache.set(key, response, CACHE_SECONDS)
        return response

    def get_object(self, request, *args, **kwargs):
        home = selectors.site_home(request)
        home_path = home.path if home is not None else ""
        return FeedSubject(home_path, self.get_target(request, home, *args, **kwargs))

    def get_target(self, request, home, *args, **kwargs):
        """The feed's subject (None: the whole site); Http404 when there is none."""
        return None

    def feed_extra_kwargs(self, obj):
        return {"hub": settings.AKHBAR_WEBSUB_HUB or None}

    def title(self, obj):
        site = settings.WAGTAIL_SITE_NAME
        if obj.target is None:
            return plain_title(site)
        name = getattr(obj.target, "title", None) or obj.target.name
        return plain_title("%s — %s" % (name, site))

    def link(self, obj):
        return absolute_url("/")

    def feed_url(self, obj):
        return absolute_url(reverse(self.url_name, args=self.url_args(obj)))

    def url_args(self, obj) -> list:
        return []

    def articles(self, obj):
        return selectors.card_queryset().filter(path__startswith=obj.home_path)

    def items(self, obj):
        limit = settings.AKHBAR_FEED_ITEMS
        items = selectors.feed_articles(self.articles(obj), limit=limit)
        stories = self.stories(obj, limit)
        if not stories:
            return items
        items += stories
        items.sort(key=lambda item: item.first_published_at, reverse=True)
        return items[:limit]

    def stories(self, obj, limit: int) -> list:
        """Pages of other story types (live stories) the feed carries."""
        return selectors.other_stories(under=obj.home_path, limit=limit)

    def item_title(self, item):
        return plain_title(item.title)

    def item_description(self, item):
        return text_html(item.standfirst or body_text(item.body)[:DESCRIPTION_CHARS])

    def item_extra_kwargs(self, item):
        if not settings.AKHBAR_FEED_FULL_CONTENT:
            return {}
        return {"content": self.item_content(item)}

    def item_content(self, item) -> str:
        """The whole article as clean HTML: lead image, standfirst, body."""
        parts = []
        if item.featured_image is not None:
            image = item.featured_image.get_rendition(ENCLOSURE_RENDITION)
            caption = getattr(item, "featured_image_caption", "")
            parts.append(
                '<figure><img src="%s" alt="%s" width="%d" height="%d">%s</figure>'
                % (
                    html.escape(absolute_url(image.url)),
                    html.escape(caption),
                    image.width,
                    image.height,
                    "<figcaption>%s</figcaption>" % html.escape(caption)
                    if caption
                    else "",
                )
            )
        parts.append(text_html(item.standfirst))
        parts.append(body_export_html(item.body, FeedLinks()))
        return clean_html("\n".join(parts))

    def item_link(self, item):
        return absolute_url(item.url)

    def author_name(self, obj):
        # Atom asks for an author of every entry; the site stands for unsigned ones.
        return plain_title(settings.WAGTAIL_SITE_NAME)

    def item_author_name(self, item):
        names = [plain_title(author.title) for author in item.feed_authors]
        return "، ".join(names) or None

    def item_author_link(self, item):
        authors = item.feed_authors
        return absolute_url(authors[0].url) if authors else None

    def item_categories(self, item):
        names = [item.section.title] if item.section is not None else []
        names += [tag.name for tag in item.feed_tags]
        return [plain_title(name) for name in names]

    def item_enclosures(self, item):
        if item.featured_image is None:
            return []
        enclosure = image_enclosure(item.featured_image)
        return [enclosure] if enclosure is not None else []

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return max(
            filter(None, [getattr(item, "updated_at", None), item.last_published_at]),
            default=None,
        )


class SectionFeed(LatestArticlesFeed):
    """A section's articles and its subsections'.

    Addressed by the section's path below the home page (``politics/gulf``);
    the old address by id (``/feed/section/12/``) keeps working.
    """

    url_name = "feed_section"

    def get_target(self, request, home, section_path):
        sections = SectionPage.objects.live()
        if home is not None:
            section = sections.filter(
                url_path="%s%s/" % (home.url_path, section_path.strip("/"))
            ).first()
            if section is not None:
                return section
        if section_path.isdigit():
            return get_object_or_404(sections, pk=int(section_path))
        raise Http404("No such section")

    def url_args(self, obj):
        return [section_feed_path(obj.target)]

    def link(self, obj):
        return absolute_url(obj.target.url)

    def articles(self, obj):
        return selectors.section_articles(obj.target)

    def stories(self, obj, limit):
        return selectors.other_stories(under=obj.target.path, limit=limit)


class TagFeed(LatestArticlesFeed):
    url_name = "feed_tag"

    def get_target(self, request, home, slug):
        return get_object_or_404(Tag, slug=slug)

    def url_args(self, obj):
        return [obj.target.slug]

    def link(self, obj):
        return absolute_url("/tags/%s/" % obj.target.slug)

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj.target)

    def stories(self, obj, limit):
        return []  # Other story types have no tags.


class AuthorFeed(LatestArticlesFeed):
    url_name = "feed_author"

    def get_target(self, request, home, slug):
        authors = AuthorPage.objects.live()
        if home is not None:
            authors = authors.descendant_of(home)
        return get_object_or_404(authors, slug=slug)

    def url_args(self, obj):
        return [obj.target.slug]

    def link(self, obj):
        return absolute_url(obj.target.url)

    def articles(self, obj):
        return selectors.author_articles(obj.target)

    def stories(self, obj, limit):
        return []  # Other story types have no bylines.


@dataclass(frozen=True)
class FeedLink:
    """A feed a page points readers to: its title and both formats' URLs."""

    title: str
    rss: str
    atom: str


def feed_link(base: str, title: str, url_name: str, *args) -> FeedLink:
    """Both formats of one feed, on ``base`` (``core.urls.base_url()``)."""
    return FeedLink(
        title=plain_title(title),
        rss=base + reverse(url_name, args=args),
        atom=base + reverse(url_name + "_atom", args=args),
    )


def page_feeds(page=None, *, tag=None) -> list[FeedLink]:
    """The feeds of the page being read: the site's, then the section's (of a
    section or an article), the author's or the tag's."""
    site = settings.WAGTAIL_SITE_NAME
    base = base_url()  # Once: it may read the Site record.
    links = [feed_link(base, site, LatestArticlesFeed.url_name)]
    subject = "%s — %s"
    if tag is not None:
        name = subject % (tag.name, site)
        return links + [feed_link(base, name, "feed_tag", tag.slug)]
    section = None
    if isinstance(page, SectionPage):
        section = page
    elif isinstance(page, ArticlePage):
        section = selectors.section_of(page)
    elif isinstance(page, AuthorPage):
        name = subject % (page.title, site)
        links.append(feed_link(base, name, "feed_author", page.slug))
    if section is not None:
        links.append(
            feed_link(
                base,
                subject % (section.title, site),
                "feed_section",
                section_feed_path(section),
            )
        )
    return links


def section_feed_path(section) -> str:
    """A section's path below its home page, as its feed URL holds it."""
    return section.url_path.strip("/").split("/", 1)[1]


def atom(feed_class):
    """The Atom twin of an RSS feed class, named ``<url_name>_atom``."""
    return type(
        "Atom" + feed_class.__name__,
        (feed_class,),
        {
            "feed_type": ArabicAtomFeed,
            "url_name": feed_class.url_name + "_atom",
            "subtitle": feed_class.description,
        },
    )


# Each feed by subject: the URL after /feed/ (RSS) or /feed/atom/ (Atom).
FEED_ROUTES = (
    ("", LatestArticlesFeed),
    ("section/<path:section_path>/", SectionFeed),
    ("tag/<str:slug>/", TagFeed),
    ("author/<str:slug>/", AuthorFeed),
)


def urlpatterns() -> list:
    """The feeds' URL patterns, RSS and Atom, for the project's URLconf."""
    from django.urls import path

    patterns = []
    for route, feed_class in FEED_ROUTES:
        atom_class = atom(feed_class)
        patterns += [
            path("feed/atom/" + route, atom_class(), name=atom_class.url_name),
            path("feed/" + route, feed_class(), name=feed_class.url_name),
        ]
    return patterns
