"""The demo written by ``akhbar demo`` and served by ``akhbar serve`` on an
unusual port names that address, and no other, on every page it serves; every
demo article carries complete NewsArticle data."""

import urllib.error
import urllib.request
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils.encoding import iri_to_uri

from akhbar.demo import content
from tests.theme import metadata_checks as checks

# Hosts a page may name besides its own: share targets, vocabularies, and the
# outside links the demo's articles quote (example.org).
OUTSIDE = {
    "wa.me",
    "t.me",
    "x.com",
    "www.facebook.com",
    "schema.org",
    "www.w3.org",
    "example.org",
}
SKIP = ("/admin/", "/static/", "/media/", "/feeds/", "/comments/", "/api/")
SKIP_SUFFIXES = (".xml", ".txt", ".ico")


def _get(url):
    """(status, text); the text of a page that is not HTML is left out."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, body, kind = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, kind = error.code, error.read(), error.headers
    if kind.get_content_type() not in ("text/html", "text/plain"):
        return status, ""
    return status, body.decode()


@pytest.fixture(scope="module")
def served(served_demo):
    return served_demo


@pytest.fixture(scope="module")
def crawled(served):
    """Every page reachable by links from the home page (listing pages too), plus
    a search and a missing page: {url: (status, html)}."""
    pages = {}
    queue = deque(
        iri_to_uri(served + path) for path in ("/", "/search/?q=اقتصاد", "/لا-توجد/")
    )
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        pages[url] = status, html = _get(url)
        if status != 200 or not html or "/search/" in url:
            continue
        for href in checks.parse(html).xpath("//a/@href"):
            target = iri_to_uri(urljoin(url, href).split("#")[0])
            path = urlsplit(target).path
            if (
                target.startswith(served + "/")
                and not path.startswith(SKIP)
                and not path.endswith(SKIP_SUFFIXES)
            ):
                queue.append(target)
    return pages


def test_no_page_names_another_host(served, crawled):
    host = checks.host_of(served)
    kinds = {
        "article": 0,
        "section": 0,
        "tag": 0,
        "author": 0,
        "archive": 0,
        "search": 0,
        "404": 0,
    }
    for url, (status, html) in crawled.items():
        assert "localhost" not in html, url
        for found in checks.absolute_urls(html):
            other = checks.host_of(found)
            assert other == host or other in OUTSIDE, (url, found)
        if status == 404:
            kinds["404"] += 1
        elif "/search/" in url:
            kinds["search"] += 1
        for block in checks.json_ld(html) if status == 200 and html else []:
            kind = {
                "NewsArticle": "article",
                "ProfilePage": "author",
            }.get(block["@type"])
            if kind:
                kinds[kind] += 1
        path = urlsplit(url).path
        kinds["tag"] += path.startswith("/tags/")
        kinds["archive"] += path.startswith("/archive/")
        kinds["section"] += '"CollectionPage"' in html and path.count("/") == 2
    assert all(kinds.values()), kinds


def test_robots_txt_names_the_served_address(served):
    status, text = _get(served + "/robots.txt")
    assert status == 200
    assert "Sitemap: %s/sitemap.xml" % served in text.splitlines()


def test_every_demo_article_meets_googles_news_article_properties(served, crawled):
    articles = {}
    for status, html in crawled.values():
        if status != 200 or not html:
            continue
        for data in checks.of_type(checks.json_ld(html), "NewsArticle"):
            articles[data["url"]] = checks.news_article_problems(data, base=served)
            tags = checks.meta_tags(html)
            assert tags["og:url"] == [data["url"]] == [checks.canonical(html)]
            assert tags["og:image"][0].startswith(served + "/media/")
            assert tags["twitter:card"] == ["summary_large_image"]
    assert len(articles) == len(content.ARTICLES)
    assert {url: p for url, p in articles.items() if p} == {}
