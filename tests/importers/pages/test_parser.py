"""Saved pages, text and HTML, read into section, headline and blocks."""

from akhbar.importers.pages.parser import parse, parse_html, parse_text
from tests.importers.conftest import FILES

SEED = FILES / "pages" / "seed.txt"
HTML = FILES / "pages" / "saved-article.html"


def test_seed_text():
    page = parse_text(SEED.read_text())
    assert page.section_label == "أخبار سياسية"
    assert page.headline.startswith("بوتين يؤكد دعمه لسوريا في رسالة")
    assert [value for kind, value in page.blocks if kind == "subheading"] == [
        "بوتين يؤكد دعمه لسوريا",
        "بوتين يؤكد دعم روسيا لسوريا",
        "روسيا تعيد ترتيب أوراقها بعد سقوط الأسد",
        "غموض الموقف الأميركي يعزز النفوذ الروسي",
    ]
    paragraphs = [value for kind, value in page.blocks if kind == "paragraph"]
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("<p>أرسل الرئيس الروسي")
    assert len(page.read_also) == 6
    assert page.read_also[0][0].startswith("الأونروا")
    assert page.read_also_at == len(page.blocks)
    text = " ".join(value for _kind, value in page.blocks)
    for boilerplate in ("مقالات ذات صلة", "اترك تعليقاً", "لن يتم نشر", "زر الذهاب"):
        assert boilerplate not in text


def test_saved_html_page():
    page = parse_html(HTML.read_text())
    assert page.section_label == "اقتصاد"
    assert page.headline == "ارتفاع أسعار القمح في الأسواق المحلية"
    kinds = [kind for kind, _value in page.blocks]
    assert kinds == ["paragraph", "subheading", "paragraph", "subheading", "paragraph"]
    assert page.blocks[3][1] == "موقف الحكومة"
    assert page.blocks[2][1] == (
        "<p>وقال تجار إن <b>تكاليف الشحن</b> ارتفعت، وإن "
        '<a href="https://www.example.org/report">تقريراً دولياً</a> توقع استمرار '
        "الارتفاع.</p>"
    )
    assert page.read_also == [
        ("أسعار الخبز تستقر في العاصمة", "https://old.example/2024/01/bread/"),
        ("موسم الأمطار يبشر بمحصول وفير", "https://old.example/2024/02/rain/"),
    ]
    text = " ".join(value for _kind, value in page.blocks)
    for furniture in ("فيسبوك", "شارك", "خبر قديم", "لن يتم نشر", "الأكثر قراءة"):
        assert furniture not in text
    assert "script" not in text and "onclick" not in text


def test_parse_detects_html():
    assert parse(HTML.read_text()).headline.startswith("ارتفاع")
    assert parse(SEED.read_text()).section_label == "أخبار سياسية"
