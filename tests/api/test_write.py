"""The write API through Django's test client: drafts through the importers'
upsert, scopes bound to roles, idempotency, refusals that write nothing."""

import json

import pytest
from wagtail.models import Page, Revision

from akhbar.importers.models import ImportRecord
from akhbar.news.models import ArticlePage

from .writers import bearer, post, story, token_for

pytestmark = pytest.mark.django_db


def test_contributor_creates_a_draft_as_the_editor_would(client, desk):
    secret = token_for(desk["contributor"], "create_drafts")
    response = post(client, "/drafts", story(desk["section"]), secret)
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    page = ArticlePage.objects.get(pk=data["id"])
    assert not page.live and data["status"] == "draft"
    assert page.owner == desk["contributor"]
    assert page.get_latest_revision().user == desk["contributor"]
    assert page.slug == "الحكومة-تقر-موازنة-العام-المقبل"
    assert page.get_parent().pk == desk["section"].pk
    body = json.dumps(data["body"], ensure_ascii=False)
    assert "<script" not in body and "javascript:" not in body
    assert "onclick" not in body and "onerror" not in body
    assert [b["type"] for b in data["body"]] == [
        "subheading", "paragraph", "quote", "subheading", "paragraph"
    ]  # fmt: skip
    assert {t.name for t in page.get_latest_revision_as_object().tags.all()} == {
        "الموازنة",
        "البرلمان",
    }
    assert data["action"] == "created" and data["url"] is None


def test_the_same_wire_story_twice_is_one_article(client, desk):
    secret = token_for(desk["author"], "create_drafts")
    wire = story(desk["section"], external_id="afp:123")
    first = post(client, "/drafts", wire, secret)
    second = post(client, "/drafts", wire, secret)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["action"] == "unchanged"
    assert first.json()["id"] == second.json()["id"]
    wire["title"] = "الحكومة تعدل الموازنة"
    third = post(client, "/drafts", wire, secret)
    assert (
        third.json()["action"] == "updated" and third.json()["title"] == wire["title"]
    )
    assert ArticlePage.objects.count() == 1
    assert (
        ArticlePage.objects.get().get_latest_revision_as_object().title == wire["title"]
    )


