"""The one URL readers' pages poll: cacheable, 304 when nothing changed, and
never a draft's words."""

import json

import pytest
from django.test import override_settings
from django.utils.cache import get_max_age

from akhbar.live import services
from akhbar.live.reading import updates_url
from tests.live.factories import bulk_entries, make_entry, make_story
from tests.news.factories import publish
from tests.newsroom.factories import make_user

pytestmark = pytest.mark.django_db


def poll(client, story, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(updates_url(story), **headers)


def changes(response) -> dict:
    return {change["id"]: change for change in json.loads(response.content)["entries"]}


def test_the_same_public_cacheable_answer_for_everyone(client, story, editor):
    make_entry(story, "أول تحديث")
    anonymous = poll(client, story)
    client.force_login(editor)
    logged_in = poll(client, story)
    assert anonymous.status_code == logged_in.status_code == 200
    assert anonymous.content == logged_in.content
    assert anonymous["ETag"] == logged_in["ETag"]
    cache_control = anonymous["Cache-Control"]
    assert "public" in cache_control and "s-maxage=2" in cache_control
    assert get_max_age(anonymous) == 0
    assert "Set-Cookie" not in anonymous
    body = json.loads(anonymous.content)
    assert body["interval"] == 3 and body["open"] is True


@override_settings(AKHBAR_LIVE_POLL_SECONDS=7)
def test_the_server_sets_the_poll_interval(client, story):
    assert json.loads(poll(client, story).content)["interval"] == 7


def test_304_until_something_changes(client, story):
    first = poll(client, story)
    etag = first["ETag"]
    again = poll(client, story, etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    entry = make_entry(story, "جديد")
    changed = poll(client, story, etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert entry.pk in changes(changed)


def test_edits_and_deletions_are_reflected(client, story, editor):
    entry = make_entry(story, "النص الأول", by=editor)
    version = json.loads(poll(client, story).content)["version"]
    entry.title = "عنوان مصحح"
    entry.correction = "كان الرقم خاطئاً"
    services.entry_save(entry=entry, by=editor)
    edited = changes(poll(client, story))[entry.pk]
    assert edited["seq"] > version and "عنوان مصحح" in edited["html"]
    assert "تصحيح" in edited["html"] and "كان الرقم خاطئاً" in edited["html"]
    services.entry_delete(entry=entry)
    deleted = changes(poll(client, story))[entry.pk]
    assert deleted["deleted"] is True and "html" not in deleted


def test_never_a_drafts_words(client, story, author):
    draft = make_entry(story, "كلمات المسودة السرية", by=author, title="عنوان سري")
    assert not draft.is_published
    response = poll(client, story)
    assert "السرية" not in response.content.decode()
    assert "عنوان سري" not in response.content.decode()
    assert changes(response)[draft.pk]["deleted"] is True


def test_an_unpublished_or_unknown_story_is_not_found(client, section):
    story = make_story(section, "قصة ستسحب")
    story.unpublish()
    assert poll(client, story).status_code == 404
    assert client.get("/live/999999/updates.json").status_code == 404


def test_a_closed_story_stops_the_pollers(client, story):
    make_entry(story, "آخر تحديث")
    etag = poll(client, story)["ETag"]
    services.coverage_close(page=story, by=make_user("admin"))
    closed = poll(client, story, etag)
    assert closed.status_code == 200
    body = json.loads(closed.content)
    assert body["open"] is False and body["interval"] == 0
    page = client.get(story.url).content.decode()
    assert "data-live-updates" not in page and "live.js" not in page
    assert "آخر تحديث" in page


@override_settings(AKHBAR_LIVE_UPDATES_WINDOW=10)
def test_a_reader_too_far_behind_is_told_to_reload(client, story):
    bulk_entries(story, 30)
    body = json.loads(poll(client, story).content)
    assert len(body["entries"]) == 10
    assert body["complete_after"] == body["version"] - 10
    assert [c["seq"] for c in body["entries"]] == sorted(
        c["seq"] for c in body["entries"]
    )


def test_each_change_takes_the_next_number(story, editor):
    first = make_entry(story, "١", by=editor)
    second = make_entry(story, "٢", by=editor)
    assert second.sequence == first.sequence + 1
    services.entry_save(entry=first, by=editor)
    assert first.sequence == second.sequence + 1


def test_a_republished_page_keeps_its_version(client, story):
    make_entry(story, "تحديث")
    before = json.loads(poll(client, story).content)["version"]
    story.standfirst = "مقدمة جديدة"
    publish(story)
    assert json.loads(poll(client, story).content)["version"] == before
