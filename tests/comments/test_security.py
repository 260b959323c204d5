"""Attack payloads as names and comments: stored as text, shown as text.

Every line of every list under attack-payloads/xss and attack-payloads/sqli is
posted as a name and as a comment, through the HTTP form (CSRF enforced, tokens
read from the rendered form) and through the services; then the comments are
approved and the article page and the moderation queue are rendered and parsed.
No request may fail and no element may gain a handler, a script, an active
element or a non-http URL. Lists added to those folders are picked up as well.
"""

import itertools
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from akhbar.comments import services
from akhbar.comments.models import Comment
from tests.comments.forms_client import fetch_tokens, form_values
from tests.comments.html_checks import assert_no_injection

pytestmark = pytest.mark.django_db
Status = Comment.Status
PAYLOAD_ROOT = Path(
    os.environ.get("AKHBAR_ATTACK_PAYLOADS", "/work/shared/data/attack-payloads")
)


def load_payloads() -> list[str]:
    lines = []
    for folder in ("xss", "sqli"):
        for path in sorted((PAYLOAD_ROOT / folder).glob("*")):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace")
                lines.extend(text.splitlines())
    return lines


PAYLOADS = load_payloads()


@pytest.fixture
def lenient(settings):
    # Hundreds of posts from one test client: the limits have their own tests.
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    settings.AKHBAR_COMMENTS_PER_PAGE = 10_000
    settings.AKHBAR_COMMENTS_RATE_PER_IP = 0
    settings.AKHBAR_COMMENTS_RATE_PER_EMAIL = 0


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "x")


_addresses = itertools.count(1)


def http_post(client, article, *, name, body):
    """Post through the form as a browser would; returns (response, form page)."""
    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    values = fetch_tokens(client, html, form_values(html))
    action = values.pop("_action")
    number = next(_addresses)
    values.update(
        author=name, email="attacker%d@example.org" % number, url="", comment=body
    )
    ip = "10.%d.%d.%d" % (number // 65536 % 256, number // 256 % 256, number % 256)
    return client.post(action, values, REMOTE_ADDR=ip)


def assert_refused(response, stored_before: int):
    """A refusal is the article again, with the reason and the form; no comment."""
    html = response.content.decode()
    assert 'id="commentform"' in html
    assert 'class="field-error"' in html or 'id="comment-errors"' in html
    assert Comment.objects.count() == stored_before


def benign_twin(article, comment: Comment, number: int) -> Comment:
    """A harmless comment shaped like ``comment``: same optional parts, held."""
    twin = services.comment_create(
        article=article,
        author_name="قارئ",
        author_email="benign%d@example.org" % number if comment.author_email else "",
        body="نص عادي",
        website="https://example.org/" if comment.website else "",
        ip_address="192.0.2.1" if comment.ip_address else None,
        user_agent="Mozilla" if comment.user_agent else "",
        status=Status.PENDING,
        check_spam=False,
    )
    # The reason a rule gave is not an input of the service; mirror it for the
    # queue's layout.
    Comment.objects.filter(pk=twin.pk).update(held_reason=comment.held_reason)
    return twin


def test_payload_lists_are_present():
    assert len(PAYLOADS) > 100
    assert any("<script" in line.lower() for line in PAYLOADS)


def test_payloads_through_the_form_and_services_render_as_text(
    lenient, article, editor
):
    browser = Client(enforce_csrf_checks=True)
    empty_article = browser.get(article.url).content.decode()
    refused_pages = []
    accepted = 0
    for line in PAYLOADS:
        stored = Comment.objects.count()
        response = http_post(browser, article, name=line, body=line)
        assert response.status_code in (200, 302), (line, response.status_code)
        if response.status_code == 200:
            # Refused (an over-long name, say): the page echoes the input back.
            refused_pages.append((line, response.content.decode()))
            assert_refused(response, stored)
            response = http_post(browser, article, name="قارئ", body=line)
            assert response.status_code in (200, 302), (line, response.status_code)
            if response.status_code == 200:
                refused_pages.append((line, response.content.decode()))
                assert_refused(response, stored)
                continue
        accepted += 1
        # The commenter's own view of their held comment, after the redirect.
        own_view = browser.get(response["Location"])
        assert own_view.status_code == 200
        assert_no_injection(own_view.content.decode(), empty_article, [line])
    # Only blank, NUL-carrying or over-long lines may be refused.
    assert accepted >= 0.9 * sum(1 for line in PAYLOADS if line.strip())
    for line in PAYLOADS:
        try:
            services.comment_create(
                article=article,
                author_name=line,
                author_email="svc@example.org",
                body=line,
                website=line,
                ip_address=line,
                user_agent=line,
                check_spam=False,
            )
        except services.CommentInvalid:
            assert not line.strip(), line
    posted = list(Comment.objects.order_by("pk"))
    assert len(posted) > len(PAYLOADS)

    # The moderation queue while they wait, then the published article.
    admin = Client()
    admin.force_login(editor)
    pending_pages = _queue_pages(admin, Status.PENDING)
    for comment in posted:
        services.comment_approve(comment=comment, by=editor)
    approved_pages = _queue_pages(admin, Status.APPROVED)
    reader = Client()
    article_page = reader.get(article.url)
    assert article_page.status_code == 200
    article_html = article_page.content.decode()
    reply_page = reader.get(article.url + "?replytocom=%d" % posted[0].pk)
    assert reply_page.status_code == 200

    # The same pages with as many harmless comments, statuses and all.
    shapes = list(Comment.objects.order_by("pk"))
    Comment.objects.all().delete()
    twins = [benign_twin(article, c, n) for n, c in enumerate(shapes)]
    benign_pending = _queue_pages(admin, Status.PENDING)
    for twin in twins:
        services.comment_approve(comment=twin, by=editor)
    benign_approved = _queue_pages(admin, Status.APPROVED)
    benign_article = reader.get(article.url).content.decode()
    benign_reply = reader.get(article.url + "?replytocom=%d" % twins[0].pk)

    assert_no_injection(article_html, benign_article, PAYLOADS, same_structure=True)
    assert_no_injection(
        reply_page.content.decode(),
        benign_reply.content.decode(),
        PAYLOADS,
        same_structure=True,
    )
    for pages, baseline in (
        (pending_pages, benign_pending),
        (approved_pages, benign_approved),
    ):
        assert len(pages) == len(baseline)
        for html, benign in zip(pages, baseline, strict=True):
            assert_no_injection(html, benign, PAYLOADS, same_structure=True)
    refused_baseline = _refused_page(browser, article)
    for line, html in refused_pages:
        assert_no_injection(html, refused_baseline, [line])


def _queue_pages(client, status):
    pages, number = [], 1
    while True:
        response = client.get("/admin/comments/?status=%s&p=%d" % (status, number))
        assert response.status_code == 200
        pages.append(response.content.decode())
        if "&amp;p=%d" % (number + 1) not in pages[-1]:
            return pages
        number += 1


def _refused_page(browser, article):
    response = http_post(browser, article, name="ن" * 150, body="نص عادي")
    assert response.status_code == 200
    return response.content.decode()
