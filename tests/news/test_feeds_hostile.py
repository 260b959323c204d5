"""Hostile posts imported from WordPress, read back through every feed.

Every line of the attack payload lists (xss/ and sqli/) becomes a post's title,
excerpt and body, a category, a tag and an author's name in a WXR file that the
real importer reads. Then every feed (site, each section, tag and author; RSS and
Atom) is parsed with feedparser as a reader parses it, without its sanitiser:
no bozo flag, and no title, description, content, category or author may hold
markup that runs once decoded.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import feedparser
import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from akhbar.news.feeds import CONTENT_ATTRIBUTES, CONTENT_TAGS, section_feed_path
from akhbar.news.models import ArticlePage, AuthorPage, SectionPage
from tests.comments.test_security import load_payloads
from tests.importers.conftest import run_import

pytestmark = pytest.mark.django_db

# Characters XML 1.0 cannot carry at all; a WordPress export drops them too.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CATEGORIES = 7
AUTHORS = 5
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset"}


def payloads() -> list[str]:
    return [line for line in load_payloads() if line.strip()]


def text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def hostile_wxr(lines: list[str], now) -> str:
    """A WXR 1.2 export whose every name and text is a payload."""
    authors = "".join(
        "<wp:author><wp:author_id>%d</wp:author_id>"
        "<wp:author_login>writer%d</wp:author_login>"
        "<wp:author_email>writer%d@example.org</wp:author_email>"
        "<wp:author_display_name>%s</wp:author_display_name></wp:author>"
        % (number, number, number, text(lines[number]))
        for number in range(AUTHORS)
    )
    categories = "".join(
        "<wp:category><wp:term_id>%d</wp:term_id>"
        "<wp:category_nicename>section-%d</wp:category_nicename>"
        "<wp:cat_name>%s</wp:cat_name></wp:category>"
        % (100 + number, number, text(lines[-1 - number]))
        for number in range(CATEGORIES)
    )
    items = []
    for number, payload in enumerate(lines):
        following = lines[(number + 1) % len(lines)]
        category = number % CATEGORIES
        date = (now - datetime.timedelta(minutes=number + 1)).strftime(
            "%Y-%m-%d %H:%M:%S"
        )
        items.append(
            "<item><title>%(title)s</title>"
            "<link>https://old.example/?p=%(id)d</link>"
            "<dc:creator>writer%(author)d</dc:creator>"
            "<content:encoded>%(body)s</content:encoded>"
            "<excerpt:encoded>%(excerpt)s</excerpt:encoded>"
            "<wp:post_id>%(id)d</wp:post_id>"
            "<wp:post_date_gmt>%(date)s</wp:post_date_gmt>"
            "<wp:post_date>%(date)s</wp:post_date>"
            "<wp:post_name>hostile-%(id)d</wp:post_name>"
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            '<category domain="category" nicename="section-%(category)d">'
            "%(category_name)s</category>"
            '<category domain="post_tag" nicename="tag-%(id)d">%(title)s</category>'
            "</item>"
            % {
                "id": 1000 + number,
                "title": text(payload),
                "author": number % AUTHORS,
                "body": text(
                    "<p>%s</p>\n%s\n<p>%s</p>" % (escape(payload), payload, following)
                ),
                "excerpt": text(following),
                "date": date,
                "category": category,
                "category_name": text(lines[-1 - category]),
            }
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<title>old</title><link>https://old.example</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_site_url>https://old.example</wp:base_site_url>"
        "<wp:base_blog_url>https://old.example</wp:base_blog_url>"
        "%s%s%s</channel></rss>" % (authors, categories, "".join(items))
    )


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def elements(markup: str) -> list:
    """The elements of ``markup`` as html.parser and lxml each see them."""
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    found = list(parser.elements)
    if markup.strip():
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
        found += [
            (element.tag, list(element.attrib.items()))
            for element in root.iterdescendants()
            if isinstance(element.tag, str)
        ]
    return found


def url_is_safe(value: str) -> bool:
    parts = urlsplit(re.sub(r"[\x00-\x20]", "", value))
    return parts.scheme in ("http", "https", "mailto")


def assert_plain(value: str, where: str):
    """Text a reader may show as HTML: no element at all."""
    assert elements(value) == [], (where, value)


def assert_clean_html(value: str, where: str):
    """Only the feed's allow-list: no handler, script, frame, form or bad URL."""
    for tag, attrs in elements(value):
        assert tag in CONTENT_TAGS, (where, tag, value)
        for name, attr_value in attrs:
            assert name in CONTENT_ATTRIBUTES.get(tag, ()), (where, tag, name)
            assert not name.lower().startswith("on"), (where, tag, name)
            if name in URL_ATTRIBUTES:
                assert url_is_safe(attr_value), (where, tag, name, attr_value)


def feed_urls() -> list[str]:
    urls = ["/feed/"]
    for section in SectionPage.objects.live():
        urls.append(reverse("feed_section", args=[section_feed_path(section)]))
    for tag in Tag.objects.filter(articlepage__isnull=False).distinct():
        urls.append(reverse("feed_tag", args=[tag.slug]))
    for author in AuthorPage.objects.live():
        urls.append(reverse("feed_author", args=[author.slug]))
    return urls + [url.replace("/feed/", "/feed/atom/", 1) for url in urls]


@pytest.fixture
def hostile_site(home, tmp_path, settings):
    settings.AKHBAR_FEED_ITEMS = 10_000
    lines = payloads()
    export = Path(tmp_path) / "hostile.xml"
    export.write_text(hostile_wxr(lines, timezone.now()), encoding="utf-8")
    report = run_import(export)
    assert report["errors"] == []
    return lines


def test_every_feed_of_an_imported_hostile_site_is_inert(client, hostile_site):
    articles = ArticlePage.objects.live().count()
    assert articles >= len(hostile_site) * 0.9  # Nearly every payload is a post.
    urls = feed_urls()
    # The site feed, sections, authors and hundreds of tags, in both formats.
    assert len(urls) > 2 * (CATEGORIES + AUTHORS + 100)
    entries = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(
            response.content, sanitize_html=False, resolve_relative_uris=False
        )
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert_plain(parsed.feed.get("title", ""), url)
        for entry in parsed.entries:
            entries += 1
            assert_plain(entry.title, (url, "title"))
            assert_plain(entry.get("author", ""), (url, "author"))
            for tag in entry.get("tags", []):
                assert_plain(tag.term, (url, "category"))
            assert_clean_html(entry.summary, (url, "description"))
            assert entry.content, (url, "no content")
            for content in entry.content:
                assert_clean_html(content.value, (url, "content"))
            assert url_is_safe(entry.link)
            for link in entry.links:
                assert url_is_safe(link.href), (url, link)
    # The site feeds alone hold every article, once per format.
    assert entries >= 2 * 2 * articles
