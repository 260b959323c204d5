"""The bulk writer behind ``akhbar import-wordpress``: what it writes must be
what Wagtail's own add_child / save_revision / publish would have written."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.signals import page_published

from akhbar.comments.models import Comment
from akhbar.importers.fast.bulk import BulkWriter
from akhbar.importers.fast.indexing import DeferredIndexing
from akhbar.news.models import ArticlePage, SectionPage
from tests.importers.conftest import run_import

FUTURE = datetime.datetime(2099, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
STATUSES = ["publish", "publish", "draft", "future", "private", "publish"]


def _post(number: int, *, status: str, category: str, body: str = "") -> str:
    date = (
        FUTURE
        if status == "future"
        else datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        + datetime.timedelta(days=number)
    )
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    comments = ""
    if status == "publish":
        # A comment, a reply to it and a reply to the reply.
        for offset, parent in ((1, 0), (2, 1), (3, 2)):
            comment_id = number * 10 + offset
            parent_id = number * 10 + parent if parent else 0
            comments += (
                "<wp:comment><wp:comment_id>%d</wp:comment_id>"
                "<wp:comment_author>قارئ %d</wp:comment_author>"
                "<wp:comment_author_email>r%d@mail.example</wp:comment_author_email>"
                "<wp:comment_date_gmt>%s</wp:comment_date_gmt>"
                "<wp:comment_content>تعليق %d</wp:comment_content>"
                "<wp:comment_approved>1</wp:comment_approved>"
                "<wp:comment_parent>%d</wp:comment_parent></wp:comment>"
                % (comment_id, comment_id, comment_id, stamp, comment_id, parent_id)
            )
    return (
        "<item><title>خبر رقم %(n)d</title>"
        "<link>https://old.example/%(y)s/post-%(n)d/</link>"
        "<dc:creator>writer</dc:creator>"
        '<guid isPermaLink="false">https://old.example/?p=%(n)d</guid>'
        "<content:encoded><![CDATA[<p>نص الخبر %(n)d.</p>%(body)s]]></content:encoded>"
        "<wp:post_id>%(n)d</wp:post_id><wp:post_date>%(d)s</wp:post_date>"
        "<wp:post_date_gmt>%(d)s</wp:post_date_gmt>"
        "<wp:post_name>post-%(n)d</wp:post_name><wp:status>%(s)s</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        '<category domain="category" nicename="%(c)s"><![CDATA[%(c)s]]></category>'
        '<category domain="post_tag" nicename="tag-%(t)d"><![CDATA[وسم %(t)d]]>'
        "</category>%(comments)s</item>"
        % {
            "n": number,
            "y": date.strftime("%Y/%m/%d"),
            "d": stamp,
            "s": status,
            "c": category,
            "t": number % 3,
            "body": body,
            "comments": comments,
        }
    )


def write_export(tmp_path, posts: int = 12, extra: str = "") -> str:
    """A WXR 1.2 file: nested categories, posts of every status, threads."""
    items = "".join(
        _post(
            number,
            status=STATUSES[number % len(STATUSES)],
            category=("world", "local", "sport")[number % 3],
        )
        for number in range(1, posts + 1)
    )
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<title>أخبار</title><link>https://old.example</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_site_url>https://old.example</wp:base_site_url>"
        "<wp:base_blog_url>https://old.example</wp:base_blog_url>"
        "<wp:author><wp:author_login>writer</wp:author_login>"
        "<wp:author_email>writer@old.example</wp:author_email>"
        "<wp:author_display_name>كاتب</wp:author_display_name></wp:author>"
        "<wp:category><wp:category_nicename>news</wp:category_nicename>"
        "<wp:cat_name>أخبار</wp:cat_name></wp:category>"
        "<wp:category><wp:category_nicename>world</wp:category_nicename>"
        "<wp:category_parent>news</wp:category_parent>"
        "<wp:cat_name>العالم</wp:cat_name></wp:category>"
        "<wp:category><wp:category_nicename>local</wp:category_nicename>"
        "<wp:category_parent>news</wp:category_parent>"
        "<wp:cat_name>محليات</wp:cat_name></wp:category>"
        "<wp:category><wp:category_nicename>sport</wp:category_nicename>"
        "<wp:cat_name>رياضة</wp:cat_name></wp:category>"
        "%s%s</channel></rss>" % (items, extra),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def small_batches(monkeypatch):
    """Flush every few pages, so that batches, parents and threads interleave."""
    monkeypatch.setattr(BulkWriter, "BATCH_SIZE", 5)


def test_tree_is_sound_after_a_bulk_import(site, tmp_path, small_batches):
    """Materialised paths, depths and child counts written by the writer pass
    treebeard's own check, also after a second import adds to the sections."""
    run_import(write_export(tmp_path, posts=23))
    assert ArticlePage.objects.count() == 23
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()
    more = tmp_path / "more"
    more.mkdir()
    text = write_export(more, posts=30).read_text()
    (more / "export.xml").write_text(text.replace("old.example", "other.example"))
    run_import(more / "export.xml")
    assert ArticlePage.objects.count() == 53
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5
    paths = list(Page.objects.values_list("path", flat=True))
    assert len(paths) == len(set(paths))


