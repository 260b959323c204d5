"""Saved pages and feeds become drafts through their sources' services."""

import io

import pytest
from django.core.management import CommandError, call_command

from akhbar.importers.models import ImportRecord
from akhbar.importers.pages.service import page_file_import
from akhbar.news.models import ArticlePage, SectionPage
from tests.importers.conftest import FILES
from tests.news.factories import make_article, make_section

SEED = FILES / "pages" / "seed.txt"
HTML = FILES / "pages" / "saved-article.html"
FEEDS = FILES / "feeds"


def import_page(*args):
    out = io.StringIO()
    call_command("import-page", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_seed_page_becomes_a_draft(site):
    """The seed: section label, headline, subheadings, paragraphs, read-also
    titles linked to the existing articles they name."""
    politics = make_section(site, "أخبار سياسية")
    known = [
        make_article(politics, "ترميم المساجد في إدلب: إعادة الأمل للمجتمع المحلي"),
        # Spelt differently from the list (hamza, spacing): still matched.
        make_article(
            politics, "سوريا بين الانتقال السياسي واعادة الاعمار .. تحديات وفرص"
        ),
    ]
    output = import_page(SEED)
    article = ArticlePage.objects.exclude(pk__in=[a.pk for a in known]).get()
    assert "أُنشئت مسودة" in output
    assert not article.live and article.get_parent().pk == politics.pk
    assert article.title == (
        "بوتين يؤكد دعمه لسوريا في رسالة إلى الرئيس الشرع: تعزيز التعاون والاستقرار"
    )
    types = [block.block_type for block in article.body]
    assert types.count("subheading") == 4 and types.count("paragraph") == 7
    assert types[-2:] == ["read_also", "paragraph"]
    read_also = article.body[-2].value
    assert [page.pk for page in read_also["articles"]] == [k.pk for k in known]
    unmatched = article.body[-1].value.source
    assert unmatched.count("<li>") == 4 and "الأونروا" in unmatched
    assert "لم يُطابق مقالاً في الموقع: الأونروا" in output
    text = " ".join(str(block.value) for block in article.body)
    for boilerplate in ("مقالات ذات صلة", "اترك تعليقاً", "لن يتم نشر", "زر الذهاب"):
        assert boilerplate not in text
    # Again: the same draft, not a second one.
    assert "لم تتغير" in import_page(SEED)
    assert ArticlePage.objects.count() == 3


def test_unknown_section_label_makes_an_unpublished_section(site):
    result = page_file_import(path=SEED)
    section = SectionPage.objects.get(title="أخبار سياسية")
    assert result.section_created and not section.live
    assert result.article.get_parent().pk == section.pk


def test_section_option(site):
    economy = make_section(site, "اقتصاد", slug="economy")
    import_page(SEED, "--section", "economy")
    assert ArticlePage.objects.get().get_parent().pk == economy.pk
    with pytest.raises(CommandError, match="لا يوجد قسم"):
        import_page(SEED, "--section", "nowhere")


def test_saved_html_page(site):
    economy = make_section(site, "اقتصاد")
    bread = make_article(economy, "أسعار الخبز تستقر في العاصمة")
    result = page_file_import(path=HTML)
    article = result.article
    assert article.get_parent().pk == economy.pk
    assert [b.block_type for b in article.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "subheading",
        "paragraph",
        "read_also",
        "paragraph",
    ]
    assert [p.pk for p in article.body[5].value["articles"]] == [bread.pk]
    assert result.unmatched == ["موسم الأمطار يبشر بمحصول وفير"]


def test_windows_1256_text(site, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(SEED.read_text().encode("cp1256", errors="ignore"))
    result = page_file_import(path=path)
    assert result.article.title.startswith("بوتين يؤكد")


def import_feed(*args):
    out = io.StringIO()
    call_command("import-feed", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_feed_items_become_drafts_once(site):
    culture = make_section(site, "ثقافة", slug="culture")
    output = import_feed(FEEDS / "wire.rss", "--section", "culture")
    assert "مسودات جديدة: 2" in output
    fair = ArticlePage.objects.get(title="افتتاح معرض الكتاب الدولي بمشاركة واسعة")
    assert not fair.live and fair.get_parent().pk == culture.pk
    assert [b.block_type for b in fair.body] == ["paragraph", "subheading", "paragraph"]
    assert "javascript" not in fair.body[2].value.source
    assert sorted(t.name for t in fair.tags.all()) == ["ثقافة", "كتب"]
    assert fair.standfirst == "افتتح اليوم معرض الكتاب الدولي."
    record = ImportRecord.objects.get(external_id="wire-1001")
    assert record.data["link"] == "https://wire.example/news/1001"
    river = ArticlePage.objects.get(title="ارتفاع منسوب مياه النهر بعد الأمطار")
    assert river.body[0].value.source.startswith("<p>ارتفع منسوب")
    # Again, and from another feed: nothing imported twice.
    assert "مسودات جديدة: 0، عناصر سبق استيرادها: 2" in import_feed(FEEDS / "wire.rss")
    import_feed(FEEDS / "wire.atom")
    assert ArticlePage.objects.count() == 3
    agreement = ArticlePage.objects.get(title="توقيع اتفاقية للتعاون الاقتصادي")
    assert agreement.get_parent().specific.title == "غير مصنف"


def test_feed_item_record_is_written_once(site):
    """Each new item's import record is written in one statement, with its link
    (not created, then rewritten with the feed's data)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    table = ImportRecord._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        import_feed(FEEDS / "wire.rss")
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if table in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    articles = ImportRecord.objects.filter(source="feed", kind="article")
    assert articles.count() == 2
    assert all(record.data["link"] for record in articles)
    tags = ImportRecord.objects.filter(source="feed", kind="tag").count()
    assert len(writes) == articles.count() + tags


def test_hostile_feed_is_refused(site):
    with pytest.raises(CommandError, match="DOCTYPE"):
        import_feed(FEEDS / "doctype.rss")
    assert ArticlePage.objects.count() == 0
