"""While the re-linking job has not yet reached the articles (the search index
still holds the former names), the reader pages already show an editor's
change, over real HTTP: a renamed entity's page lists its articles and they
link to it, a merged entity's page lists both sets (the old address redirects
permanently), a split's new entity lists the articles that name it and the
old one no longer does, a hidden one is gone. After the job runs nothing
changes."""

import io
import re
import urllib.error
import urllib.request
from urllib.parse import quote, unquote

import pytest
from django.core.management import call_command

from akhbar.entities import relinking, selectors, services
from akhbar.entities.models import EntityRelink
from akhbar.search.models import SearchDocument

from .conftest import PUTIN
from .test_admin import LAVROV

pytestmark = pytest.mark.django_db(transaction=True)
NEW_NAME = "فلاديمير فلاديميروفيتش بوتين"
NEW_PATH = "/شخصيات/%s/" % NEW_NAME.replace(" ", "-")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


@pytest.fixture
def site(live_server, monkeypatch):
    """The live server; every change goes through the re-linking queue."""
    monkeypatch.setattr(relinking, "SYNCHRONOUS_UP_TO", 0)

    def get(path):
        """(status, Location header, body) of ``path``, redirects not followed."""
        url = live_server.url + quote(path, safe="/%")
        try:
            with _OPENER.open(url, timeout=30) as response:
                return response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, unquote(error.headers.get("Location", "")), ""

    return get


def listed(site, path):
    status, _location, html = site(path)
    assert status == 200, path
    return sorted(re.findall(r'class="card-title"><a [^>]*>([^<]*)</a>', html))


def links(site, article):
    status, _location, html = site(article.url)
    assert status == 200
    return set(re.findall(r'href="(/(?:شخصيات|أماكن|منظمات)/[^"]+)"', html))


def run_job():
    call_command("worker", "--once", stdout=io.StringIO())
    assert not EntityRelink.objects.filter(finished_at__isnull=True).exists()


def test_a_renamed_entity_lists_its_articles_before_and_after_the_job(site, stories):
    before = listed(site, PUTIN)
    assert len(before) == 4
    services.entity_rename(entity=selectors.entity_by_alias("بوتين"), name=NEW_NAME)
    assert EntityRelink.objects.get().done == 0
    for when in ("queued", "re-linked"):
        status, location, _html = site(PUTIN)
        assert (status, location) == (301, NEW_PATH), when
        assert listed(site, NEW_PATH) == before, when
        _status, _location, feed = site(NEW_PATH + "feed/")
        assert stories["body"].title in feed, when
        article_links = links(site, stories["body"])
        assert NEW_PATH in article_links and PUTIN not in article_links, when
        if when == "queued":
            run_job()


def test_a_merged_entity_lists_both_sets_before_and_after_the_job(site, more):
    lavrov = more["lavrov"]
    putin_titles, lavrov_titles = listed(site, PUTIN), listed(site, LAVROV)
    assert lavrov_titles == [lavrov.title] and lavrov.title not in putin_titles
    services.entity_merge(
        entity=selectors.entity_by_alias("لافروف"),
        into=selectors.entity_by_alias("بوتين"),
    )
    assert EntityRelink.objects.get().done == 0
    for when in ("queued", "re-linked"):
        status, location, _html = site(LAVROV)
        assert (status, location) == (301, PUTIN), when
        assert listed(site, PUTIN) == sorted(putin_titles + lavrov_titles), when
        article_links = links(site, lavrov)
        assert PUTIN in article_links and LAVROV not in article_links, when
        if when == "queued":
            run_job()


def test_a_split_entity_lists_its_articles_before_and_after_the_job(
    site, stories, more
):
    lavrov = more["lavrov"]
    putin_titles = listed(site, PUTIN)
    services.entity_merge(
        entity=selectors.entity_by_alias("لافروف"),
        into=selectors.entity_by_alias("بوتين"),
    )
    run_job()
    # Re-linked into Putin: the index no longer holds Lavrov's own name.
    indexed = SearchDocument.objects.get(object_id=str(lavrov.pk)).entities
    assert "سيرغي لافروف" not in indexed and "فلاديمير بوتين" in indexed
    services.entity_split(
        entity=selectors.entity_by_alias("بوتين"),
        aliases=["سيرغي لافروف", "لافروف", "سيرجي لافروف"],
        name="سيرغي لافروف",
    )
    assert EntityRelink.objects.get(finished_at__isnull=True).done == 0
    for when in ("queued", "re-linked"):
        assert site(LAVROV)[0] == 200, when
        assert listed(site, LAVROV) == [lavrov.title], when
        assert listed(site, PUTIN) == putin_titles, when
        _status, _location, feed = site(LAVROV + "feed/")
        assert lavrov.title in feed, when
        article_links = links(site, lavrov)
        assert LAVROV in article_links and PUTIN not in article_links, when
        assert PUTIN in links(site, stories["body"]), when
        if when == "queued":
            run_job()


def test_a_hidden_entity_is_gone_at_once_and_back_at_once(site, stories):
    article = stories["headline"]
    before = listed(site, PUTIN)
    entity = selectors.entity_by_alias("بوتين")
    services.entity_hide(entity=entity)
    # Hiding re-links nothing: nothing is queued, the pages follow at once.
    assert not EntityRelink.objects.exists()
    assert site(PUTIN)[0] == 410
    assert PUTIN not in links(site, article)
    services.entity_hide(entity=selectors.entity_by_alias("بوتين"), hidden=False)
    assert listed(site, PUTIN) == before
    assert PUTIN in links(site, article)