def test_imported_articles_are_ordinary_wagtail_pages(site, tmp_path, small_batches):
    run_import(write_export(tmp_path))
    for article in ArticlePage.objects.all():
        parent = article.get_parent()
        assert article.url_path == parent.url_path + article.slug + "/"
        assert article.latest_revision is not None
        assert article.latest_revision.as_object().title == article.title
        assert article.draft_title == article.title
        assert article.locale_id == parent.locale_id
        actions = set(
            PageLogEntry.objects.filter(page=article).values_list("action", flat=True)
        )
        assert "wagtail.create" in actions
        if article.live:
            assert article.live_revision_id == article.latest_revision_id
            assert not article.has_unpublished_changes
            assert "wagtail.publish" in actions
        else:
            assert article.live_revision_id is None
            assert article.has_unpublished_changes

    # publish -> live with its WordPress date
    live = ArticlePage.objects.get(title="خبر رقم 1")
    assert live.live and live.first_published_at == datetime.datetime(
        2020, 1, 2, tzinfo=datetime.UTC
    )
    assert [b.author.title for b in live.bylines.all()] == ["كاتب"]
    assert [t.name for t in live.tags.all()] == ["وسم 1"]
    # future -> scheduled the way Wagtail schedules
    scheduled = ArticlePage.objects.get(title="خبر رقم 3")
    assert not scheduled.live and scheduled.go_live_at == FUTURE
    assert scheduled.approved_schedule
    assert scheduled.latest_revision.approved_go_live_at == FUTURE
    assert PageLogEntry.objects.filter(
        page=scheduled, action="wagtail.publish.schedule"
    ).exists()
    # draft -> draft; private -> not live, its date kept
    draft = ArticlePage.objects.get(title="خبر رقم 2")
    assert not draft.live and draft.first_published_at is None
    private = ArticlePage.objects.get(title="خبر رقم 4")
    assert not private.live and private.first_published_at is not None

    # The editor can open and publish what was imported.
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    response = client.get("/admin/pages/%d/edit/" % draft.pk)
    assert response.status_code == 200
    assert "خبر رقم 2" in response.content.decode()
    draft.latest_revision.publish()
    draft.refresh_from_db()
    assert draft.live and draft.live_revision_id == draft.latest_revision_id
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5


def test_imported_article_is_served_to_readers(site, tmp_path):
    run_import(write_export(tmp_path))
    article = ArticlePage.objects.get(title="خبر رقم 1")
    response = Client(HTTP_HOST="localhost").get(article.url)
    assert response.status_code == 200
    assert "نص الخبر 1." in response.content.decode()
    scheduled = ArticlePage.objects.get(title="خبر رقم 3")
    assert Client(HTTP_HOST="localhost").get(scheduled.url).status_code == 404


