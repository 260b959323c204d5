# ruff: noqa: E501 (the pinned export output is kept line for line)
"""Each body block knows its own text: the word count, the search text and the
WordPress export read one vocabulary (``news.blocks``). Pinned on a body with
every block type, so that moving that knowledge changes no result."""

import pytest

from akhbar.importers.export import WXRWriter
from akhbar.news.models import ArticlePage
from akhbar.search.services import article_body_text
from tests.news.factories import make_article, make_image, make_section


@pytest.fixture
def every_block(home):
    section = make_section(home, "سياسة", slug="politics")
    other = make_article(section, "خبر سابق عن الانتخابات")
    image = make_image("صورة الاجتماع")
    body = [
        {
            "type": "paragraph",
            "value": '<p>افتتح الوزير <b>المؤتمر</b> في <a href="https://example.org/x?a=1&amp;b=2">القاهرة</a>&nbsp;صباح اليوم.</p>'
            "<ul><li>بند أول</li><li>بند ثانٍ</li></ul>"
            '<p>فقرة فيها <a linktype="page" id="%d">رابط داخلي</a>.</p>' % other.pk,
        },
        {"type": "subheading", "value": "ما قاله الوزير"},
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "الوزير يتحدث", "credit": "وكالة"},
        },
        {
            "type": "quote",
            "value": {
                "text": "سنمضي في الإصلاح.\n\nولن نتراجع.",
                "attribution": "وزير المالية",
            },
        },
        {
            "type": "embed",
            "value": {
                "url": "https://video.example/watch?v=1",
                "title": "كلمة الافتتاح",
            },
        },
        {
            "type": "fact_box",
            "value": {"title": "أرقام", "facts": ["٣ أيام", "٢٠ دولة"]},
        },
        {
            "type": "read_also",
            "value": {"title": "اقرأ أيضا", "articles": [other.pk]},
        },
    ]
    return make_article(
        section, "مؤتمر اقتصادي", body=body, standfirst="مقدمة من خمس كلمات هنا."
    )


EXPORT = """\
<!-- wp:paragraph -->
<p>افتتح الوزير <b>المؤتمر</b> في <a href="https://example.org/x?a=1&amp;b=2">القاهرة</a> صباح اليوم.</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul><li>بند أول</li><li>بند ثانٍ</li></ul>
<!-- /wp:list -->

<!-- wp:paragraph -->
<p>فقرة فيها <a href="http://localhost/politics/%D8%AE%D8%A8%D8%B1-%D8%B3%D8%A7%D8%A8%D9%82-%D8%B9%D9%86-%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/">رابط داخلي</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">ما قاله الوزير</h2>
<!-- /wp:heading -->

<!-- wp:image {"id":{attachment}} -->
<figure class="wp-block-image"><img src="{image_url}" alt="" class="wp-image-{attachment}"/><figcaption class="wp-element-caption">الوزير يتحدث<span class="akhbar-credit">وكالة</span></figcaption></figure>
<!-- /wp:image -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>سنمضي في الإصلاح.</p><p>ولن نتراجع.</p><cite>وزير المالية</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:embed {"url": "https://video.example/watch?v=1"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://video.example/watch?v=1
</div><figcaption class="wp-element-caption">كلمة الافتتاح</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:group {"className":"akhbar-fact-box"} -->
<div class="wp-block-group akhbar-fact-box"><h3 class="wp-block-heading">أرقام</h3><ul><li>٣ أيام</li><li>٢٠ دولة</li></ul></div>
<!-- /wp:group -->

<!-- wp:group {"className":"akhbar-read-also"} -->
<div class="wp-block-group akhbar-read-also"><h3 class="wp-block-heading">اقرأ أيضا</h3><ul><li><a href="http://localhost/politics/%D8%AE%D8%A8%D8%B1-%D8%B3%D8%A7%D8%A8%D9%82-%D8%B9%D9%86-%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/">خبر سابق عن الانتخابات</a></li></ul></div>
<!-- /wp:group -->"""


def test_word_count(every_block):
    """The standfirst's words, each paragraph's whitespace-separated runs of its
    stored markup, a subheading's and a quote's words; nothing else."""
    assert ArticlePage.objects.get(pk=every_block.pk).word_count == 27


def test_search_text(every_block):
    assert article_body_text(every_block) == (
        "افتتح الوزير المؤتمر في القاهرة صباح اليوم. بند أول بند ثانٍ فقرة فيها رابط داخلي.\n"
        "ما قاله الوزير\n"
        "الوزير يتحدث\n"
        "سنمضي في الإصلاح.\n"
        "\n"
        "ولن نتراجع. وزير المالية\n"
        "كلمة الافتتاح\n"
        "أرقام ٣ أيام ٢٠ دولة"
    )


def test_export_form(every_block):
    writer = WXRWriter(home=every_block.get_parent().get_parent())
    article = ArticlePage.objects.get(pk=every_block.pk)
    image = article.body[2].value["image"]
    # Attachment ids follow the largest page id; the image file's name varies.
    expected = EXPORT.replace(
        "{attachment}", str(writer.attachment_id(image.pk))
    ).replace("{image_url}", writer.image_url(image))
    assert writer.body_html(article.body) == expected


def test_stored_markup_is_cleaned_again_when_rendered(client, home):
    """A body written by any path (not the importers' cleaning) reaches the
    reader with the allow-list applied: no script, handler or javascript: URL,
    and the site's own links kept."""
    section = make_section(home, "منوعات")
    other = make_article(section, "خبر مرتبط")
    article = make_article(
        section,
        "خبر بنص مخزن خطر",
        body=[
            {
                "type": "paragraph",
                "value": '<p>نص<script>alert(1)</script><img src=x onerror="alert(2)">'
                '<a href="javascript:alert(3)">رابط</a> '
                '<a linktype="page" id="%d">داخلي</a></p>' % other.pk,
            },
            {
                "type": "embed",
                "value": {"url": "javascript:alert(4)", "title": "فيديو"},
            },
        ],
    )
    html = client.get(article.url).content.decode()
    body = html.split('class="article-body">')[1].split('<nav class="share"')[0]
    for needle in ("<script", "onerror", "javascript:", "alert("):
        assert needle not in body
    assert "<a>رابط</a>" in body
    assert 'href="%s"' % other.url in body
    assert '<p class="embed-link">فيديو</p>' in body
