"""Reader pages: every page type renders in Arabic, right to left, with its parts."""

import copy
import datetime
import re
from urllib.parse import quote, unquote

import pytest
from django.test import override_settings
from django.utils import timezone

from akhbar.testing.rows import rows_fixture
from tests.news.factories import (
    ensure_home,
    make_article,
    make_author,
    make_image,
    make_section,
    publish,
)

pytestmark = pytest.mark.django_db

HTML_OPEN = '<html lang="ar" dir="rtl">'


def build_site():
    home = ensure_home()
    politics = make_section(home, "أخبار سياسية")
    economy = make_section(home, "اقتصاد")
    local = make_section(politics, "شؤون محلية")
    author = make_author(home, "سلمى الحداد", job_title="مراسلة")
    second = make_author(home, "كريم منصور")
    image = make_image()
    older = make_article(
        politics,
        "الحكومة تعلن خطة جديدة للنقل العام",
        published=timezone.now() - datetime.timedelta(days=3),
        authors=[author],
        tags=["نقل", "الحكومة"],
    )
    other = make_article(
        politics,
        "البرلمان يناقش قانون الموازنة",
        published=timezone.now() - datetime.timedelta(days=2),
    )
    article = make_article(
        politics,
        "بوتين يؤكد دعمه لسوريا في رسالة إلى الرئيس: تعزيز التعاون والاستقرار",
        standfirst="رسالة تؤكد دعم جهود الاستقرار.",
        authors=[author, second],
        tags=["سوريا", "الحكومة"],
        featured_image=image,
        featured_image_caption="صورة توضيحية",
        featured_image_credit="أخبار",
        is_lead=True,
        body=[
            {"type": "subheading", "value": "العنوان الفرعي الأول"},
            {"type": "paragraph", "value": "<p>نص الفقرة الأولى.</p>"},
            {"type": "subheading", "value": "العنوان الفرعي الثاني"},
            {"type": "paragraph", "value": "<p>نص الفقرة الثانية.</p>"},
            {
                "type": "read_also",
                "value": {"title": "اقرأ أيضا", "articles": [older.pk, other.pk]},
            },
        ],
    )
    breaking = make_article(
        economy,
        "عاجل: البنك المركزي يخفض الفائدة",
        is_breaking=True,
        breaking_until=timezone.now() + datetime.timedelta(hours=2),
    )
    expired = make_article(
        economy,
        "عاجل قديم انتهت صلاحيته",
        is_breaking=True,
        breaking_until=timezone.now() - datetime.timedelta(minutes=5),
    )
    sub_article = make_article(local, "مجلس البلدية يفتتح حديقة")
    return {
        "home": home,
        "politics": politics,
        "economy": economy,
        "local": local,
        "author": author,
        "article": article,
        "older": older,
        "other": other,
        "breaking": breaking,
        "expired": expired,
        "sub_article": sub_article,
    }


site_rows = rows_fixture(build_site)


@pytest.fixture
def site(site_rows, db):
    return copy.deepcopy(site_rows)


def text(response):
    return response.content.decode()


def test_home_page_has_lead_breaking_latest_and_section_blocks(client, site):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    assert HTML_OPEN in html
    lead = html.split('class="lead-story"')[1].split("</section>")[0]
    assert site["article"].title in lead
    ticker = html.split('class="breaking"')[1].split("</section>")[0]
    assert site["breaking"].title in ticker
    assert site["expired"].title not in ticker
    assert 'id="latest-heading"' in html
    for section in ("politics", "economy"):
        assert 'id="section-%d"' % site[section].pk in html
    assert 'href="#top"' in html


