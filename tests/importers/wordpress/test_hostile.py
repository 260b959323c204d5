"""Hostile WordPress exports (found by a probe): each post is imported cleaned
or skipped with a line in the report; none stops the import."""

from wagtail.models import Page

from akhbar.comments.models import Comment
from akhbar.news.models import ArticlePage, SectionPage, StandardPage
from tests.importers.conftest import WORDPRESS, run_import

HOSTILE = WORDPRESS / "hostile"
CONTROLS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def body_html(page) -> str:
    return "".join(str(block.value) for block in page.body)


def test_html_tags_and_control_characters_are_cleaned(site, ahead):
    """A title, excerpt or body that is only <html…>, and &#1; in links: every
    post and page is imported, cleaned, with or without the reading process."""
    report = run_import(HOSTILE / "html-and-control-characters.xml")
    assert report["errors"] == []
    assert report["articles"]["created"] == 6
    assert report["pages"]["created"] == 1
    titles = dict(ArticlePage.objects.values_list("slug", "title"))
    assert titles["html-title"] == "بلا عنوان"
    assert titles["html-excerpt"] == "مقتطف هو وسم html"
    assert ArticlePage.objects.get(slug="html-excerpt").standfirst == ""
    assert len(ArticlePage.objects.get(slug="html-body").body) == 0
    document = ArticlePage.objects.get(slug="html-document")
    assert body_html(document) == "<p>فقرة داخل مستند.</p>"
    assert body_html(ArticlePage.objects.get(slug="html-block")) == "<p>قبل الكتلة.</p>"
    links = body_html(ArticlePage.objects.get(slug="control-link"))
    assert 'href="https://old.example/page/"' in links
    assert 'href="https://other.example/x"' in links
    assert not CONTROLS & set(links)
    page = StandardPage.objects.get(slug="about")
    assert page.title == "بلا عنوان"
    assert not CONTROLS & set(body_html(page))
    assert SectionPage.objects.get(slug="world").title == "العالم"
    comment = Comment.objects.get()
    assert comment.body == "تعليق"
    # Served to readers like any other article.
    assert site.url_path in document.url_path and document.live


def test_second_run_of_a_hostile_export_changes_nothing(site):
    run_import(HOSTILE / "html-and-control-characters.xml")
    report = run_import(HOSTILE / "html-and-control-characters.xml")
    assert report["errors"] == []
    assert report["articles"]["created"] == report["articles"]["updated"] == 0


def test_slugs_of_the_site_routes_are_renamed_and_reported(site, ahead, client):
    """A category named "media" (the uploads route) becomes a reachable section
    under another slug; so do a "search" category and an "admin" page."""
    report = run_import(HOSTILE / "reserved-slugs.xml")
    assert report["errors"] == []
    assert len(report["notes"]) == 3
    assert any("media-2" in note for note in report["notes"])
    paths = set(Page.objects.filter(depth__gt=2).values_list("url_path", flat=True))
    home = site.url_path
    assert {home + "media-2/", home + "search-2/", home + "admin-2/"} <= paths
    assert home + "media-2/tv/tv-news/" in paths
    article = ArticlePage.objects.get(slug="media-news")
    assert client.get(article.url).status_code == 200
    assert client.get("/media-2/").status_code == 200
    # Old links still lead to the articles.
    response = client.get("/media/media-news/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
    # Again: nothing renamed twice, nothing new.
    again = run_import(HOSTILE / "reserved-slugs.xml")
    assert again["notes"] == []
    assert again["sections"]["created"] == 0
