"""The view beacon in real Chromium: opening an article counts one view, and the
most-read lists fit a phone's width."""

import time

import pytest
from django.core.cache import cache
from django.db import OperationalError

from akhbar.readership.models import HourlyViews
from tests.news.factories import ensure_home, make_article, make_section
from tests.readership.test_most_read import BROWSER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def counted(article) -> int:
    """Views of ``article`` so far; 0 while the live server's thread holds the
    table (SQLite's shared in-memory database locks a table, not rows)."""
    try:
        return sum(
            HourlyViews.objects.filter(article=article).values_list("views", flat=True)
        )
    except OperationalError:
        return 0


def test_opening_an_article_counts_one_view(
    browser, live_server, transactional_db, settings
):
    # The lists are summed on every request here (a site keeps them minutes).
    settings.AKHBAR_MOST_READ_CACHE_SECONDS = 0
    # Other browser tests of this process opened articles from the same address:
    # its per-address count starts again here.
    cache.clear()
    home = ensure_home()
    section = make_section(home, "سياسة")
    article = make_article(section, "خبر يقرؤه متصفح حقيقي")
    other = make_article(section, "خبر آخر في القسم")
    context = browser.new_context(user_agent=BROWSER, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + article.url)
    deadline = time.monotonic() + 15
    while counted(article) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert counted(article) == 1
    page.reload()  # The same reader within the hour: still one.
    page.goto(live_server.url + other.url)
    deadline = time.monotonic() + 15
    while counted(other) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (counted(article), counted(other)) == (1, 1)

    # A new context: the browser keeps the pages it read for their max-age, and
    # the lists are read afresh here.
    context.close()
    context = browser.new_context(user_agent=BROWSER, locale="ar")
    page = context.new_page()
    for width in (320, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/", section.url, article.url):
            page.goto(live_server.url + path)
            # Both articles in the list of the day and in that of the week.
            assert page.locator(".most-read li").count() == 4, (width, path)
            overflow = page.evaluate(
                "[...document.querySelectorAll('.most-read, .most-read *')]"
                ".filter(e => e.getBoundingClientRect().right > innerWidth + 1"
                " || e.getBoundingClientRect().left < -1).length"
            )
            assert overflow == 0, (width, path)
    context.close()
