"""WordPress query-string links (/?p=123) follow the imported redirects."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from tests.news.factories import make_article, make_section


def get(path):
    return Client(HTTP_HOST="localhost").get(path)


def test_query_string_redirect_on_the_home_page(site):
    article = make_article(make_section(site), "خبر")
    Redirect.add_redirect("/?p=123", redirect_to=article)
    response = get("/?p=123")
    assert response.status_code == 301
    assert response["Location"] == article.url
    assert get(article.url).status_code == 200


def test_other_query_strings_reach_the_page(site):
    article = make_article(make_section(site), "خبر")
    Redirect.add_redirect("/?p=123", redirect_to=article)
    assert get("/?p=124").status_code == 200
    assert get("/?page=2").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        get("/?utm_source=x")
    assert not any("redirect" in q["sql"] for q in queries.captured_queries)


def test_temporary_redirect(site):
    article = make_article(make_section(site), "خبر")
    Redirect.add_redirect("/?page_id=9", redirect_to=article, is_permanent=False)
    assert get("/?page_id=9").status_code == 302
