"""Cleaning of reader input: plain text in, plain text out."""

from akhbar.comments.text import clean_body, clean_email, clean_name, html_to_text


def test_body_keeps_paragraphs_and_drops_control_characters():
    raw = "  سطر أول\r\nسطر ثان\x00\x07\r\n\r\n\r\n\r\nفقرة\tثانية  "
    assert clean_body(raw) == "سطر أول\nسطر ثان\n\nفقرة ثانية"


def test_body_drops_lone_surrogates_that_cannot_be_stored():
    assert clean_body("نص\ud800 سليم") == "نص سليم"


def test_markup_is_kept_as_text_not_interpreted():
    assert clean_body("<b>عريض</b> <script>x</script>") == (
        "<b>عريض</b> <script>x</script>"
    )


def test_name_is_one_line_without_bidi_overrides():
    assert clean_name(" محمد\u202e\n  علي\u2066 ") == "محمد علي"


def test_name_keeps_ordinary_text_and_marks():
    assert clean_name("عبدُ اللهِ") == "عبدُ اللهِ"


def test_email_is_trimmed_and_lower_cased():
    assert clean_email("  Reader@Example.ORG ") == "reader@example.org"


def test_html_to_text_for_importers():
    markup = (
        "<p>أهلاً &amp; مرحباً<br>سطر</p><p>انظر <a href='https://example.org/x'>هنا"
        "</a></p><script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    assert html_to_text(markup) == (
        "أهلاً & مرحباً\nسطر\n\nانظر هنا (https://example.org/x)"
    )


def test_html_to_text_of_empty_or_broken_markup():
    assert html_to_text("") == ""
    assert html_to_text("<p><b>غير مغلق") == "غير مغلق"
