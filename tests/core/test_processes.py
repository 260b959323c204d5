"""A web worker's warm-up renders the home page and the newest article through
the WSGI application itself, before the worker takes requests."""

from urllib.parse import urlsplit

import pytest
from django.core.wsgi import get_wsgi_application

from akhbar.core.processes import warm_up, warm_up_paths
from tests.news.factories import ensure_home, make_article, make_section

# Transactional: the warm-up's requests end as a served request does, closing a
# connection left inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_and_the_newest_article_are_rendered():
    section = make_section(ensure_home())
    make_article(section, "خبر أقدم")
    newest = make_article(section, "أحدث خبر في الموقع")
    path = urlsplit(newest.get_url()).path
    assert "%D8%A3" in path  # percent-encoded Arabic, as a reader asks for it
    assert warm_up_paths() == ["/", path]
    assert warm_up(get_wsgi_application()) == {"/": "200", path: "200"}


def test_a_site_with_no_pages_still_warms_its_home_page():
    ensure_home()
    assert warm_up_paths() == ["/"]


def test_no_warm_up_when_it_is_turned_off(settings):
    settings.AKHBAR_SERVE_WARM_UP = False
    make_section(ensure_home())
    assert warm_up(get_wsgi_application()) == {}
