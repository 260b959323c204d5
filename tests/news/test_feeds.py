"""RSS 2.0 and Atom feeds of the site, a section, a tag and an author."""

import copy
import datetime
import email.utils
from urllib.parse import quote

import defusedxml.ElementTree as ET
import feedparser
import lxml.html
import pytest
from django.utils import timezone

from akhbar.testing.rows import rows_fixture
from tests.news.test_pages import build_site

pytestmark = pytest.mark.django_db
site_rows = rows_fixture(build_site)


@pytest.fixture
def site(site_rows, db):
    return copy.deepcopy(site_rows)


CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def titles(parsed) -> list[str]:
    return [entry.title for entry in parsed.entries]


def feed_path(page) -> str:
    """A section's path below the home page, percent-encoded as in a URL."""
    return quote(page.url_path.strip("/").split("/", 1)[1])


@pytest.mark.parametrize("prefix", ["/feed/", "/feed/atom/"])
def test_each_subject_has_a_feed_in_both_formats(client, site, prefix):
    home = parse(client.get(prefix))
    assert site["article"].title in titles(home)
    assert site["sub_article"].title in titles(home)

    politics = parse(client.get(prefix + "section/%s/" % feed_path(site["politics"])))
    assert site["sub_article"].title in titles(politics)  # Subsections included.
    assert site["breaking"].title not in titles(politics)
    local = parse(client.get(prefix + "section/%s/" % feed_path(site["local"])))
    assert titles(local) == [site["sub_article"].title]

    tag = parse(client.get(prefix + "tag/%s/" % quote("سوريا")))
    assert titles(tag) == [site["article"].title]
    assert tag.feed.title.startswith("سوريا")

    author = parse(client.get(prefix + "author/%s/" % quote(site["author"].slug)))
    assert set(titles(author)) == {site["article"].title, site["older"].title}
    expected = "atom10" if "atom" in prefix else "rss20"
    assert {home.version, politics.version, tag.version, author.version} == {expected}


def test_unknown_subjects_are_404(client, site):
    for url in (
        "/feed/section/no-such-section/",
        "/feed/tag/no-such-tag/",
        "/feed/atom/author/no-such-author/",
        "/feed/section/999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_old_section_feed_address_by_id_still_works(client, site):
    parsed = parse(client.get("/feed/section/%d/" % site["economy"].pk))
    assert site["breaking"].title in titles(parsed)
    # Its self link names the readable address.
    assert parsed.feed.links[-1].href.endswith(
        "/feed/section/%s/" % feed_path(site["economy"])
    )


def test_items_carry_bylines_categories_enclosure_and_content(client, site):
    article = site["article"]
    response = client.get("/feed/")
    entry = next(e for e in parse(response).entries if e.title == article.title)
    assert entry.author == "سلمى الحداد، كريم منصور"
    assert [tag.term for tag in entry.tags] == ["أخبار سياسية", "الحكومة", "سوريا"]
    assert entry.link == "http://localhost" + article.url
    assert entry.summary == "<p>رسالة تؤكد دعم جهود الاستقرار.</p>"
    html = entry.content[0].value
    assert "نص الفقرة الثانية." in html
    assert "<h2>العنوان الفرعي الأول</h2>" in html
    assert 'src="http://localhost/media/images/' in html

    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    image = client.get(enclosure.href.removeprefix("http://localhost"))
    assert image.status_code == 200
    assert int(enclosure.length) == len(b"".join(image.streaming_content))

    atom = parse(client.get("/feed/atom/"))
    entry = next(e for e in atom.entries if e.title == article.title)
    (enclosure_link,) = [link for link in entry.links if link.rel == "enclosure"]
    assert enclosure_link.type == "image/jpeg"
    assert int(enclosure_link.length) == int(enclosure.length)
    assert "نص الفقرة الثانية." in entry.content[0].value
    # Atom asks every entry for an author: an unsigned one inherits the feed's.
    assert atom.feed.author == "أخبار"
    unsigned = next(e for e in atom.entries if e.title == site["other"].title)
    assert "author" not in unsigned


def test_full_content_is_an_option(client, site, settings):
    settings.AKHBAR_FEED_FULL_CONTENT = False
    rss = ET.fromstring(client.get("/feed/").content)
    assert rss.find(".//item/description") is not None
    assert rss.find(".//item/" + CONTENT) is None
    atom = ET.fromstring(client.get("/feed/atom/").content)
    assert atom.find(".//%sentry/%scontent" % (ATOM, ATOM)) is None

    settings.AKHBAR_FEED_FULL_CONTENT = True
    rss = ET.fromstring(client.get("/feed/").content)
    assert len(rss.findall(".//item/" + CONTENT)) == len(rss.findall(".//item"))


def test_last_build_date_is_the_newest_change(client, site):
    article = site["older"]
    article.updated_at = timezone.now() + datetime.timedelta(hours=1)
    article.save_revision().publish()
    rss = ET.fromstring(client.get("/feed/").content)
    built = email.utils.parsedate_to_datetime(rss.findtext("channel/lastBuildDate"))
    assert abs(built - article.updated_at) < datetime.timedelta(seconds=1)
    atom = parse(client.get("/feed/atom/"))
    entry = next(e for e in atom.entries if e.title == article.title)
    assert entry.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]
    assert atom.feed.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]


