"""Counts in text: Arabic's six plural forms from the gettext catalogue, in the
installation's digits (AKHBAR_DIGITS)."""

import pytest
from django.test import override_settings
from django.utils import translation

from akhbar.comments.rendering import comment_count_label
from akhbar.search.services import search_index_rebuild
from akhbar.theme.templatetags.akhbar_tags import reading_time, result_count
from tests.news.factories import make_article, make_section

COUNTS = (0, 1, 2, 3, 11, 100)

READING = {
    0: "قراءة في أقل من دقيقة",
    1: "قراءة في دقيقة واحدة",
    2: "قراءة في دقيقتين",
    3: "قراءة في {} دقائق",
    11: "قراءة في {} دقيقة",
    100: "قراءة في {} دقيقة",
}
COMMENTS = {
    0: "لا تعليقات",
    1: "تعليق واحد",
    2: "تعليقان",
    3: "{} تعليقات",
    11: "{} تعليقاً",
    100: "{} تعليق",
}
RESULTS = {
    0: "لا نتائج عن «غزة 2024»",
    1: "نتيجة واحدة عن «غزة 2024»",
    2: "نتيجتان عن «غزة 2024»",
    3: "{} نتائج عن «غزة 2024»",
    11: "{} نتيجة عن «غزة 2024»",
    100: "{} نتيجة عن «غزة 2024»",
}
DIGITS = {
    "arabic": {3: "٣", 11: "١١", 100: "١٠٠"},
    "western": {3: "3", 11: "11", 100: "100"},
}
MESSAGES = {
    "reading time": (reading_time, READING),
    "comments": (comment_count_label, COMMENTS),
    "results": (lambda count: result_count(count, "غزة 2024"), RESULTS),
}


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


@pytest.mark.parametrize("digits", ["arabic", "western"])
@pytest.mark.parametrize("message", list(MESSAGES))
@pytest.mark.parametrize("count", COUNTS)
def test_every_count_takes_its_plural_form_and_digits(message, count, digits):
    render, expected = MESSAGES[message]
    with override_settings(AKHBAR_DIGITS=digits):
        text = render(count)
    assert text == expected[count].format(DIGITS[digits].get(count))


def test_the_plural_rule_follows_the_last_two_digits():
    """103 takes the few form, 111 the many form, 102 the other form: the rule
    looks at n % 100, as Arabic grammar does."""
    assert reading_time(103) == "قراءة في ١٠٣ دقائق"
    assert reading_time(111) == "قراءة في ١١١ دقيقة"
    assert comment_count_label(102) == "١٠٢ تعليق"


def test_no_western_digit_among_arabic_ones():
    for render, _ in MESSAGES.values():
        for count in (3, 11, 100, 1234):
            text = render(count).replace("2024", "")
            assert not any(char in "0123456789" for char in text), text


@pytest.mark.django_db
def test_the_article_page_shows_its_reading_time_in_arabic(client, home):
    words = " ".join(["كلمة"] * 530)
    article = make_article(
        make_section(home, "منوعات"),
        "خبر طويل",
        body=[{"type": "paragraph", "value": "<p>%s</p>" % words}],
    )
    html = client.get(article.url).content.decode()
    assert '<span class="reading-time">قراءة في ٣ دقائق</span>' in html


@pytest.mark.django_db
def test_the_search_page_counts_two_results_in_the_dual(client, home):

    section = make_section(home, "منوعات")
    make_article(section, "الزلزال يضرب المدينة")
    make_article(section, "آثار الزلزال بعد يومين")
    search_index_rebuild()
    html = client.get("/search/", {"q": "الزلزال"}).content.decode()
    assert '<p class="search-count">نتيجتان عن «الزلزال»</p>' in html
