"""``akhbar export``: WXR 1.2 that imports back into an empty site unchanged."""

import datetime
import io
import re

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from lxml import etree
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

from akhbar.comments.services import comment_create
from akhbar.importers.models import ImportRecord
from akhbar.importers.wordpress.parser import WXRReader
from akhbar.news.models import ArticlePage, AuthorPage, SectionPage, StandardPage
from tests.importers.conftest import WORDPRESS, run_import
from tests.news.factories import make_article, make_author, make_image, make_section


def build_site(site):
    """WordPress content plus Akhbar content using every body block."""
    run_import(WORDPRESS / "phpunit" / "small-export.xml")
    run_import(WORDPRESS / "e2e" / "wxr-comprehensive.xml")
    politics = make_section(site, "سياسة", slug="سياسة")
    local = make_section(politics, "محليات")
    salma = make_author(site, "سلمى الحداد")
    omar = make_author(site, "عمر الخطيب")
    image = make_image("صورة الاجتماع")
    older = make_article(local, "اجتماع الحكومة الأسبوعي", tags=["حكومة"])
    body = [
        {
            "type": "paragraph",
            "value": '<p>فقرة <b>أولى</b> و<a href="https://e.example/">رابط</a>.</p>',
        },
        {"type": "subheading", "value": "عنوان فرعي"},
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "التعليق", "credit": "المصور"},
        },
        {"type": "quote", "value": {"text": "قول مأثور", "attribution": "الوزير"}},
        {
            "type": "embed",
            "value": {"url": "https://www.youtube.com/watch?v=abc", "title": "فيديو"},
        },
        {
            "type": "fact_box",
            "value": {"title": "أرقام", "facts": ["١٠ وزراء", "ثلاث جلسات"]},
        },
        {"type": "read_also", "value": {"title": "اقرأ أيضا", "articles": [older.pk]}},
        {"type": "paragraph", "value": "<ul><li>بند</li><li>بند آخر</li></ul>"},
    ]
    lead = make_article(
        local,
        "الحكومة تقر الموازنة الجديدة",
        body=body,
        authors=[salma, omar],
        tags=["موازنة", "حكومة"],
        featured_image=image,
        is_lead=True,
        comments_open=False,
        standfirst="أقرت الحكومة الموازنة.",
        published=timezone.now() - datetime.timedelta(days=2),
    )
    first = comment_create(
        article=lead,
        author_name="قارئ",
        author_email="reader@example.com",
        body="تعليق أول\nبسطرين و < رمز",
        status="approved",
        check_spam=False,
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    comment_create(
        article=lead,
        author_name="قارئة",
        author_email="reader2@example.com",
        body="رد على التعليق",
        parent=first,
        status="pending",
        check_spam=False,
        created_at=timezone.now() - datetime.timedelta(hours=5),
    )
    comment_create(
        article=lead,
        author_name="spammer",
        author_email="spam@example.com",
        body="buy now",
        status="spam",
        check_spam=False,
        created_at=timezone.now() - datetime.timedelta(hours=4),
    )
    scheduled = make_article(local, "خبر مجدول", publish_now=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    # The factory leaves an unpublished page "live"; a real draft is not.
    draft = make_article(politics, "مسودة خبر", publish_now=False)
    ArticlePage.objects.filter(pk=draft.pk).update(live=False, first_published_at=None)
    ArticlePage.objects.get(pk=draft.pk).save_revision()


def status_of(page):
    if page.live:
        return "live"
    if page.go_live_at and page.approved_schedule:
        return "scheduled"
    return "withdrawn" if page.first_published_at else "draft"


def block_snapshot(body):
    blocks = []
    for block in body:
        value = block.value
        if block.block_type == "paragraph":
            value = " ".join(value.source.split())
        elif block.block_type == "image":
            value = (value["image"].get_file_hash(), value["caption"], value["credit"])
        elif block.block_type == "read_also":
            value = (value["title"], [p.title for p in value["articles"]])
        elif block.block_type in ("quote", "embed"):
            value = dict(value)
        elif block.block_type == "fact_box":
            value = (value["title"], list(value["facts"]))
        blocks.append((block.block_type, value))
    return blocks


def snapshot():
    from akhbar.comments.models import Comment

    articles = []
    for page in ArticlePage.objects.order_by("title"):
        content = page if page.live else page.get_latest_revision_as_object()
        comments = sorted(
            (
                c.author_name,
                c.author_email,
                c.body,
                c.status,
                c.created_at.replace(microsecond=0),
                c.parent.body if c.parent else None,
            )
            for c in Comment.objects.filter(article=page)
        )
        articles.append(
            {
                "title": page.title,
                "slug": page.slug,
                "section": page.get_parent().title,
                "status": status_of(page),
                "published": page.first_published_at.replace(microsecond=0)
                if status_of(page) in ("live", "withdrawn")
                else None,
                "go_live_at": page.go_live_at.replace(microsecond=0)
                if page.go_live_at
                else None,
                "standfirst": content.standfirst,
                "tags": sorted(t.name for t in content.tags.all()),
                "bylines": [b.author.title for b in content.bylines.all()],
                "is_lead": content.is_lead,
                "comments_open": content.comments_open,
                "featured": content.featured_image.get_file_hash()
                if content.featured_image
                else None,
                "body": block_snapshot(content.body),
                "comments": comments,
            }
        )
    return {
        "sections": sorted(
            (s.title, s.slug, s.get_parent().title) for s in SectionPage.objects.all()
        ),
        "tags": sorted(
            {
                t.name
                for t in Tag.objects.filter(akhbar_news_articletag_items__isnull=False)
            }
        ),
        "authors": sorted((a.title, a.slug) for a in AuthorPage.objects.all()),
        "pages": sorted(
            (p.title, p.slug, p.get_parent().title, p.live)
            for p in StandardPage.objects.all()
        ),
        "articles": articles,
    }


def wipe(site):
    """An empty site again: every page under home, tags, records, redirects."""
    for child in site.get_children():
        child.delete()
    Tag.objects.all().delete()
    ImportRecord.objects.all().delete()
    Redirect.objects.all().delete()


def export_to(path):
    call_command("export", "-o", str(path), stderr=io.StringIO())
    return path


def test_round_trip(site, tmp_path):
    """import -> export -> import into an empty site: same articles, sections,
    tags, authors and comments."""
    build_site(site)
    before = snapshot()
    assert len(before["articles"]) == 11
    export = export_to(tmp_path / "site.xml")
    wipe(site)
    assert ArticlePage.objects.count() == 0
    report = run_import(export, "--media-dir", str(settings.MEDIA_ROOT))
    assert report["errors"] == []
    after = snapshot()
    assert after["sections"] == before["sections"]
    assert after["tags"] == before["tags"]
    assert after["authors"] == before["authors"]
    assert after["pages"] == before["pages"]
    for old, new in zip(before["articles"], after["articles"], strict=True):
        assert new == old


def test_export_is_wxr_1_2_that_wordpress_reads(site, tmp_path):
    build_site(site)
    export = export_to(tmp_path / "site.xml")
    # Well-formed, with WordPress's namespaces, CDATA and version.
    root = etree.parse(str(export)).getroot()
    wp = "{http://wordpress.org/export/1.2/}"
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.find("channel/%swxr_version" % wp).text == "1.2"
    text = export.read_text()
    assert "<wp:post_type><![CDATA[post]]></wp:post_type>" in text
    assert "<wp:comment_author_email><![CDATA[reader@example.com]]>" in text
    assert text.count('xmlns:wp="') == 1
    reader = WXRReader(export)
    entries = list(reader)
    reader.check_version()
    posts = [e for e in entries if getattr(e, "post_type", "") == "post"]
    statuses = sorted(p.status for p in posts)
    assert statuses.count("publish") == 8
    assert {"future", "draft", "private"} <= set(statuses)
    lead = next(p for p in posts if p.title == "الحكومة تقر الموازنة الجديدة")
    assert lead.is_sticky and lead.comment_status == "closed"
    assert lead.meta["_akhbar_bylines"]
    assert re.search(r"%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9", text)  # "سياسة", encoded
    assert [t.domain for t in lead.terms].count("category") == 1


def test_export_to_stdout(site):
    out = io.BytesIO()

    class Stdout:
        buffer = out

    import sys

    real = sys.stdout
    sys.stdout = Stdout()
    try:
        call_command("export")
    finally:
        sys.stdout = real
    assert out.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8" ?>')


def test_links_default_to_the_sites_address(site, tmp_path, settings):
    """Without --base-url, every link of the export is on the site's address."""
    settings.AKHBAR_BASE_URL = "https://news.example"
    build_site(site)
    text = export_to(tmp_path / "site.xml").read_text()
    assert "<wp:base_site_url>https://news.example/</wp:base_site_url>" in text
    links = re.findall(r"<link>([^<]+)</link>", text)
    assert links and all(link.startswith("https://news.example/") for link in links)
    guids = re.findall(r"<guid[^>]*>([^<]+)</guid>", text)
    assert guids and all(g.startswith("https://news.example/") for g in guids)
