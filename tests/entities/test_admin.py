"""Editors manage entities through the admin's HTTP views (logged in as an
Editor), and reader pages follow: renamed, merged, split, hidden, new spellings."""

import re
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse

from akhbar.entities import selectors
from tests.newsroom.factories import ensure_newsroom, make_user

from .conftest import PUTIN

pytestmark = pytest.mark.django_db
LAVROV = "/شخصيات/سيرغي-لافروف/"


def admin_url(name, entity_path):
    kind, slug = unquote(entity_path).strip("/").split("/")
    type = next(t for t, k in selectors.KINDS.items() if k.prefix == kind)
    if name == "detail":
        return reverse("akhbar_entities_admin:detail", args=[type, slug])
    return reverse("akhbar_entities_admin:%s" % name, args=[type, slug])


def post(client, name, entity_path, data, publish_commits):
    return publish_commits(client.post, admin_url(name, entity_path), data)


def titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return re.findall(
        r'class="card-title"><a [^>]*>([^<]*)</a>', response.content.decode()
    )


def test_editors_find_entities_by_any_spelling_in_an_rtl_admin(editor_client):
    response = editor_client.get(reverse("akhbar_entities_admin:index"), {"q": "Putin"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "<bdi>فلاديمير بوتين</bdi>" in html
    detail = editor_client.get(admin_url("detail", PUTIN)).content.decode()
    assert "<bdi>بوتن</bdi>" in detail


def test_only_those_allowed_reach_the_entities_admin(client, stories):
    ensure_newsroom()
    client.force_login(make_user("author", "entities-author"))
    response = client.get(reverse("akhbar_entities_admin:index"))
    assert response.status_code in (302, 403)
    post_response = client.post(admin_url("hide", PUTIN), {"hidden": "1"})
    assert post_response.status_code in (302, 403)
    assert client.get(PUTIN).status_code == 200


def test_a_new_spelling_links_the_articles_that_use_it(
    editor_client, more, publish_commits
):
    assert more["misspelt"].title not in titles(editor_client, PUTIN)
    response = post(
        editor_client, "aliases", PUTIN, {"aliases": "بوطين"}, publish_commits
    )
    assert response.status_code == 302
    assert more["misspelt"].title in titles(editor_client, PUTIN)
    assert ">بوطين</span>" in editor_client.get(PUTIN).content.decode()
    article = editor_client.get(more["misspelt"].url).content.decode()
    assert 'href="%s"' % PUTIN in article


def test_a_rename_moves_the_page_and_the_old_address_redirects(
    editor_client, stories, publish_commits
):
    before = titles(editor_client, PUTIN)
    new_name = "فلاديمير فلاديميروفيتش بوتين"
    post(editor_client, "rename", PUTIN, {"name": new_name}, publish_commits)
    new_path = "/شخصيات/%s/" % new_name.replace(" ", "-")
    old = editor_client.get(PUTIN)
    assert old.status_code == 301
    assert unquote(old.headers["Location"]) == new_path
    assert "<h1>%s</h1>" % new_name in editor_client.get(new_path).content.decode()
    assert titles(editor_client, new_path) == before
    article = editor_client.get(stories["body"].url).content.decode()
    assert 'href="%s"' % new_path in article
    assert 'href="%s"' % PUTIN not in article


def test_a_merge_moves_articles_and_spellings_and_a_split_undoes_it(
    editor_client, more, publish_commits
):
    lavrov = more["lavrov"].title
    post(editor_client, "merge", LAVROV, {"into": "Putin"}, publish_commits)
    moved = editor_client.get(LAVROV)
    assert moved.status_code == 301
    assert unquote(moved.headers["Location"]) == PUTIN
    assert lavrov in titles(editor_client, PUTIN)
    assert ">لافروف</span>" in editor_client.get(PUTIN).content.decode()

    split = {
        "aliases": ["سيرغي لافروف", "لافروف", "سيرجي لافروف"],
        "name": "سيرغي لافروف",
    }
    response = post(editor_client, "split", PUTIN, split, publish_commits)
    assert response.status_code == 302
    assert lavrov not in titles(editor_client, PUTIN)
    assert titles(editor_client, LAVROV) == [lavrov]
    article = editor_client.get(more["lavrov"].url).content.decode()
    assert 'href="%s"' % LAVROV in article
    assert 'href="%s"' % PUTIN not in article


def test_a_hidden_entity_is_gone_and_unlinked_until_shown_again(
    editor_client, stories, publish_commits
):
    post(editor_client, "hide", PUTIN, {"hidden": "1"}, publish_commits)
    assert editor_client.get(PUTIN).status_code == 410
    assert editor_client.get(PUTIN + "feed/").status_code == 404
    article = editor_client.get(stories["headline"].url).content.decode()
    assert 'href="%s"' % PUTIN not in article
    post(editor_client, "hide", PUTIN, {"hidden": "0"}, publish_commits)
    assert editor_client.get(PUTIN).status_code == 200
    article = editor_client.get(stories["headline"].url).content.decode()
    assert 'href="%s"' % PUTIN in article


def test_a_refused_change_tells_the_editor_and_changes_nothing(
    editor_client, stories, publish_commits
):
    response = post(
        editor_client, "merge", PUTIN, {"into": "لا أحد بهذا الاسم"}, publish_commits
    )
    assert response.status_code == 302
    page = editor_client.get(response.headers["Location"]).content.decode()
    assert "لا يوجد علم بهذا الاسم" in page
    assert editor_client.get(PUTIN).status_code == 200


def test_names_typed_by_editors_stay_text(editor_client, stories, publish_commits):
    name = "بوتين <img src=x onerror=alert(1)>"
    post(editor_client, "rename", PUTIN, {"name": name}, publish_commits)
    entity = selectors.catalogue().by_name[name]
    for path in (entity.url, admin_url("detail", quote(entity.url))):
        html = editor_client.get(path).content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x" in html