def test_threads_are_kept_across_batches(site, tmp_path, monkeypatch):
    monkeypatch.setattr(BulkWriter, "BATCH_SIZE", 1)
    report = run_import(write_export(tmp_path))
    assert report["comments"]["created"] == Comment.objects.count() == 18
    for first in Comment.objects.filter(parent__isnull=True):
        reply = first.replies.get()
        assert (reply.article_id, reply.depth) == (first.article_id, 2)
        assert reply.replies.get().depth == 3


def test_read_also_finds_an_earlier_post_still_in_the_batch(site, tmp_path, ahead):
    """A link to a post queued moment ago (not written yet) is resolved, with
    one revision, not filled in later by a second save."""
    link = (
        "<p>اقرأ أيضا:</p><ul><li>"
        '<a href="https://old.example/2020/01/02/post-1/">خبر رقم 1</a></li></ul>'
    )
    extra = _post(100, status="publish", category="sport", body=link)
    run_import(write_export(tmp_path, posts=1, extra=extra))
    first = ArticlePage.objects.get(title="خبر رقم 1")
    later = ArticlePage.objects.get(title="خبر رقم 100")
    blocks = [b for b in later.body if b.block_type == "read_also"]
    assert [page.pk for page in blocks[0].value["articles"]] == [first.pk]
    assert later.revisions.count() == 1


def test_reference_index_is_what_wagtail_would_write(site, tmp_path):
    run_import(write_export(tmp_path))
    rows = set(ReferenceIndex.objects.values_list("object_id", "model_path"))
    article = ArticlePage.objects.get(title="خبر رقم 1")
    assert {(str(article.pk), "bylines.item.author")} <= rows
    assert {(str(article.pk), "tagged_items.item.tag")} <= rows
    before = set(ReferenceIndex.objects.values_list())
    for article in ArticlePage.objects.all():
        ReferenceIndex.create_or_update_for_object(article)
    assert set(ReferenceIndex.objects.values_list()) == before


