"""Images, comment moderation and the admin's token views."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import APIToken

from akhbar.api.models import TokenGrant
from akhbar.comments.models import Comment
from tests.comments.factories import make_comment
from tests.news.factories import make_article
from tests.newsroom.factories import make_user

from .writers import bearer, post, token_for

pytestmark = pytest.mark.django_db


def png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 120, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, secret, content, name="مرفأ.png"):
    return client.post(
        "/api/v1/images",
        {"file": SimpleUploadedFile(name, content), "title": "مرفأ بيروت"},
        **bearer(secret),
    )


def test_an_image_is_stored_once(client, desk):
    secret = token_for(desk["contributor"], "upload_media")
    first = upload(client, secret, png())
    assert first.status_code == 201, first.content
    data = first.json()
    assert (data["width"], data["height"], data["title"]) == (64, 48, "مرفأ بيروت")
    again = upload(client, secret, png())
    assert again.json()["id"] == data["id"]
    assert get_image_model().objects.count() == 1


def test_a_file_that_is_no_image_is_refused(client, desk):
    secret = token_for(desk["editor"], "upload_media")
    response = upload(client, secret, b"<svg onload=alert(1)>", name="x.png")
    assert response.status_code == 400 and response.json()["fields"]["file"]
    assert get_image_model().objects.count() == 0
    no_scope = upload(client, token_for(desk["editor"], "create_drafts"), png())
    assert no_scope.status_code == 403
    assert get_image_model().objects.count() == 0


def test_an_editor_moderates_a_comment_and_a_contributor_cannot(client, desk):
    article = make_article(desk["section"], "خبر للتعليق")
    comment = make_comment(article, status=Comment.Status.PENDING)
    path = "/comments/%d/moderation" % comment.pk
    refused = post(client, path, {"action": "approve"}, token_for(desk["contributor"]))
    assert refused.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    editor = token_for(desk["editor"], "moderate_comments")
    response = post(client, path, {"action": "approve"}, editor)
    assert response.json() == {"id": comment.pk, "status": "approved"}
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == desk["editor"]
    assert post(client, path, {"action": "delete"}, editor).status_code == 400
    assert (
        post(
            client, "/comments/999999/moderation", {"action": "spam"}, editor
        ).status_code
        == 404
    )


def test_admin_issues_a_token_shown_once_then_revokes_it(client, desk):
    admin = make_user("admin")
    client.force_login(admin)
    index = reverse("wagtailusers_api_tokens:index")
    response = client.post(
        reverse("wagtailusers_api_tokens:add"),
        {
            "name": "وكالة الأنباء",
            "user": desk["editor"].pk,
            "scopes": ["create_drafts", "submit"],
            "expires_at": "",
            "source": "afp",
        },
    )
    assert response.status_code == 200
    secret = re.search(r'value="(wagtail_[A-Za-z0-9]+)"', response.content.decode())[1]
    token = APIToken.objects.get()
    assert token.user == desk["editor"] and secret not in token.key_hash
    grant = TokenGrant.objects.get(token=token)
    assert (grant.scopes, grant.source) == (["create_drafts", "submit"], "afp")
    assert secret not in client.get(index).content.decode()
    client.logout()
    assert post(client, "/drafts", {}, secret).status_code == 400
    client.force_login(admin)
    edit = client.post(
        reverse("wagtailusers_api_tokens:edit", args=[token.pk]),
        {"name": "وكالة الأنباء", "scopes": ["read_drafts"], "expires_at": ""},
    )
    assert edit.status_code == 302
    assert TokenGrant.objects.get(token=token).scopes == ["read_drafts"]
    client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert post(client, "/drafts", {}, secret).status_code == 401


def test_a_newsroom_role_cannot_issue_tokens(client, desk):
    client.force_login(desk["editor"])
    response = client.get(reverse("wagtailusers_api_tokens:add"))
    assert response.status_code in (302, 403)
