"""HTML to Akhbar blocks: block mapping and sanitising."""

import pytest

from akhbar.importers.content import (
    ImageRef,
    html_to_blocks,
    is_read_also_marker,
    sanitize_inline,
    strip_tags,
)


def types(blocks):
    return [b["type"] for b in blocks]


@pytest.mark.parametrize(
    "markup, expected",
    [
        ('<p onclick="x()">a<script>alert(1)</script></p>', "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<a href="https://e.example/" target="_blank">x</a>',
            '<a href="https://e.example/">x</a>',
        ),
        ('<a href="mailto:a@b.example">m</a>', '<a href="mailto:a@b.example">m</a>'),
        ("<strong>b</strong><em>i</em>", "<b>b</b><i>i</i>"),
        ('<img src=x onerror="alert(1)"><iframe src="https://x"></iframe>', ""),
        ("<h2>t</h2><table><tr><td>c</td></tr></table>", "tc"),
        ('<span style="color:red">s</span><br/>', "s<br>"),
    ],
)
def test_sanitize_inline_keeps_only_paragraph_features(markup, expected):
    assert sanitize_inline(markup) == expected


def test_blocks_from_html():
    blocks = html_to_blocks(
        "<p>فقرة <strong>أولى</strong> مع <a href='/x'>رابط</a>.</p>"
        "<h3>عنوان فرعي</h3>"
        "<blockquote><p>قول مأثور</p><cite>قائل</cite></blockquote>"
        "<ul><li>أ</li><li>ب</li></ul>"
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "https://www.youtube.com/watch?v=1</div><figcaption>فيديو</figcaption></figure>"
        "<table><caption>أرقام</caption><tr><th>السكان</th><td>5</td></tr></table>"
        "<hr><p>&nbsp;</p>",
        base_url="https://old.example/2020/01/post/",
    )
    assert types(blocks) == [
        "paragraph",
        "subheading",
        "quote",
        "paragraph",
        "embed",
        "fact_box",
    ]
    assert blocks[0]["value"] == (
        '<p>فقرة <b>أولى</b> مع <a href="https://old.example/x">رابط</a>.</p>'
    )
    assert blocks[1]["value"] == "عنوان فرعي"
    assert blocks[2]["value"] == {"text": "قول مأثور", "attribution": "قائل"}
    assert blocks[3]["value"] == "<ul><li>أ</li><li>ب</li></ul>"
    assert blocks[4]["value"] == {
        "url": "https://www.youtube.com/watch?v=1",
        "title": "فيديو",
    }
    assert blocks[5]["value"] == {"title": "أرقام", "facts": ["السكان: 5"]}


def test_images_resolved_or_kept_as_links():
    seen = []

    def resolve(ref: ImageRef):
        seen.append(ref)
        return 7 if ref.wp_id == 5 else None

    blocks = html_to_blocks(
        '<figure><img class="wp-image-5" src="/a.jpg" alt="بديل">'
        "<figcaption>تعليق</figcaption></figure>"
        '<p><img src="https://cdn.example/b.jpg" alt="ب"> نص</p>'
        '<img src="data:image/png;base64,AAAA">',
        base_url="https://old.example/",
        resolve_image=resolve,
    )
    assert types(blocks) == ["image", "embed", "paragraph"]
    assert blocks[0]["value"] == {"image": 7, "caption": "تعليق", "credit": ""}
    assert blocks[1]["value"] == {"url": "https://cdn.example/b.jpg", "title": "ب"}
    assert seen[0].src == "https://old.example/a.jpg"
    assert seen[0].alt == "بديل"


def test_loose_text_is_split_at_blank_lines():
    blocks = html_to_blocks("سطر أول\n\nسطر ثان <b>عريض</b>")
    assert [b["value"] for b in blocks] == [
        "<p>سطر أول</p>",
        "<p>سطر ثان <b>عريض</b></p>",
    ]


def test_read_also_paragraph_with_links_becomes_a_block():
    links = {"https://old.example/a/": 11, "https://old.example/b/": 12}
    blocks = html_to_blocks(
        "<p>نص.</p><p><strong>اقرأ أيضاً:</strong></p>"
        '<ul><li><a href="https://old.example/a/">أ</a></li>'
        '<li><a href="https://old.example/b/">ب</a></li></ul><p>بعد.</p>',
        resolve_link=lambda href, text: links.get(href),
    )
    assert types(blocks) == ["paragraph", "read_also", "paragraph"]
    assert blocks[1]["value"] == {"title": "اقرأ أيضا", "articles": [11, 12]}


@pytest.mark.parametrize(
    "text", ["اقرأ أيضا", "إقرأ أيضاً:", "إقراء ايضا:", "اقرأ أيضًا", "Read also"]
)
def test_read_also_markers(text):
    assert is_read_also_marker(text)


def test_strip_tags():
    assert strip_tags("<em>عنوان</em> &amp; <b>آخر</b>\u200b") == "عنوان & آخر"