def test_large_import_sends_no_publish_signal_per_article(
    site, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Above the threshold the fragment cache is retired once after commit,
    not once per published article."""
    from akhbar.news.selectors import news_generation

    monkeypatch.setattr(DeferredIndexing, "SITE_SEARCH_REBUILD_FROM", 1)
    published = []

    def receiver(sender, instance, **kwargs):
        published.append(instance)

    page_published.connect(receiver)
    generation = news_generation()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run_import(write_export(tmp_path))
    finally:
        page_published.disconnect(receiver)
    assert ArticlePage.objects.live().count() == 6
    assert not [page for page in published if isinstance(page, ArticlePage)]
    assert news_generation() != generation
    # Related lists are rebuilt once, from the rebuilt search index.
    from akhbar.related.models import RelatedProfile

    assert RelatedProfile.objects.filter(kind="article").count() == 6


def test_small_import_publishes_article_by_article(site, tmp_path):
    published = []

    def receiver(sender, instance, **kwargs):
        published.append(instance.pk)

    page_published.connect(receiver)
    try:
        run_import(write_export(tmp_path))
    finally:
        page_published.disconnect(receiver)
    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    assert len(live) == 6 and live <= set(published)


def test_no_reindex_leaves_the_site_search_to_akhbar_reindex(
    site, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    pytest.importorskip("akhbar.search")
    from akhbar.search.models import SearchDocument

    monkeypatch.setattr(DeferredIndexing, "SITE_SEARCH_REBUILD_FROM", 1)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_export(tmp_path), "--no-reindex")
    assert ArticlePage.objects.live().exists()
    assert SearchDocument.objects.count() == 0


def test_dry_run_of_a_bulk_import_writes_nothing(site, tmp_path, small_batches):
    before = (Page.objects.count(), Comment.objects.count())
    report = run_import(write_export(tmp_path), "--dry-run")
    assert report["articles"]["created"] == 12
    assert (Page.objects.count(), Comment.objects.count()) == before


def test_second_run_updates_bulk_created_articles_in_place(
    site, tmp_path, small_batches
):
    path = write_export(tmp_path)
    run_import(path)
    pages = Page.objects.count()
    path.write_text(path.read_text().replace("نص الخبر 1.", "نص معدّل."))
    report = run_import(path)
    assert report["articles"] == {"created": 0, "updated": 1, "skipped": 11}
    assert report["comments"]["created"] == 0
    assert Page.objects.count() == pages
    article = ArticlePage.objects.get(title="خبر رقم 1")
    assert article.revisions.count() == 2 and article.live
    assert "نص معدّل." in article.body[0].value.source


def test_article_moved_into_a_section_filled_in_the_same_run(site, tmp_path):
    """An existing article moved (second run) into a section that was empty and
    has just been given new articles: the move finds the new last child."""
    first = tmp_path / "first"
    first.mkdir()
    run_import(
        write_export(
            first, posts=0, extra=_post(100, status="publish", category="sport")
        )
    )
    assert SectionPage.objects.get(slug="world").numchild == 0
    second = tmp_path / "second"
    second.mkdir()
    report = run_import(
        write_export(
            second, posts=6, extra=_post(100, status="publish", category="world")
        )
    )
    assert report["errors"] == []
    world = SectionPage.objects.get(slug="world")
    moved = ArticlePage.objects.get(title="خبر رقم 100")
    assert moved.get_parent().pk == world.pk
    assert world.get_children().count() == world.numchild == 3
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5


def test_admin_page_search_finds_imported_articles(site, tmp_path, ahead):
    """Imported pages are in Wagtail's own search index, with the rows its
    backend's ``add_bulk`` writes, and the admin's page search finds them; also
    where the bodies' text was computed ahead, in the reading process."""
    from modelsearch.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    run_import(write_export(tmp_path, posts=6))
    article = ArticlePage.objects.get(title="خبر رقم 5")
    admin = get_user_model().objects.create_superuser("editor", "e@x.example", "pw")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "رقم 5"})
    assert response.status_code == 200
    found = [page.pk for page in response.context["pages"]]
    assert article.pk in found

    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage)
    )
    columns = ("object_id", "title", "autocomplete", "body")
    imported = sorted(entries.values_list(*columns))
    assert len(imported) == 6
    if connection.vendor == "sqlite":  # PostgreSQL's columns hold tsvectors.
        assert any("نص الخبر 5" in row[3] for row in imported)
        # Title norms are set (see the next test), not left at the default.
        norms = IndexEntry.objects.values_list("title_norm", flat=True)
        assert set(norms) - {1.0}
    entries.delete()
    get_search_backend().add_bulk(ArticlePage, list(ArticlePage.objects.all()))
    assert sorted(entries.values_list(*columns)) == imported


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite index's own columns"
)
def test_search_index_add_writes_the_title_norms_wagtail_writes(site, tmp_path):
    """Batch by batch, the rows (title norms included) that Wagtail's own
    ``add_bulk`` writes for the same batches."""
    from modelsearch.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from akhbar.importers.fast.indexing import search_index_add

    run_import(write_export(tmp_path, posts=12))
    backend = get_search_backend()
    articles = list(ArticlePage.objects.order_by("pk"))
    batches = [articles[:5], articles[5:]]
    assert {len(a.title) for a in batches[0]} != {len(a.title) for a in batches[1]}
    columns = ("content_type", "object_id", "title", "body", "title_norm")
    entries = IndexEntry.objects.order_by("content_type", "object_id")

    def rows():
        return [row[:4] + (round(row[4], 9),) for row in entries.values_list(*columns)]

    lengths = {}  # Kept across batches, as the import keeps it.
    written = []
    for add in (
        lambda batch: backend.add_bulk(ArticlePage, batch),
        lambda batch: search_index_add(
            backend, ArticlePage, batch, title_lengths=lengths
        ),
    ):
        entries.filter(
            content_type=ContentType.objects.get_for_model(ArticlePage)
        ).delete()
        for batch in batches:
            add(batch)
        written.append(rows())
    assert written[0] == written[1]
    assert len({row[4] for row in written[1]}) > 2


