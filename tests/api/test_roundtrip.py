"""A wire story's whole trip over real HTTP: a Contributor's token pushes and
submits it, the Contributor cannot publish it, an Editor's token publishes it,
and it is then on the site, in the API, the feed, the news sitemap, search and
related lists."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from akhbar.news.models import ArticlePage
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user

from .writers import story, token_for

TITLE = "البرلمان يقر موازنة الصحة والتعليم"


def call(server, method, path, data=None, secret=None):
    """``(status, body)`` of a request to the live server."""
    url = server.url + urllib.parse.quote(path, safe="/?=&%:")
    request = urllib.request.Request(url, method=method)
    if data is not None:
        request.data = json.dumps(data).encode()
        request.add_header("Content-Type", "application/json")
    if secret:
        request.add_header("Authorization", "Bearer %s" % secret)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def path_of(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path)


@pytest.fixture
def newsroom_site(live_server, transactional_db, publish_commits):
    home = ensure_newsroom()
    health = publish_commits(make_section, home, "صحة")
    earlier = publish_commits(
        make_article,
        health,
        "الحكومة تعرض موازنة الصحة والتعليم على البرلمان",
        body=[
            {
                "type": "paragraph",
                "value": "<p>عرضت الحكومة موازنة الصحة والتعليم على البرلمان "
                "وطالب النواب بزيادة مخصصات المستشفيات والمدارس.</p>",
            }
        ],
    )
    return {
        "server": live_server,
        "section": health,
        "earlier": earlier,
        "contributor": make_user("contributor"),
        "editor": make_user("editor"),
    }


def test_a_pushed_story_reaches_every_reader_surface(newsroom_site):
    server, section = newsroom_site["server"], newsroom_site["section"]
    writer = token_for(newsroom_site["contributor"])
    body = story(section, title=TITLE, external_id="wire:42")
    body["body"].append(
        {
            "type": "paragraph",
            "value": {
                "html": "<p>أقر البرلمان موازنة الصحة والتعليم وزاد مخصصات "
                "المستشفيات والمدارس كما طالب النواب.</p>"
            },
        }
    )
    status, text = call(server, "POST", "/api/v1/drafts", body, writer)
    assert status == 201, text
    draft = json.loads(text)
    status, text = call(server, "POST", "/api/v1/drafts", body, writer)
    assert (status, json.loads(text)["id"]) == (200, draft["id"])
    article_id = draft["id"]

    status, text = call(
        server, "POST", "/api/v1/drafts/%d/submit" % article_id, {}, writer
    )
    assert status == 200 and json.loads(text)["status"] == "in_review", text
    status, text = call(
        server, "POST", "/api/v1/drafts/%d/publish" % article_id, {}, writer
    )
    assert status == 403, text
    assert not ArticlePage.objects.get(pk=article_id).live
    assert call(server, "GET", "/api/v1/articles/%d" % article_id)[0] == 404

    editor = token_for(newsroom_site["editor"], "publish")
    status, text = call(
        server, "POST", "/api/v1/drafts/%d/publish" % article_id, {}, editor
    )
    assert status == 200, text
    published = json.loads(text)
    assert published["status"] == "live" and published["url"]
    page_path = path_of(published["url"])
    assert page_path == "/صحة/%s/" % "البرلمان-يقر-موازنة-الصحة-والتعليم"

    status, text = call(server, "GET", page_path)
    assert status == 200 and TITLE in text and "<script>alert" not in text
    for path in ("/", path_of(section.url), "/feed/", "/search/?q=موازنة الصحة"):
        status, text = call(server, "GET", path)
        # Search marks the words it matched: the title is read as text.
        assert status == 200 and TITLE in re.sub(r"<[^>]+>", "", text), path
    status, text = call(server, "GET", "/sitemap-news.xml")
    assert status == 200 and urllib.parse.quote(page_path) in text
    listed = json.loads(call(server, "GET", "/api/v1/articles")[1])
    assert article_id in [item["id"] for item in listed["items"]]
    detail = json.loads(call(server, "GET", "/api/v1/articles/%d" % article_id)[1])
    assert detail["title"] == TITLE
    assert newsroom_site["earlier"].pk in [r["id"] for r in detail["related"]]
    found = json.loads(call(server, "GET", "/api/v1/search?q=موازنة الصحة")[1])
    assert article_id in [r["id"] for r in found["results"]]
    assert ArticlePage.objects.filter(title=TITLE).count() == 1
