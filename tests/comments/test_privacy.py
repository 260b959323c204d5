"""A commenter's e-mail address appears on no public page, feed or sitemap."""

import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.test import Client

from akhbar.comments.models import Comment
from tests.comments.factories import make_comment
from tests.comments.forms_client import post_comment
from tests.news.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db
Status = Comment.Status
PRIVATE_PREFIXES = ("/admin/", "/comments/post/", "/static/", "/media/", "/documents/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _links(body: str) -> list[str]:
    parser = _Links()
    parser.feed(body)
    return parser.links


def crawl(client, start_urls, limit=400):
    """Every same-site page reachable from ``start_urls``, with its body."""
    seen, queue, pages = set(), list(start_urls), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver", "localhost"):
            continue
        path = parts.path + ("?" + parts.query if parts.query else "")
        if path in seen or parts.path.startswith(PRIVATE_PREFIXES):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode("utf-8", errors="replace")
        pages[path] = body
        for link in _links(body):
            queue.append(urljoin(path, link.split("#")[0]))
        if "<rss" in body or "<urlset" in body:
            queue.extend(_xml_locations(body))
    return pages


def _xml_locations(body):
    return re.findall(r"<(?:loc|link)>([^<]+)</", body)


def forms_of(email):
    local = email.split("@")[0]
    return {
        email,
        email.upper(),
        local,
        hashlib.md5(email.encode()).hexdigest(),  # Gravatar's key.
        hashlib.sha256(email.encode()).hexdigest(),
    }


def test_no_public_page_or_feed_shows_a_commenters_email(client, home, settings):
    settings.AKHBAR_COMMENTS_MIN_FILL_SECONDS = 0
    settings.AKHBAR_COMMENTS_PER_PAGE = 2
    politics = make_section(home, "سياسة")
    economy = make_section(home, "اقتصاد")
    author = make_author(home, "سلمى الحداد")
    first = make_article(politics, "خبر أول", authors=[author], tags=["وسم"])
    second = make_article(economy, "خبر ثان")
    emails = []
    shapes = [
        (first, Status.APPROVED, False),
        (first, Status.APPROVED, True),
        (first, Status.APPROVED, False),
        (first, Status.APPROVED, False),
        (first, Status.PENDING, False),
        (second, Status.SPAM, False),
        (second, Status.APPROVED, False),
    ]
    for number, (article, status, is_reply) in enumerate(shapes):
        email = "secret.commenter%d@private-mail.example" % number
        emails.append(email)
        make_comment(
            article,
            status=status,
            author_email=email,
            author_name="قارئ %d" % number,
            website="https://reader%d.example/" % number,
            parent=article.comments.first() if is_reply else None,
        )
    # A held comment through the form, and its author's own view of it.
    email = "form.commenter@private-mail.example"
    emails.append(email)
    response = post_comment(Client(), second, email=email, comment="تعليق عبر النموذج")
    assert response.status_code == 302
    starts = [
        "/",
        response["Location"],
        first.url + "?replytocom=%d" % first.comments.first().pk,
        "/feed/",
        "/feed/section/%d/" % politics.pk,
        "/feed/section/%d/" % economy.pk,
        "/sitemap.xml",
        "/archive/%d/" % first.first_published_at.year,
        "/search/?q=%D8%AE%D8%A8%D8%B1",
    ]
    pages = crawl(client, starts)
    # The crawl reached what it must check.
    assert {unquote(first.url), unquote(second.url), "/feed/", "/sitemap.xml"} <= {
        unquote(path.split("?")[0]) for path in pages
    }
    assert any("comments-page=2" in path for path in pages)
    assert any("قارئ 0" in body for body in pages.values())
    for path, body in pages.items():
        lowered = body.lower()
        for email in emails:
            for form in forms_of(email):
                assert form.lower() not in lowered, (path, form)
