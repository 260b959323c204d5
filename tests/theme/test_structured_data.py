"""JSON-LD, Open Graph, Twitter cards, descriptions and canonical links of every
kind of page, all on the site's one address."""

import pytest

from tests.news.factories import make_article, make_author, make_image, make_section
from tests.theme import metadata_checks as checks
from tests.theme.test_public_address import OUTSIDE

pytestmark = pytest.mark.django_db

BASE = "https://akhbar.example"
HOSTILE = 'عنوان </script><script>alert("x")</script><!-- <b> & </SCRIPT >'


@pytest.fixture
def site(home, settings):
    settings.AKHBAR_BASE_URL = BASE
    section = make_section(home, "اقتصاد", description="أخبار الأسواق والمال.")
    author = make_author(
        home, "سلمى الحداد", job_title="مراسلة", photo=make_image("صورة الكاتبة")
    )
    article = make_article(
        section,
        "البنك المركزي يرفع الفائدة",
        standfirst="قرر البنك المركزي رفع سعر الفائدة ربع نقطة مئوية. " * 8,
        authors=[author],
        tags=["الفائدة", "البنوك"],
        featured_image=make_image("صورة الخبر", size=(1600, 1200)),
        featured_image_caption="مقر البنك المركزي",
    )
    return {"home": home, "section": section, "author": author, "article": article}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_article_meets_googles_news_article_properties(client, site):
    article = site["article"]
    html = _get(client, article.url)
    blocks = checks.json_ld(html)
    (data,) = checks.of_type(blocks, "NewsArticle")
    assert checks.news_article_problems(data, base=BASE) == []
    assert data["headline"] == article.title
    assert data["articleSection"] == "اقتصاد"
    assert data["keywords"] == ["الفائدة", "البنوك"] or sorted(data["keywords"]) == [
        "البنوك",
        "الفائدة",
    ]
    assert data["author"][0]["url"] == BASE + site["author"].url
    assert data["url"] == checks.canonical(html) == BASE + article.url
    assert {(i["width"], i["height"]) for i in data["image"]} == {
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    }
    (trail,) = checks.of_type(blocks, "BreadcrumbList")
    names = [item["name"] for item in trail["itemListElement"]]
    assert names[1:] == ["اقتصاد", article.title]
    assert [i["position"] for i in trail["itemListElement"]] == [1, 2, 3]


def test_the_description_comes_from_the_standfirst_unless_the_seo_field_is_set(
    client, site
):
    article = site["article"]
    html = _get(client, article.url)
    (description,) = checks.meta_tags(html)["description"]
    assert description.startswith("قرر البنك المركزي")
    assert len(description) <= 160
    article.search_description = "وصف كتبه المحرر لمحركات البحث."
    article.save_revision().publish()
    html = _get(client, article.url)
    assert checks.meta_tags(html)["description"] == ["وصف كتبه المحرر لمحركات البحث."]
    (data,) = checks.of_type(checks.json_ld(html), "NewsArticle")
    assert data["description"] == "وصف كتبه المحرر لمحركات البحث."


def test_an_article_has_open_graph_and_a_large_twitter_card(client, site):
    article = site["article"]
    tags = checks.meta_tags(_get(client, article.url))
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [BASE + article.url]
    assert tags["og:image"][0].startswith(BASE + "/media/")
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["675"])
    assert tags["og:image:alt"] == ["مقر البنك المركزي"]
    assert checks.has_offset(tags["article:published_time"][0])
    assert tags["article:section"] == ["اقتصاد"]
    assert sorted(tags["article:tag"]) == ["البنوك", "الفائدة"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]


def test_a_headline_cannot_break_out_of_the_json_ld(client, site):
    article = make_article(site["section"], HOSTILE, standfirst=HOSTILE)
    html = _get(client, article.url)
    tree = checks.parse(html)
    scripts = tree.xpath("//script")
    # Only the data blocks and the theme's own file: nothing the headline opened.
    assert all(
        s.get("type") == "application/ld+json" or s.get("src") for s in scripts
    ), [s.text for s in scripts]
    (data,) = checks.of_type(checks.json_ld(html), "NewsArticle")
    assert data["headline"] == HOSTILE
    head = html.split("</head>")[0]
    assert "</script><script>alert" not in head and "<!--" not in head


def test_listings_are_collection_pages_and_authors_profile_pages(client, site):
    section = checks.json_ld(_get(client, site["section"].url))
    (collection,) = checks.of_type(section, "CollectionPage")
    assert collection["name"] == "اقتصاد"
    assert collection["url"] == BASE + site["section"].url
    assert collection["description"] == "أخبار الأسواق والمال."

    tag = checks.json_ld(_get(client, "/tags/%s/" % "الفائدة"))
    (collection,) = checks.of_type(tag, "CollectionPage")
    assert "الفائدة" in collection["name"]
    assert collection["url"].startswith(BASE + "/tags/")

    author_html = _get(client, site["author"].url)
    (profile,) = checks.of_type(checks.json_ld(author_html), "ProfilePage")
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "سلمى الحداد"
    assert profile["mainEntity"]["jobTitle"] == "مراسلة"
    assert profile["mainEntity"]["image"]["url"].startswith(BASE + "/media/")
    assert checks.meta_tags(author_html)["og:type"] == ["profile"]


def test_the_home_page_is_a_website_with_a_search_action(client, site):
    (website,) = checks.of_type(checks.json_ld(_get(client, "/")), "WebSite")
    assert website["url"] == BASE + "/"
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == BASE + "/search/?q={search_term_string}"
    assert website["potentialAction"]["query-input"].endswith("search_term_string")
    assert website["inLanguage"] == "ar"


def test_pages_editors_did_not_describe_still_have_a_description(client, site):
    """The home page and a tag's listing have no text of their own: what they list
    and the site's name stand in, so a search engine shows a sentence."""
    for path, words in (("/", []), ("/tags/%s/" % "الفائدة", ["الفائدة"])):
        described = checks.meta_tags(_get(client, path))
        (text,) = described["description"]
        assert "أخبار" in text and all(word in text for word in words), path
        assert described["og:description"] == [text]


def test_every_absolute_url_of_every_page_type_is_on_the_base_url(client, site):
    pages = [
        "/",
        site["section"].url,
        site["article"].url,
        site["author"].url,
        "/tags/%s/" % "البنوك",
        "/archive/%d/" % site["article"].first_published_at.year,
    ]
    for url in pages:
        html = _get(client, url)
        assert checks.canonical(html).startswith(BASE + "/"), url
        for found in checks.absolute_urls(html):
            host = checks.host_of(found)
            assert found.startswith(BASE + "/") or host in OUTSIDE, (url, found)
        assert "localhost" not in html and "testserver" not in html, url