def test_article_page_has_everything_the_seed_page_has(client, site):
    article = site["article"]
    response = client.get(article.url)
    assert response.status_code == 200
    html = text(response)
    assert HTML_OPEN in html
    # Section label linking to its section, headline, standfirst.
    assert (
        '<a class="section-label" href="%s">أخبار سياسية</a>' % site["politics"].url
        in html
    )
    assert '<h1 class="headline">%s</h1>' % article.title in html
    assert "رسالة تؤكد دعم جهود الاستقرار." in html
    # Bylines link to author pages.
    assert 'rel="author" href="%s"' % site["author"].url in html
    assert "كريم منصور" in html
    # Gregorian date with Arabic month names and Hijri (Umm al-Qura), Arabic digits.
    assert re.search(r'<time datetime="[^"]+">[٠-٩]+ [^<]+ [٠-٩]{4}', html)
    assert "هـ" in html
    # Featured image with responsive WebP renditions.
    assert "srcset=" in html and ".webp" in html
    assert "صورة توضيحية" in html
    # Body with subheadings, a read-also block of picked articles.
    assert html.count('<h2 class="subheading">') == 2
    read_also = html.split('class="read-also"')[1].split("</aside>")[0]
    assert site["older"].title in read_also and site["other"].title in read_also
    # Related articles: same section, newest first, not the article itself.
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    assert "مقالات ذات صلة" in html
    assert related.index(site["other"].title) < related.index(site["older"].title)
    assert site["breaking"].title not in related
    # Tags, share links, reading time, back to top, the place for comments.
    assert 'rel="tag" href="/tags/%s/"' % "سوريا" in html
    for share in (
        "https://wa.me/",
        "https://t.me/share",
        "https://x.com/intent",
        "https://www.facebook.com/sharer",
        "mailto:?subject=",
    ):
        assert share in html
    assert "data-copy-link" in html
    assert "قراءة في" in html
    assert "زر الذهاب إلى الأعلى" in html


def test_article_url_is_section_then_unicode_slug(site):
    article = site["article"]
    assert (
        article.slug
        == "بوتين-يؤكد-دعمه-لسوريا-في-رسالة-إلى-الرئيس-تعزيز-التعاون-والاستقرار"
    )
    assert unquote(article.url) == "/أخبار-سياسية/%s/" % article.slug
    nested = site["sub_article"]
    assert unquote(nested.url).startswith("/أخبار-سياسية/شؤون-محلية/")


def test_long_headline_slug_is_bounded_in_bytes_and_cut_at_a_word(site):
    headline = " ".join(["الاستقرار"] * 25)
    article = make_article(site["politics"], headline)
    assert 300 < len(quote(article.slug)) <= 400
    assert set(article.slug.split("-")) == {"الاستقرار"}


def test_article_is_served_at_encoded_and_unicode_urls(client, site):
    article = site["article"]
    assert "%D8" in article.url
    assert client.get(article.url).status_code == 200
    assert client.get(unquote(article.url)).status_code == 200


def test_changed_slug_leaves_a_redirect(
    client, site, django_capture_on_commit_callbacks
):
    article = site["article"]
    old_url = article.url
    article.slug = "رسالة-بوتين"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    response = client.get(old_url)
    assert response.status_code == 301
    assert unquote(response["Location"]).endswith("/أخبار-سياسية/رسالة-بوتين/")
    assert client.get(response["Location"]).status_code == 200


def test_section_page_lists_descendants_with_pagination_and_subsections(client, site):
    for number in range(14):
        make_article(site["politics"], "خبر للتصفح رقم %d" % number)
    response = client.get(site["politics"].url)
    assert response.status_code == 200
    html = text(response)
    assert HTML_OPEN in html
    assert 'class="subsections"' in html and "شؤون محلية" in html
    assert 'rel="next" href="?page=2"' in html
    page_two = text(client.get(site["politics"].url + "?page=2"))
    assert 'rel="prev"' in page_two
    # Subsection articles appear in the parent section listing too.
    all_pages = html + page_two
    assert site["sub_article"].title in all_pages


