"""Most read: views counted by a beacon over real HTTP, lists on the pages."""

import datetime
import urllib.error
import urllib.parse
import urllib.request

import lxml.html
import pytest
from django.utils import timezone

from akhbar.readership import selectors, services
from akhbar.readership.models import HourlyViews
from tests.news.factories import ensure_home, make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def desk(transactional_db, settings):
    # Readers told apart by the header a trusted proxy sets (the live server's
    # clients are all 127.0.0.1).
    settings.AKHBAR_TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    settings.AKHBAR_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    home = ensure_home()
    politics = make_section(home, "سياسة")
    sport = make_section(home, "رياضة")
    return {
        "home": home,
        "politics": politics,
        "first": make_article(politics, "الخبر الأول قراءة"),
        "second": make_article(politics, "الخبر الثاني قراءة"),
        "match": make_article(sport, "مباراة الأمس"),
    }


def beacon(server, article_id, *, reader="10.0.0.1", agent=BROWSER, method="POST"):
    data = urllib.parse.urlencode({"article": article_id}).encode()
    request = urllib.request.Request(
        server.url + "/readership/view/",
        data=data if method == "POST" else None,
        method=method,
        headers={"User-Agent": agent, "X-Real-IP": reader},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def page(server, path) -> lxml.html.HtmlElement:
    with urllib.request.urlopen(server.url + path, timeout=10) as r:
        return lxml.html.document_fromstring(r.read())


def most_read_titles(document) -> list[list[str]]:
    return [
        [a.text_content() for a in ol.iter("a")]
        for ol in document.xpath("//section[@class='most-read']//ol")
    ]


def views(article) -> int:
    return sum(
        HourlyViews.objects.filter(article=article).values_list("views", flat=True)
    )


def test_readers_are_counted_once_and_bots_not_at_all(live_server, desk):
    first, second, match = desk["first"], desk["second"], desk["match"]
    for number in range(3):
        status, headers = beacon(live_server, first.pk, reader="10.0.0.%d" % number)
        assert status == 204
        assert "no-store" in headers["Cache-Control"]
    assert beacon(live_server, second.pk, reader="10.0.0.1")[0] == 204
    assert beacon(live_server, second.pk, reader="10.0.0.2")[0] == 204
    assert beacon(live_server, match.pk, reader="10.0.0.1")[0] == 204
    # The same reader again, a crawler, a GET, an unknown article: not counted.
    assert beacon(live_server, first.pk, reader="10.0.0.1")[0] == 429
    assert beacon(live_server, first.pk, reader="10.9.9.9", agent=GOOGLEBOT)[0] == 204
    assert beacon(live_server, first.pk, reader="10.9.9.8", agent="")[0] == 204
    assert beacon(live_server, first.pk, reader="10.9.9.7", method="GET")[0] == 405
    assert beacon(live_server, 999999, reader="10.9.9.6")[0] == 204
    assert (views(first), views(second), views(match)) == (3, 2, 1)
    assert HourlyViews.objects.count() == 3  # One row per article per hour.

    home = most_read_titles(page(live_server, "/"))
    assert home[0] == [first.title, second.title, match.title]
    section = most_read_titles(page(live_server, desk["politics"].url))
    assert section[0] == [first.title, second.title]  # The section's own.
    article = page(live_server, match.url)
    assert most_read_titles(article)[0][0] == first.title
    (script,) = [
        s for s in article.iter("script") if "readership" in (s.get("src") or "")
    ]
    assert script.get("data-article") == str(match.pk)
    assert script.get("data-url") == "/readership/view/"
    assert not (script.text or "").strip()  # External file: no inline script.


def test_an_address_is_limited(live_server, desk, settings):
    settings.AKHBAR_READERSHIP_RATE_PER_IP = 2
    statuses = [
        beacon(live_server, desk[key].pk, reader="10.1.1.1")[0]
        for key in ("first", "second", "match")
    ]
    assert statuses == [204, 204, 429]
    assert views(desk["match"]) == 0
    assert beacon(live_server, desk["match"].pk, reader="10.1.1.2")[0] == 204


def test_windows_of_a_day_and_a_week(desk):
    now = timezone.now()
    services.view_record(article_id=desk["first"].pk, at=now)
    for _ in range(5):
        services.view_record(
            article_id=desk["second"].pk, at=now - datetime.timedelta(days=3)
        )
    for _ in range(9):
        services.view_record(
            article_id=desk["match"].pk, at=now - datetime.timedelta(days=8)
        )
    day = selectors.most_read(hours=24)
    week = selectors.most_read(hours=24 * 7)
    assert [item["title"] for item in day] == [desk["first"].title]
    assert [(item["title"], item["views"]) for item in week] == [
        (desk["second"].title, 5),
        (desk["first"].title, 1),
    ]


def test_lists_are_cached_minutes_and_unpublishing_drops_at_once(desk, settings):
    services.view_record(article_id=desk["first"].pk)
    assert [i["title"] for i in selectors.most_read(hours=24)] == [desk["first"].title]
    for _ in range(3):
        services.view_record(article_id=desk["second"].pk)
    # Cached: the new views show when the list is next summed.
    assert [i["title"] for i in selectors.most_read(hours=24)] == [desk["first"].title]
    settings.AKHBAR_MOST_READ_CACHE_SECONDS = 0
    desk["second"].unpublish()  # A change of the tree: the cached list goes.
    assert [i["title"] for i in selectors.most_read(hours=24)] == [desk["first"].title]
    services.view_record(article_id=desk["match"].pk)
    # Equal counts: the newer article first.
    titles = [i["title"] for i in selectors.most_read(hours=24)]
    assert titles == [desk["match"].title, desk["first"].title]
