"""WordPress content: wpautop, shortcodes, block comments."""

from akhbar.importers.content import html_to_blocks
from akhbar.importers.wordpress.content import (
    do_shortcodes,
    render,
    shortcode_attrs,
    wpautop,
)


def blocks(content, **kwargs):
    return html_to_blocks(
        render(content, resolve_gallery=kwargs.pop("gallery", None)),
        resolve_image=kwargs.pop("image", lambda ref: ref.wp_id),
    )


def test_wpautop():
    assert wpautop("one\ntwo\n\nthree") == "<p>one<br />\ntwo</p>\n<p>three</p>\n"
    assert wpautop("<h2>t</h2>\ntext") == "<h2>t</h2>\n<p>text</p>\n"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"
    assert wpautop('<a\nhref="x">l</a>') == '<p><a href="x">l</a></p>\n'


def test_shortcode_attrs():
    assert shortcode_attrs(" id=\"attachment_5\" align='left' width=300 flag") == {
        "id": "attachment_5",
        "align": "left",
        "width": "300",
        "3": "flag",
    }


def test_caption_shortcode_becomes_image_with_caption():
    result = blocks(
        '[caption id="attachment_9" align="alignnone" width="300"]'
        '<a href="x"><img src="https://e.example/a.jpg" alt="" /></a> صورة [/caption]'
    )
    assert result == [
        {"type": "image", "value": {"image": 9, "caption": "صورة", "credit": ""}}
    ]


def test_gallery_shortcode():
    result = blocks(
        '[gallery ids="3,4"]', gallery=lambda ids: ids, image=lambda r: r.wp_id * 10
    )
    assert [b["value"]["image"] for b in result] == [30, 40]


def test_embed_shortcode_and_lone_url():
    result = blocks(
        "[embed]https://vimeo.com/1[/embed]\n\nhttps://www.youtube.com/watch?v=2\n\nنص"
    )
    assert [b["type"] for b in result] == ["embed", "embed", "paragraph"]
    assert result[1]["value"]["url"] == "https://www.youtube.com/watch?v=2"


def test_escaped_and_unknown_shortcodes():
    assert do_shortcodes("[[gallery]]") == "[gallery]"
    assert do_shortcodes('[contact-form-7 id="1"]') == ""
    assert do_shortcodes("[box]محتوى[/box]") == "محتوى"
    assert do_shortcodes("الفقرة [1] من القانون") == "الفقرة [1] من القانون"


def test_block_markup():
    content = (
        "<!-- wp:paragraph -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":3} -->\n<h3 class="wp-block-heading">عنوان</h3>\n'
        "<!-- /wp:heading -->\n\n"
        '<!-- wp:image {"id":12} -->\n<figure class="wp-block-image">'
        '<img src="https://e.example/i.jpg" class="wp-image-12"/>'
        "<figcaption>تعليق</figcaption></figure>\n<!-- /wp:image -->\n\n"
        '<!-- wp:embed {"url":"https://twitter.com/x/status/1","type":"rich"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://twitter.com/x/status/1\n</div></figure>\n<!-- /wp:embed -->\n\n"
        '<!-- wp:core-embed/youtube {"url":"https://youtu.be/3"} -->\n'
        "<figure></figure>\n<!-- /wp:core-embed/youtube -->\n\n"
        "<!-- wp:latest-posts /-->\n<!-- wp:separator -->\n<hr/>\n"
        "<!-- /wp:separator -->\n\n"
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>قول</p>'
        "<cite>قائل</cite></blockquote><!-- /wp:quote -->"
    )
    result = blocks(content)
    assert [b["type"] for b in result] == [
        "paragraph",
        "subheading",
        "image",
        "embed",
        "embed",
        "quote",
    ]
    assert result[2]["value"]["caption"] == "تعليق"
    assert result[4]["value"]["url"] == "https://youtu.be/3"