def test_idempotency_key_replays_and_refuses_another_body(client, desk):
    secret = token_for(desk["author"], "create_drafts")
    headers = {"HTTP_IDEMPOTENCY_KEY": "push-1"}
    first = post(client, "/drafts", story(desk["section"]), secret, **headers)
    again = post(client, "/drafts", story(desk["section"]), secret, **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert ArticlePage.objects.count() == 1
    other = post(
        client, "/drafts", story(desk["section"], title="خبر آخر"), secret, **headers
    )
    assert other.status_code == 422 and other.json()["error"]
    assert ArticlePage.objects.count() == 1


def test_update_of_a_live_article_leaves_it_live(client, desk):
    secret = token_for(desk["editor"])
    created = post(client, "/drafts", story(desk["section"]), secret).json()
    published = post(client, "/drafts/%d/publish" % created["id"], {}, secret)
    assert published.json()["status"] == "live", published.content
    changed = story(desk["section"], title="عنوان جديد للموازنة")
    response = client.put(
        "/api/v1/drafts/%d" % created["id"],
        json.dumps(changed),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "live_with_changes"
    page = ArticlePage.objects.get(pk=created["id"])
    assert page.live and page.title == "الحكومة تقر موازنة العام المقبل"


def test_contributor_token_never_publishes(client, desk):
    secret = token_for(desk["contributor"])
    created = post(client, "/drafts", story(desk["section"]), secret).json()
    submitted = post(client, "/drafts/%d/submit" % created["id"], {}, secret)
    assert submitted.json()["status"] == "in_review", submitted.content
    refused = post(client, "/drafts/%d/publish" % created["id"], {}, secret)
    assert refused.status_code == 403 and refused.json()["error"]
    page = ArticlePage.objects.get(pk=created["id"])
    assert not page.live and page.workflow_in_progress
    editor = token_for(desk["editor"], "publish")
    published = post(client, "/drafts/%d/publish" % created["id"], {}, editor)
    assert published.status_code == 200 and published.json()["status"] == "live"
    page.refresh_from_db()
    assert page.live and not page.workflow_in_progress


def test_a_scope_missing_from_the_token_is_refused(client, desk):
    secret = token_for(desk["editor"], "read_drafts")
    response = post(client, "/drafts", story(desk["section"]), secret)
    assert response.status_code == 403
    assert ArticlePage.objects.count() == 0


def counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        ImportRecord.objects.count(),
    )


@pytest.mark.parametrize(
    "case, status",
    [
        ("malformed", 400),
        ("wrong_type", 400),
        ("unknown_field", 400),
        ("blank_title", 400),
        ("unknown_section", 400),
        ("unknown_image", 400),
        ("bad_block", 400),
        ("oversized", 413),
        ("no_token", 401),
        ("wrong_token", 401),
        ("revoked", 401),
        ("expired", 401),
    ],
)
def test_bad_input_is_a_clear_json_error_and_writes_nothing(
    client, desk, settings, case, status
):
    import datetime

    from django.utils import timezone
    from wagtail.models import APIToken

    settings.AKHBAR_API_MAX_BODY_BYTES = 20_000
    secret = token_for(desk["editor"])
    body = story(desk["section"])
    if case == "malformed":
        body = '{"title": "خبر", '
    elif case == "wrong_type":
        body["section"] = "اقتصاد"
    elif case == "unknown_field":
        body["colour"] = "أحمر"
    elif case == "blank_title":
        body["title"] = "   "
    elif case == "unknown_section":
        body["section"] = 999999
    elif case == "unknown_image":
        body["body"] = [{"type": "image", "value": {"image": 999999}}]
    elif case == "bad_block":
        body["body"] = [{"type": "embed", "value": {"url": "not a url"}}]
    elif case == "oversized":
        body["body_html"] = "<p>%s</p>" % ("كلمة " * 5000)
    elif case == "no_token":
        secret = ""
    elif case == "wrong_token":
        secret = secret[:-4] + "AAAA"
    elif case == "revoked":
        APIToken.objects.get().revoke()
    elif case == "expired":
        APIToken.objects.get().akhbar_grant.__class__.objects.update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    before = counts()
    response = post(client, "/drafts", body, secret)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert counts() == before


def test_writes_are_limited_per_token(client, desk, settings):
    settings.AKHBAR_API_WRITES_PER_TOKEN = 2
    secret = token_for(desk["editor"])
    statuses = [
        post(client, "/drafts", story(desk["section"], title="خبر %d" % n), secret)
        for n in range(3)
    ]
    assert [r.status_code for r in statuses] == [201, 201, 429]
    assert (
        0 < int(statuses[2]["Retry-After"]) <= settings.AKHBAR_API_WRITE_WINDOW_SECONDS
    )
    assert ArticlePage.objects.count() == 2
    other = token_for(desk["author"])
    assert post(client, "/drafts", story(desk["section"]), other).status_code == 201


def test_writes_are_limited_per_address(client, desk, settings):
    settings.AKHBAR_API_WRITES_PER_IP = 1
    first = post(client, "/drafts", story(desk["section"]), token_for(desk["editor"]))
    second = post(client, "/drafts", story(desk["section"]), "akb_guess")
    assert (first.status_code, second.status_code) == (201, 429)
    assert second["Retry-After"]


def test_reading_a_draft_shows_its_latest_revision_and_writes_nothing(client, desk):
    from tests.news.factories import make_article

    page = make_article(desk["section"], "خبر منشور")
    page.title = "عنوان في المسودة"
    page.save_revision()
    before = counts()
    response = client.get(
        "/api/v1/drafts/%d" % page.pk,
        **bearer(token_for(desk["editor"], "read_drafts")),
    )
    data = response.json()
    assert (data["title"], data["status"]) == ("عنوان في المسودة", "live_with_changes")
    assert data["external_id"] is None and counts() == before
    theirs = client.get(
        "/api/v1/drafts/%d" % page.pk, **bearer(token_for(desk["contributor"]))
    )
    assert theirs.status_code == 403


@pytest.mark.parametrize(
    "blocks, expected",
    [
        # No block at all: the body's own "required" message, of no block.
        ([], [""]),
        # An image that is not there, in the second block.
        (
            [
                {"type": "subheading", "value": {"text": "عنوان"}},
                {"type": "image", "value": {"image": 999999}},
            ],
            ["2 › image: "],
        ),
    ],
    ids=["empty", "unknown_image"],
)
def test_a_refused_body_says_which_block_is_wrong(client, desk, blocks, expected):
    """Not Wagtail's "Validation error in StreamBlock", which says nothing to
    a wire feed: the message of the block at fault, after its place."""
    secret = token_for(desk["editor"])
    body = story(desk["section"])
    body["body"] = blocks
    body.pop("body_html", None)
    before = counts()
    response = post(client, "/drafts", body, secret)
    assert response.status_code == 400, response.content
    messages = response.json()["fields"]["body"]
    assert messages, response.json()
    assert not any("StreamBlock" in message for message in messages), messages
    for start, message in zip(expected, messages, strict=True):
        assert message.startswith(start), (start, message)
        assert ("›" in message) == bool(start), message
        assert len(message) > len(start), message
    assert counts() == before
