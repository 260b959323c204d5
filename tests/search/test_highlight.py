"""Snippets mark the reader's words on the original text and escape the rest."""

from akhbar.arabic import normalize
from akhbar.arabic.search_terms import word_forms
from akhbar.search.highlight import highlight, snippet


def test_marks_variants_on_the_original_spelling():
    html = highlight("زار الرئيسُ سوريــا والتقى بالسوريين", ["سوريا"])
    assert html == "زار الرئيسُ <mark>سوريــا</mark> والتقى <mark>بالسوريين</mark>"


def test_escapes_everything_else():
    html = highlight('<a href="x">سوريا</a> & "قمة"', ["سوريا"])
    assert html == (
        "&lt;a href=&quot;x&quot;&gt;<mark>سوريا</mark>&lt;/a&gt; &amp; &quot;قمة&quot;"
    )


def test_snippet_centres_on_the_densest_passage():
    filler = "كلام عام عن الطقس والرياضة " * 30
    text = filler + "البنك المركزي يخفض الفائدة اليوم " + filler
    stems = [word_forms(normalize(w))[0][1] for w in ("بنك", "مركزي", "فائدة")]
    html = snippet(text, stems, length=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>البنك</mark> <mark>المركزي</mark> يخفض <mark>الفائدة</mark>" in html
    assert len(html) < 300


def test_short_text_is_whole():
    assert snippet("خبر قصير", ["قصير"]) == "خبر <mark>قصير</mark>"