def test_websub_hub_is_announced_when_configured(client, site, settings):
    assert "Link" not in client.get("/feed/")
    settings.AKHBAR_WEBSUB_HUB = "https://hub.example/"
    for url in ("/feed/", "/feed/atom/"):
        response = client.get(url)
        assert response["Link"] == (
            '<https://hub.example/>; rel="hub", <http://localhost%s>; rel="self"' % url
        )
        links = {link.rel: link.href for link in parse(response).feed.links}
        assert links["hub"] == "https://hub.example/"
        assert links["self"] == "http://localhost" + url


def test_every_url_is_on_the_configured_address(client, site, settings):
    settings.AKHBAR_BASE_URL = "https://news.example:8443"
    for url in ("/feed/", "/feed/atom/"):
        body = client.get(url, HTTP_HOST="localhost").content.decode()
        assert "http://localhost" not in body
        assert "https://news.example:8443/" in body


def test_a_publish_shows_in_the_cached_feed(client, site):
    from tests.news.factories import make_article

    assert "خبر جديد بعد التخزين" not in titles(parse(client.get("/feed/")))
    make_article(site["economy"], "خبر جديد بعد التخزين")
    assert "خبر جديد بعد التخزين" in titles(parse(client.get("/feed/")))


def alternates(html: str) -> list[tuple[str, str, str]]:
    """(type, title, href) of each feed link in the page's head."""
    head = lxml.html.document_fromstring(html).find("head")
    return [
        (link.get("type"), link.get("title"), link.get("href"))
        for link in head.iter("link")
        if link.get("rel") == "alternate"
    ]


@pytest.mark.parametrize(
    "key,subject",
    [
        ("home", None),
        ("politics", "politics"),
        ("local", "local"),
        ("article", "politics"),
        ("sub_article", "local"),
        ("author", "author"),
        ("tag", "tag"),
    ],
)
def test_each_page_points_to_its_feeds(client, site, key, subject):
    url = "/tags/%s/" % quote("سوريا") if key == "tag" else site[key].url
    links = alternates(client.get(url).content.decode())
    site_feeds = [
        ("application/rss+xml", "أخبار", "http://localhost/feed/"),
        ("application/atom+xml", "أخبار (Atom)", "http://localhost/feed/atom/"),
    ]
    assert links[:2] == site_feeds
    if subject is None:
        assert links == site_feeds
        return
    if subject == "tag":
        name, path = "سوريا", "tag/%s/" % quote("سوريا")
    elif subject == "author":
        name, path = site["author"].title, "author/%s/" % quote(site["author"].slug)
    else:
        name, path = site[subject].title, "section/%s/" % feed_path(site[subject])
    assert links[2:] == [
        ("application/rss+xml", "%s — أخبار" % name, "http://localhost/feed/" + path),
        (
            "application/atom+xml",
            "%s — أخبار (Atom)" % name,
            "http://localhost/feed/atom/" + path,
        ),
    ]
    for _type, _title, href in links:
        feed = parse(client.get(href.removeprefix("http://localhost")))
        assert feed.feed.title == _title.removesuffix(" (Atom)")
