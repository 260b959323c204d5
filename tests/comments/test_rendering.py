"""Comment text becomes HTML only here: escaped text, paragraphs, safe links."""

import pytest
from django.test import override_settings

from akhbar.comments.rendering import (
    LINK_REL,
    avatar_colour,
    comment_count_label,
    initials,
    linkify,
    render_body,
    safe_http_url,
)


def test_text_is_escaped():
    assert linkify('<script>alert("x")</script> & \'') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;"
    )


def test_http_addresses_become_nofollow_links():
    html = linkify("انظر https://example.org/a?b=1&c=2.")
    assert html == (
        'انظر <a href="https://example.org/a?b=1&amp;c=2" rel="%s" dir="ltr">'
        "https://example.org/a?b=1&amp;c=2</a>." % LINK_REL
    )


def test_arabic_punctuation_after_an_address_is_not_part_of_it():
    html = linkify("الرابط http://example.org/صفحة، ثم")
    assert 'href="http://example.org/صفحة"' in html
    assert "</a>، ثم" in html


def test_balanced_parenthesis_stays_in_the_address():
    html = linkify("(https://en.wikipedia.org/wiki/Foo_(bar))")
    assert 'href="https://en.wikipedia.org/wiki/Foo_(bar)"' in html
    assert html.endswith("</a>)")


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "http://",
        "https:///nohost",
    ],
)
def test_only_http_addresses_with_a_host_are_linked(text):
    assert "<a" not in linkify(text)


def test_quotes_cannot_break_out_of_the_href():
    html = linkify('http://x.example/"onmouseover="alert(1)')
    assert 'href="http://x.example/"' in html
    assert "onmouseover=&quot;" in html


def test_long_addresses_are_shortened_in_the_text_only():
    url = "https://example.org/" + "a" * 100
    html = linkify(url)
    assert 'href="%s"' % url in html
    assert "…</a>" in html


def test_paragraphs_and_line_breaks():
    assert render_body("أ\nب\n\nج") == '<p dir="auto">أ<br>ب</p><p dir="auto">ج</p>'


def test_safe_http_url():
    assert safe_http_url("https://example.org/x") == "https://example.org/x"
    assert safe_http_url(" javascript:alert(1)") == ""
    assert safe_http_url("http://exa mple.org") == ""
    assert safe_http_url('http://example.org/"x') == ""
    assert safe_http_url("http://[::1") == ""
    assert safe_http_url("") == ""


def test_initials_of_arabic_and_latin_names():
    assert initials("محمد عبد الله") == "م\u200cع"
    # The family name's article is skipped (it gave "يا", a word).
    assert initials("يوسف الخطيب") == "ي\u200cخ"
    assert initials("أبو بكر") == "أ"
    assert initials("الياس") == "ي"
    assert initials("sara jones") == "S\u200cJ"
    assert initials("قارئ 7") == "ق"
    assert initials("<<>>") == "؟"
    assert initials("") == "؟"


def test_avatar_colour_is_stable_and_from_the_name():
    assert avatar_colour("سلمى") == avatar_colour("سلمى")
    assert 0 <= avatar_colour("سلمى") < 8


@pytest.mark.parametrize(
    "count,label",
    [
        (0, "لا تعليقات"),
        (1, "تعليق واحد"),
        (2, "تعليقان"),
        (3, "٣ تعليقات"),
        (10, "١٠ تعليقات"),
        (11, "١١ تعليقاً"),
        (99, "٩٩ تعليقاً"),
        (100, "١٠٠ تعليق"),
        (102, "١٠٢ تعليق"),
        (103, "١٠٣ تعليقات"),
    ],
)
def test_comment_count_uses_arabic_plural_forms(count, label):
    assert comment_count_label(count) == label


@override_settings(AKHBAR_DIGITS="western")
def test_comment_count_follows_the_digits_setting():
    assert comment_count_label(5) == "5 تعليقات"
