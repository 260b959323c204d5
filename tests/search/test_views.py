"""The reader's search page and the JSON endpoint, through real HTTP requests."""

import copy
import datetime
import re

import pytest
from django.utils import timezone

from akhbar.search import services
from akhbar.testing.rows import rows_fixture
from tests.news.factories import ensure_home, make_article, make_author, make_section

pytestmark = pytest.mark.django_db


def build_site():
    home = ensure_home()
    politics = make_section(home, "سياسة")
    economy = make_section(home, "اقتصاد")
    author = make_author(home, "كريم منصور")
    now = timezone.now()
    articles = {
        "syria": make_article(
            politics,
            "بوتين يؤكد دعمه لسوريا",
            standfirst="رسالة إلى الرئيس السوري عن الاستقرار.",
            authors=[author],
            tags=["سوريا"],
            published=now - datetime.timedelta(days=1),
        ),
        "syrians": make_article(
            politics,
            "عودة السوريين إلى مدنهم",
            published=now - datetime.timedelta(days=10),
        ),
        "bank": make_article(
            economy,
            "البنك المركزي يخفض الفائدة في سورية",
            published=now - datetime.timedelta(days=40),
        ),
        "script": make_article(
            economy, "<script>alert(1)</script> قمة الرياض & <b>جدة</b>"
        ),
    }
    services.search_index_rebuild()
    return {"politics": politics, "economy": economy, "author": author, **articles}


site_rows = rows_fixture(build_site)


@pytest.fixture
def site(site_rows, db, settings):
    settings.AKHBAR_SEARCH_RESULTS_PER_PAGE = 2
    return copy.deepcopy(site_rows)


def titles(response):
    return [r["title"] for r in response.json()["results"]]