def test_tag_page(client, site):
    response = client.get("/tags/الحكومة/")
    assert response.status_code == 200
    html = text(response)
    assert HTML_OPEN in html
    assert site["article"].title in html and site["older"].title in html
    assert site["other"].title not in html
    assert client.get("/tags/لا-يوجد/").status_code == 404


def test_the_menu_marks_the_home_page_current_only_on_the_home_page(client, site):
    current = re.compile(r'<a href="([^"]*)" aria-current="page">')
    assert current.findall(text(client.get("/"))) == ["/"]
    # The tag and archive listings are routes of the home page, not the home page;
    # each is asked twice, after the home page, so a cached menu cannot hide it.
    for path in ("/tags/الحكومة/", "/archive/%d/" % timezone.now().year):
        for _ in range(2):
            assert current.findall(text(client.get(path))) == []
    section = text(client.get(site["politics"].url))
    assert [unquote(url) for url in current.findall(section)] == [
        unquote(site["politics"].url)
    ]


def test_author_pages(client, site):
    response = client.get(site["author"].url)
    assert response.status_code == 200
    html = text(response)
    assert HTML_OPEN in html
    assert site["article"].title in html and site["older"].title in html
    assert site["other"].title not in html
    index = client.get(site["author"].get_parent().url)
    assert index.status_code == 200 and "كريم منصور" in text(index)


def test_archive_by_year_and_month(client, site):
    make_article(
        site["economy"],
        "خبر من أرشيف مارس",
        published=datetime.datetime(2024, 3, 10, 12, tzinfo=datetime.UTC),
    )
    year = client.get("/archive/2024/")
    assert year.status_code == 200
    assert "خبر من أرشيف مارس" in text(year)
    month = client.get("/archive/2024/3/")
    assert "خبر من أرشيف مارس" in text(month)
    assert "مارس ٢٠٢٤" in text(month)
    assert "خبر من أرشيف مارس" not in text(client.get("/archive/2024/4/"))
    assert client.get("/archive/2024/13/").status_code == 404


def test_404_page_is_arabic(client, site):
    response = client.get("/لا-توجد-صفحة-هنا/")
    assert response.status_code == 404
    html = text(response)
    assert HTML_OPEN in html and "الصفحة غير موجودة" in html


def test_500_page_is_arabic(rf):
    from akhbar.theme.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert HTML_OPEN in response.content.decode()


@override_settings(AKHBAR_DIGITS="western", AKHBAR_SHOW_HIJRI=False)
def test_digits_and_hijri_follow_settings(client, site):
    html = text(client.get(site["article"].url))
    assert re.search(r'<time datetime="[^"]+">\d+ [^<]+ \d{4}', html)
    assert "هـ" not in html


def test_unpublished_article_is_not_served(client, site):
    article = site["article"]
    url = article.url
    article.unpublish()
    assert client.get(url).status_code == 404
    assert article.title not in text(client.get("/"))


def test_feeds_are_arabic_rss(client, site):
    response = client.get("/feed/")
    assert response.status_code == 200
    body = text(response)
    assert 'xml:lang="ar"' in body
    assert site["article"].title in body
    section_feed = text(client.get("/feed/section/%d/" % site["economy"].pk))
    assert site["breaking"].title in section_feed
    assert site["article"].title not in section_feed


def test_sitemap_lists_articles(client, site):
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 200
    assert quote(site["article"].slug) in text(response) or site[
        "article"
    ].slug in text(response)


@pytest.mark.parametrize("page_key", ["home", "politics", "article", "author"])
def test_pages_stay_within_ten_queries(
    client, site, page_key, django_assert_max_num_queries
):
    url = "/" if page_key == "home" else site[page_key].url
    client.get(url)  # Warm the caches a real site has warm.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@override_settings(LANGUAGE_CODE="en")
def test_lang_and_dir_follow_the_active_language(client, site):
    html = text(client.get(site["article"].url))
    assert '<html lang="en" dir="ltr">' in html
