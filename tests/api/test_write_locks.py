"""API writes respect Wagtail's page locks: another user's lock refuses every
write with a JSON 423 and writes nothing; the lock's owner writes."""

import json

import pytest
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from akhbar.news.models import ArticlePage

from .writers import bearer, post, story, token_for

pytestmark = pytest.mark.django_db


def put(client, draft_id, data, secret):
    return client.put(
        "/api/v1/drafts/%d" % draft_id,
        json.dumps(data),
        content_type="application/json",
        **bearer(secret),
    )


def lock(page_id, user):
    """Lock the article as the admin's "Lock" button does."""
    ArticlePage.objects.filter(pk=page_id).update(
        locked=True, locked_by=user, locked_at=timezone.now()
    )


def state(page_id):
    page = ArticlePage.objects.get(pk=page_id)
    return (
        Revision.page_revisions.filter(object_id=str(page_id)).count(),
        page.get_latest_revision_as_object().title,
        page.live,
        WorkflowState.objects.filter(base_content_type__isnull=False).count(),
    )


def test_a_page_locked_by_another_user_refuses_every_write(client, desk):
    author = token_for(desk["author"])
    wire = story(desk["section"], external_id="wire:7")
    created = post(client, "/drafts", wire, author).json()
    lock(created["id"], desk["editor"])
    before = state(created["id"])
    changed = {**wire, "title": "عنوان لا يُكتب"}
    refusals = [
        put(client, created["id"], changed, author),
        # The same external_id pushed again names the locked article too.
        post(client, "/drafts", changed, author),
        post(client, "/drafts/%d/submit" % created["id"], {}, author),
        post(client, "/drafts/%d/publish" % created["id"], {}, author),
    ]
    for response in refusals:
        assert response.status_code == 423, response.content
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]
    assert state(created["id"]) == before
    # Reading is no write: the draft is still shown.
    read = client.get("/api/v1/drafts/%d" % created["id"], **bearer(author))
    assert read.status_code == 200


def test_the_lock_owner_s_own_token_writes(client, desk):
    editor = token_for(desk["editor"])
    created = post(client, "/drafts", story(desk["section"]), editor).json()
    lock(created["id"], desk["editor"])
    changed = story(desk["section"], title="عنوان المحرر")
    assert put(client, created["id"], changed, editor).status_code == 200
    published = post(client, "/drafts/%d/publish" % created["id"], {}, editor)
    assert published.status_code == 200, published.content
    page = ArticlePage.objects.get(pk=created["id"])
    assert page.live and page.title == "عنوان المحرر"


def test_the_lock_refusal_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, method in [
        ("/api/v1/drafts", "post"),
        ("/api/v1/drafts/{draft_id}", "put"),
        ("/api/v1/drafts/{draft_id}/submit", "post"),
        ("/api/v1/drafts/{draft_id}/publish", "post"),
    ]:
        assert "423" in paths[path][method]["responses"], (path, method)