def test_page_is_arabic_rtl_with_highlighted_results(client, site):
    response = client.get("/search/", {"q": "سوريا"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<mark>لسوريا</mark>" in html
    assert "<mark>السوري</mark>" in html
    assert "٣ نتائج عن «سوريا»" in html
    assert 'rel="next"' in html and "page=2" in html
    assert 'name="robots" content="noindex"' in html


def test_only_result_pages_are_kept_out_of_search_engines(client, site):
    """The empty search page may be indexed; a page of results may not."""
    empty = client.get("/search/").content.decode()
    assert 'name="robots"' not in empty
    assert '<meta name="description" content="ابحث في أخبار' in empty
    blank = client.get("/search/", {"q": ""}).content.decode()
    assert 'name="robots"' not in blank


def test_everything_but_the_marks_is_escaped(client, site):
    html = client.get("/search/", {"q": "قمة <script>"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "<mark>قمة</mark> الرياض &amp; &lt;b&gt;جدة&lt;/b&gt;" in html
    assert 'value="قمة &lt;script&gt;"' in html


def test_query_is_escaped_in_the_empty_result(client, site):
    html = client.get("/search/", {"q": '<img src=x onerror="x">'}).content.decode()
    assert "<img src=x" not in html
    assert "لم نجد نتائج" in html
    assert "جرّب كلمات أقل" in html


def test_form_without_query_shows_help(client, site):
    html = client.get("/search/").content.decode()
    assert "اكتب كلمة أو سؤالا" in html
    assert "<mark>" not in html


def test_api_matches_the_page(client, site):
    response = client.get("/api/v1/search", {"q": "سوريا"})
    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["total"] == 3 and data["pages"] == 2
    assert titles(response)[0] == site["syria"].title
    assert "<mark>لسوريا</mark>" in data["results"][0]["headline_html"]
    second = client.get("/api/v1/search", {"q": "سوريا", "page": 2})
    assert len(titles(second)) == 1
    assert set(titles(response) + titles(second)) == {
        site[key].title for key in ("syria", "syrians", "bank")
    }


def test_api_filters(client, site):
    by_section = client.get(
        "/api/v1/search", {"q": "سوريا", "section": site["economy"].pk}
    )
    assert titles(by_section) == [site["bank"].title]
    by_author = client.get(
        "/api/v1/search", {"q": "سوريا", "author": site["author"].pk}
    )
    assert titles(by_author) == [site["syria"].title]
    by_tag = client.get("/api/v1/search", {"q": "بوتين", "tag": "سوريا"})
    assert titles(by_tag) == [site["syria"].title]
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    by_date = client.get("/api/v1/search", {"q": "سوريا", "date_from": since})
    assert titles(by_date) == [site["syria"].title]
    until = (timezone.localdate() - datetime.timedelta(days=20)).isoformat()
    by_end = client.get("/api/v1/search", {"q": "سوريا", "date_to": until})
    assert titles(by_end) == [site["bank"].title]


def test_api_rejects_bad_parameters(client, site):
    response = client.get("/api/v1/search", {"q": "سوريا", "date_from": "أمس"})
    assert response.status_code == 400
    assert "date_from" in response.json()["fields"]
    assert client.get("/api/v1/search", {"q": "x", "page": "0"}).status_code == 400


def test_page_filters_keep_the_query_in_pagination(client, site):
    html = client.get(
        "/search/", {"q": "سوريا", "section": site["politics"].pk}
    ).content.decode()
    assert re.search(r'value="%d" selected' % site["politics"].pk, html)
    assert 'rel="next"' not in html


def test_only_get_is_allowed(client, site):
    assert client.post("/search/", {"q": "سوريا"}).status_code == 405


def test_cached_page_follows_publishing(
    client, site, django_capture_on_commit_callbacks
):
    """A search page is served from cache until something is published."""
    assert "هدنة" not in client.get("/search/", {"q": "الفائدة"}).content.decode()
    site["bank"].title = "البنك المركزي يخفض الفائدة وهدنة في الأسواق"
    with django_capture_on_commit_callbacks(execute=True):
        site["bank"].save_revision().publish()
    assert "هدنة" in client.get("/search/", {"q": "الفائدة"}).content.decode()


def test_cached_page_follows_unpublishing(
    client, site, django_capture_on_commit_callbacks
):
    """An unpublished article leaves cached results and cached pages at once."""
    before = client.get("/search/", {"q": "الفائدة"}).content.decode()
    assert "البنك المركزي" in before
    with django_capture_on_commit_callbacks(execute=True):
        site["bank"].unpublish()
    after = client.get("/search/", {"q": "الفائدة"}).content.decode()
    assert "البنك المركزي" not in after
    assert "لم نجد نتائج" in after
    assert client.get("/api/v1/search", {"q": "الفائدة"}).json()["total"] == 0


def test_cached_results_follow_the_index(client, site):
    """A change of the index alone (no publishing) reaches cached results."""
    assert site["bank"].title in titles(client.get("/api/v1/search", {"q": "سوريا"}))
    services.search_article_remove(article_id=site["bank"].pk)
    response = client.get("/api/v1/search", {"q": "سوريا"})
    assert site["bank"].title not in titles(response)
    assert response.json()["total"] == 2


def test_repeated_questions_are_not_searched_again(client, site, monkeypatch):
    """The page, its API twin and other spellings of the same question share one
    search; a repeated page costs no query at all."""
    from akhbar.search.backends import get_search_backend

    backend = get_search_backend()
    calls = []
    search = backend.search
    monkeypatch.setattr(backend, "search", lambda q: calls.append(q) or search(q))
    first = client.get("/search/", {"q": "سوريا"}).content.decode()
    client.get("/search/", {"q": "  سوريا ", "utm_source": "x"})
    client.get("/api/v1/search", {"q": "سوريا"})
    assert len(calls) == 1
    client.get("/search/", {"q": "سوريا", "page": 2})
    assert len(calls) == 2
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "سوريا"}).content.decode()
    assert again == first
    assert len(queries) == 0


def test_result_cards_link_to_articles_and_sections(client, site):
    html = client.get("/search/", {"q": "بوتين"}).content.decode()
    assert 'href="%s"' % site["syria"].url in html
    assert 'href="%s"' % site["politics"].url in html
    assert "<time datetime=" in html


def test_filter_options_follow_publishing(client, site, home):
    """Cached filter options show a section published after them."""
    html = client.get("/search/", {"q": "سوريا"}).content.decode()
    assert ">كريم منصور</option>" in html and ">رياضة</option>" not in html
    make_section(home, "رياضة")
    html = client.get("/search/", {"q": "سوريا"}).content.decode()
    assert ">رياضة</option>" in html


@pytest.mark.parametrize(
    ("query", "wording"),
    [
        ("ماذا", "«ماذا» كلمة سؤال أو ربط لا يُبحث بها وحدها"),
        ("لمادا؟", "«لمادا؟» كلمة سؤال أو ربط لا يُبحث بها وحدها"),
        ("ماذا لماذا", "«ماذا لماذا» كلمتا سؤال أو ربط لا يُبحث بهما وحدهما"),
        ("لماذا؟ ماذا؟ متى؟", "«لماذا؟ ماذا؟ متى؟» كلمات سؤال أو ربط"),
        ("؟", "لا كلمة في «؟» يُبحث بها"),
    ],
)
def test_a_query_of_question_words_only_is_told_it_needs_words(
    client, site, query, wording
):
    """Not an empty list of results that looks like a miss: the page and the
    API say that the query needs a word to search for, in the number of the
    words typed."""
    html = client.get("/search/", {"q": query}).content.decode()
    assert wording in html
    assert "لم نجد نتائج" not in html
    assert "تحقق من خيارات البحث" not in html
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 400
    data = response.json()
    assert wording in data["error"]
    assert data["fields"]["q"] == [data["error"]]


def test_a_question_word_with_a_topic_is_searched(client, site):
    response = client.get("/api/v1/search", {"q": "لمادا سوريا؟"})
    assert response.status_code == 200
    assert site["syria"].title in titles(response)


def test_the_question_words_message_escapes_the_query(client, site):
    query = '"<>&؟'
    html = client.get("/search/", {"q": query}).content.decode()
    assert "لا كلمة في «&quot;&lt;&gt;&amp;؟» يُبحث بها" in html
    assert '"<>&' not in html