def test_insert_rows_writes_what_bulk_create_writes(site):
    """Same rows and keys as the ORM's bulk_create; conflicts skipped on request;
    a value that is an expression goes through bulk_create."""
    from django.db.models import Value
    from django.db.models.functions import Lower
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Site

    from akhbar.importers.fast.bulk import insert_rows

    home_site = Site.objects.get(root_page=site)

    def redirects(prefix):
        return [
            Redirect(
                old_path="/%s/%d" % (prefix, number),
                site=home_site,
                redirect_page_id=site.pk,
                redirect_page_route_path="/خبر/%d/" % number if number % 2 else "",
                is_permanent=bool(number % 3),
            )
            for number in range(7)
        ]

    fast, slow = redirects("fast"), redirects("slow")
    insert_rows(Redirect, fast, batch_size=3)
    Redirect.objects.bulk_create(slow)
    assert all(r.pk and not r._state.adding for r in fast)
    assert [Redirect.objects.get(pk=r.pk).old_path for r in fast] == [
        r.old_path for r in fast
    ]
    # created_at is auto_now_add: set by each, a moment apart.
    columns = [
        f.attname
        for f in Redirect._meta.concrete_fields
        if f.attname not in ("id", "created_at")
    ]
    assert not Redirect.objects.filter(created_at__isnull=True).exists()

    def rows(prefix):
        return [
            {**row, "old_path": row["old_path"].split("/", 2)[2]}
            for row in Redirect.objects.filter(old_path__startswith="/%s/" % prefix)
            .order_by("id")
            .values(*columns)
        ]

    assert rows("fast") == rows("slow")
    again = redirects("fast")[:2] + [
        Redirect(old_path="/new", site=home_site, redirect_link="https://x.example")
    ]
    insert_rows(Redirect, again, ignore_conflicts=True)
    assert Redirect.objects.filter(old_path__startswith="/fast/").count() == 7
    assert Redirect.objects.filter(old_path="/new").exists()
    shouted = Redirect(old_path="/SHOUT", site=home_site, redirect_link="https://x")
    shouted.old_path = Lower(Value("/SHOUT"))
    insert_rows(Redirect, [shouted])
    assert Redirect.objects.filter(old_path="/shout").exists()


