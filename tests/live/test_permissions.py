"""Entries go through the permissions of the writer's role."""

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.live.admin_client import post_entry, story_url
from tests.live.factories import make_entry
from tests.newsroom.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to its home."""
    home = reverse("wagtailadmin_home")
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == home
    )


def action_url(name, entry):
    return reverse("akhbar_live_admin:%s" % name, args=[entry.page_id, entry.pk])


def test_an_editors_entry_is_published_at_once_with_its_flags(client, story, editor):
    login(client, editor)
    response, entry = post_entry(
        client, story, text="وصل الوفد", is_pinned="on", is_key_event="on"
    )
    assert response.status_code == 302, response.context["form"].errors
    assert entry.is_published and entry.is_pinned and entry.is_key_event
    assert entry.created_by == editor
    assert "وصل الوفد" in client.get(story.url).content.decode()


def test_an_authors_entry_waits_as_a_draft_and_cannot_be_pinned(client, story, author):
    login(client, author)
    form = client.get(story_url(story)).content.decode()
    assert 'name="is_pinned"' not in form
    response, entry = post_entry(
        client, story, text="مسودة الكاتب", is_pinned="on", is_key_event="on"
    )
    assert response.status_code == 302, response.context["form"].errors
    assert not entry.is_published
    assert not entry.is_pinned and not entry.is_key_event
    client.logout()
    assert "مسودة الكاتب" not in client.get(story.url).content.decode()


@override_settings(AKHBAR_AUTHORS_CAN_PUBLISH=True)
def test_authors_publish_their_own_entries_when_the_setting_allows(
    client, story, author
):
    login(client, author)
    _response, entry = post_entry(client, story, text="نشر مباشر")
    assert entry.is_published


def test_an_editor_publishes_an_authors_draft(client, story, author, editor):
    draft = make_entry(story, "مسودة", by=author)
    assert not draft.is_published
    login(client, editor)
    response = client.post(action_url("entry_publish", draft))
    assert response.status_code == 302 and not refused(response)
    draft.refresh_from_db()
    assert draft.is_published
    client.logout()
    assert "مسودة" in client.get(story.url).content.decode()


def test_an_author_touches_only_their_own_unpublished_entries(
    client, story, author, editor
):
    own_draft = make_entry(story, "مسودتي", by=author)
    editors = make_entry(story, "تحديث المحرر", by=editor)
    login(client, author)
    edit = client.post(action_url("entry_edit", own_draft), {"text": "مسودتي بعد"})
    assert edit.status_code == 302
    own_draft.refresh_from_db()
    assert "مسودتي بعد" in own_draft.body[0].value.source
    assert not own_draft.is_published
    for name in ("entry_edit", "entry_delete", "entry_publish"):
        assert refused(client.post(action_url(name, editors), {"text": "x"}))
    assert refused(client.post(action_url("entry_publish", own_draft)))
    editors.refresh_from_db()
    assert editors.deleted_at is None and editors.is_published


def test_contributors_and_strangers_cannot_post(client, story, contributor):
    response, entry = post_entry(client, story, text="مجهول")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert entry is None
    login(client, contributor)
    response, entry = post_entry(client, story, text="مساهم")
    assert refused(response)
    assert entry is None
    assert refused(client.get(story_url(story)))


def test_only_those_who_publish_the_page_close_the_coverage(
    client, story, author, editor
):
    url = reverse("akhbar_live_admin:close", args=[story.pk])
    login(client, author)
    assert refused(client.post(url))
    login(client, editor)
    assert client.post(url).status_code == 302
    story.refresh_from_db()
    assert story.coverage_end is not None and not story.is_open()


def test_a_deleted_entry_leaves_the_page_but_keeps_its_row(client, story, editor):
    entry = make_entry(story, "سيحذف", by=editor)
    login(client, editor)
    assert client.post(action_url("entry_delete", entry)).status_code == 302
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    client.logout()
    assert "سيحذف" not in client.get(story.url).content.decode()


def test_the_story_page_in_the_admin_links_to_its_entries(client, story, editor):
    login(client, editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert story_url(story) in page.content.decode()


def test_an_editor_creates_a_live_story_in_a_section(client, section, editor):
    """The story type is offered under a section (added by akhbar.live to the
    section's child types) and made with the Arabic slug form."""
    from akhbar.live.models import LiveStoryPage

    login(client, editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["akhbar_live", "livestorypage", section.pk]
    )
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "مباشر: قمة المناخ",
            # As typed, with tatweel and punctuation: the Arabic slug form folds it.
            "slug": "مباشـر: قمة المناخ",
            "standfirst": "",
            "featured_image": "",
            "body": streamfield([]),
            "coverage_start": "",
            "coverage_end": "",
            "comments": inline_formset([]),
            "go_live_at": "",
            "expire_at": "",
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    story = LiveStoryPage.objects.get(title="مباشر: قمة المناخ")
    assert story.get_parent().pk == section.pk
    assert story.slug == "مباشر-قمة-المناخ"


def test_delete_and_close_ask_first_and_act_only_when_confirmed(client, story, editor):
    """A stray tap on a phone does not delete an update or end the coverage:
    the buttons lead to a question, and only its form acts (both were one tap
    on a 24 px button, with no way back from the admin)."""
    entry = make_entry(story, "تحديث لا يُحذف بلمسة", by=editor)
    login(client, editor)
    close_url = reverse("akhbar_live_admin:close", args=[story.pk])
    listing = client.get(story_url(story)).content.decode()
    assert 'href="%s"' % action_url("entry_delete", entry) in listing
    assert 'href="%s"' % close_url in listing

    asked = client.get(action_url("entry_delete", entry))
    assert asked.status_code == 200
    assert "تحديث لا يُحذف بلمسة" in asked.content.decode()
    assert client.get(close_url).status_code == 200
    entry.refresh_from_db()
    story.refresh_from_db()
    assert entry.deleted_at is None and story.is_open()

    assert client.post(action_url("entry_delete", entry)).status_code == 302
    assert client.post(close_url).status_code == 302
    entry.refresh_from_db()
    story.refresh_from_db()
    assert entry.deleted_at is not None and not story.is_open()
