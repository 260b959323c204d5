"""The sitemap index, the sitemaps of pages and articles (with images) and the
Google News sitemap of the last 48 hours, with editors' exclusions."""

import datetime
from urllib.parse import unquote

import lxml.etree
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from akhbar.news import sitemaps
from tests.news.factories import (
    ensure_home,
    make_article,
    make_image,
    make_section,
    publish,
)

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
BASE = "https://news.example:8443"


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


@pytest.fixture
def newsroom(db, settings):
    settings.AKHBAR_BASE_URL = BASE
    home = ensure_home()
    politics = make_section(home, "سياسة")
    opinion = make_section(home, "رأي", exclude_from_news_sitemap=True)
    columns = make_section(opinion, "أعمدة")
    articles = {
        "fresh": make_article(politics, "خبر قبل ساعة", published=hours_ago(1)),
        "edge": make_article(politics, "خبر قبل ٤٧ ساعة", published=hours_ago(47)),
        "stale": make_article(politics, "خبر قبل ٤٩ ساعة", published=hours_ago(49)),
        "old": make_article(politics, "خبر قديم", published=hours_ago(24 * 30)),
        "excluded": make_article(
            politics,
            "خبر مستبعد",
            published=hours_ago(2),
            exclude_from_news_sitemap=True,
        ),
        "opinion_piece": make_article(opinion, "مقال رأي", published=hours_ago(3)),
        "column": make_article(columns, "عمود في قسم فرعي", published=hours_ago(4)),
        "draft": make_article(
            politics, "مسودة", published=hours_ago(5), publish_now=False, live=False
        ),
        "pictured": make_article(
            politics,
            "خبر بصورة",
            published=hours_ago(6),
            featured_image=make_image(),
        ),
    }
    return {"home": home, "politics": politics, "opinion": opinion, **articles}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return lxml.etree.fromstring(response.content)


def locations(root, path="s:url/s:loc") -> list[str]:
    return [unquote(loc.text) for loc in root.xpath(path, namespaces=NS)]


def url_of(page) -> str:
    return BASE + unquote(page.url)


def test_news_sitemap_holds_exactly_the_articles_of_the_last_48_hours(client, newsroom):
    root = parse(client.get("/sitemap-news.xml"))
    assert root.tag == "{%s}urlset" % NS["s"]
    assert root.nsmap == {None: NS["s"], "news": NS["news"]}
    expected = ["fresh", "pictured", "edge"]  # Newest first.
    assert locations(root) == [url_of(newsroom[key]) for key in expected]
    for url, key in zip(root.xpath("s:url", namespaces=NS), expected, strict=True):
        article = newsroom[key]
        news = url.find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == "أخبار"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "ar"
        assert news.findtext("news:title", namespaces=NS) == article.title
        published = datetime.datetime.fromisoformat(
            news.findtext("news:publication_date", namespaces=NS)
        )
        assert published == article.first_published_at


def test_news_sitemap_follows_the_editors_exclusions(client, newsroom):
    newsroom["opinion"].exclude_from_news_sitemap = False
    publish(newsroom["opinion"])
    root = parse(client.get("/sitemap-news.xml"))
    assert url_of(newsroom["opinion_piece"]) in locations(root)
    assert url_of(newsroom["column"]) in locations(root)
    assert url_of(newsroom["excluded"]) not in locations(root)


def test_news_sitemap_stops_at_its_limit(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    root = parse(client.get("/sitemap-news.xml"))
    assert locations(root) == [url_of(newsroom["fresh"]), url_of(newsroom["pictured"])]


def test_sitemap_index_lists_each_sitemap_on_the_public_address(client, newsroom):
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == "{%s}sitemapindex" % NS["s"]
    listed = locations(index, "s:sitemap/s:loc")
    assert listed == [
        BASE + "/sitemap-pages.xml",
        BASE + "/sitemap-articles.xml",
        BASE + "/sitemap-news.xml",
    ]
    for lastmod in index.xpath("s:sitemap/s:lastmod/text()", namespaces=NS):
        assert datetime.datetime.fromisoformat(lastmod).tzinfo is not None

    pages = parse(client.get("/sitemap-pages.xml"))
    assert {BASE + "/", url_of(newsroom["politics"])} <= set(locations(pages))
    assert url_of(newsroom["fresh"]) not in locations(pages)

    articles = parse(client.get("/sitemap-articles.xml"))
    assert articles.nsmap == {None: NS["s"], "image": NS["image"]}
    listed = locations(articles)
    # Every live article, whatever its age or exclusion from Google News.
    for key in ("fresh", "old", "excluded", "column", "pictured"):
        assert url_of(newsroom[key]) in listed
    assert url_of(newsroom["draft"]) not in listed
    assert all(url.startswith(BASE + "/") for url in listed)


def test_articles_sitemap_names_the_lead_image(client, newsroom):
    articles = parse(client.get("/sitemap-articles.xml"))
    (url,) = [
        url
        for url in articles.xpath("s:url", namespaces=NS)
        if unquote(url.findtext("s:loc", namespaces=NS)) == url_of(newsroom["pictured"])
    ]
    (image,) = url.xpath("image:image/image:loc/text()", namespaces=NS)
    assert image == BASE + newsroom["pictured"].featured_image.file.url
    assert client.get(image.removeprefix(BASE)).status_code == 200
    # Articles without a lead image have no image entry.
    assert len(articles.xpath("//image:image", namespaces=NS)) == 1


def test_editors_find_the_exclusions_in_the_promote_tab(client, newsroom):
    editor = get_user_model().objects.create_superuser("chief", "c@example.org", "x")
    client.force_login(editor)
    for key in ("fresh", "politics"):
        html = client.get("/admin/pages/%d/edit/" % newsroom[key].pk).content.decode()
        # The tab with the search engine fields (Wagtail's promote panels).
        (promote,) = [
            panel
            for panel in html.split('role="tabpanel"')[1:]
            if 'name="seo_title"' in panel
        ]
        assert 'name="exclude_from_news_sitemap"' in promote, key