def test_revision_content_is_what_wagtail_serialises(site, tmp_path):
    """Each imported page's revision holds what ``serializable_data()`` gives
    for the page (the writer computes it with less work per field)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from wagtail.models import Revision

    from akhbar.importers.fast.bulk import serializable_data
    from akhbar.news.models import AuthorPage

    def encoded(data):
        # As stored: equal datetimes in two zones are not the same JSON.
        return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)

    run_import(write_export(tmp_path))
    pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
    assert {type(page) for page in pages} >= {ArticlePage, SectionPage, AuthorPage}
    for page in pages:
        assert encoded(serializable_data(page)) == encoded(page.serializable_data())
    for article in ArticlePage.objects.all():
        stored = Revision.objects.get(pk=article.latest_revision_id).content
        fresh = json.loads(
            json.dumps(article.serializable_data(), cls=DjangoJSONEncoder)
        )
        # The tree and revision bookkeeping moves on once the page is written;
        # the page-wide flags are as save_revision() leaves them (compared with
        # Wagtail's in test_bulk_writer_writes_what_wagtail_publishing_writes).
        for moving in (
            "latest_revision",
            "live_revision",
            "numchild",
            "draft_title",
            "live",
            "has_unpublished_changes",
        ):
            stored.pop(moving, None)
            fresh.pop(moving, None)
        # PostgreSQL's jsonb gives the body's keys back in its own order.
        stored["body"] = json.loads(stored["body"])
        fresh["body"] = json.loads(fresh["body"])
        assert stored == fresh
    # Naive datetimes (settings' zone) and values modelcluster turns to strings.
    article = ArticlePage.objects.first()
    article.go_live_at = datetime.datetime(2030, 5, 6, 7, 8, 9)  # noqa: DTZ001
    article.slug = "naive-date"
    assert encoded(serializable_data(article)) == encoded(article.serializable_data())


def _written_rows(page_id: int) -> dict:
    """What publishing left for a page: its rows, its revision and its log, less
    what differs between any two pages (ids, tree positions, clocks)."""
    from wagtail.models import Revision

    from akhbar.news.models import ArticleAuthor

    varying = {
        "id",
        "page_ptr_id",
        "path",
        "url_path",
        "translation_key",
        "latest_revision_id",
        "live_revision_id",
        "latest_revision_created_at",
        "last_published_at",
        "first_published_at",
    }
    page = Page.objects.filter(pk=page_id).values().get()
    article = ArticlePage.objects.filter(pk=page_id).values(
        *[f.attname for f in ArticlePage._meta.local_fields]
    )
    revisions = list(Revision.objects.filter(object_id=str(page_id)).order_by("pk"))
    content = [dict(r.content) for r in revisions]
    for data in content:
        for key in (*varying, "pk", "live_revision", "latest_revision", "body"):
            data.pop(key, None)
        for relation in ("bylines", "tagged_items"):
            for child in data.get(relation, []):
                child.pop("pk", None)
                child.pop("page", None)
                child.pop("content_object", None)
    logs = list(
        PageLogEntry.objects.filter(page_id=page_id)
        .order_by("pk")
        .values("action", "content_changed", "label", "revision_id", "data")
    )
    for log in logs:
        log["revision_id"] = log["revision_id"] is not None
        revision = log["data"].get("revision")
        if revision:
            log["data"] = {"revision": sorted(revision)}
    article = {k: v for k, v in article.get().items() if k not in varying}
    # Block ids are random (uuid4) however a body is written.
    article["body"] = [(b["type"], b["value"]) for b in article["body"].raw_data]
    return {
        "page": {k: v for k, v in page.items() if k not in varying},
        "set": {k: page[k] is not None for k in varying if k in page},
        "article": article,
        "revisions": [
            (r.approved_go_live_at, r.object_str, r.content_type_id) for r in revisions
        ],
        "content": content,
        "bylines": list(
            ArticleAuthor.objects.filter(page_id=page_id).values_list(
                "author_id", "sort_order"
            )
        ),
        "logs": logs,
    }


@pytest.mark.parametrize("status", ["live", "scheduled", "draft", "unpublished"])
def test_bulk_writer_writes_what_wagtail_publishing_writes(site, status):
    """The same article, written by Wagtail's add_child / save_revision /
    publish (a small import, the editor) and by the bulk writer: the same rows,
    the same revision, the same log entries."""
    from akhbar.importers import services
    from akhbar.importers.drafts import ArticleDraft
    from akhbar.importers.records import ImportBatch
    from tests.news.factories import make_author, make_section

    author = make_author(site, "كاتب العقد")
    when = (
        FUTURE
        if status == "scheduled"
        else datetime.datetime(2021, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    )
    ids = {}
    for way in ("wagtail", "bulk"):
        section = make_section(site, "قسم %s" % way, slug=way)
        draft = ArticleDraft(
            title="خبر العقد",
            slug="contract",
            standfirst="مقدمة الخبر.",
            body=[{"type": "paragraph", "value": "<p>نص الخبر.</p>"}],
            author_ids=[author.pk],
            status=status,
            published_at=when,
            is_lead=True,
            search_description="وصف",
        )
        writer = BulkWriter(send_signals=True) if way == "bulk" else None
        batch = ImportBatch("contract-" + way, bulk=way == "bulk", writer=writer)
        page, _action = services.article_upsert(
            source="contract-" + way,
            external_id=1,
            section=section,
            draft=draft,
            batch=batch,
        )
        batch.flush()
        ids[way] = ArticlePage.objects.get(url_path__endswith="/%s/contract/" % way).pk
        section.refresh_from_db()
        assert section.numchild == 1
    wagtail, bulk = _written_rows(ids["wagtail"]), _written_rows(ids["bulk"])
    assert wagtail["logs"], "publishing left no log entry"
    for part in wagtail:
        assert bulk[part] == wagtail[part], part
    assert [len(problems) for problems in Page.find_problems()] == [0] * 5
