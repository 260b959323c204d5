"""The reader's page: newest first, pinned on top, key events, keyset pages that
stay fast with thousands of entries, JSON-LD, and the home page's link."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from akhbar.live import services
from tests.live.factories import bulk_entries, make_entry
from tests.newsroom.factories import make_user

pytestmark = pytest.mark.django_db

MANY = 3000
PER_PAGE = 20


def entry_ids(page_html: str, list_id="live-entries") -> list[int]:
    root = lxml_html.fromstring(page_html)
    return [
        int(node.get("data-entry-id"))
        for node in root.xpath('//*[@id="%s"]/article' % list_id)
    ]


def older_link(page_html: str) -> str | None:
    links = lxml_html.fromstring(page_html).xpath('//a[@rel="next"]/@href')
    return links[0] if links else None


def json_ld(page_html: str) -> dict:
    root = lxml_html.fromstring(page_html)
    scripts = root.xpath('//script[@type="application/ld+json"]/text()')
    found = [json.loads(text) for text in scripts]
    return next(data for data in found if data.get("@type") == "LiveBlogPosting")


def test_three_thousand_entries_paged_newest_first_in_few_queries(client, story):
    rows = bulk_entries(story, MANY)
    newest_first = [row.pk for row in reversed(rows)]
    url, seen, queries = story.url, [], []
    pages_read = 3
    for _page in range(pages_read):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        queries.append(len(captured))
        html = response.content.decode()
        seen.extend(entry_ids(html))
        url = story.url + older_link(html)
    assert seen == newest_first[: PER_PAGE * pages_read]
    # The last page: reached by its key, as cheap as the first.
    last = newest_first[-5]
    with CaptureQueriesContext(connection) as captured:
        response = client.get("%s?from=%s" % (story.url, last))
    assert entry_ids(response.content.decode()) == newest_first[-5:]
    assert older_link(response.content.decode()) is None
    assert len(captured) <= max(queries) + 1


def test_pinned_first_and_key_events_link_to_their_entry(client, story, section):
    key = make_entry(story, "الحدث الأبرز", title="إعلان النتائج", is_key_event=True)
    bulk_entries(story, 60)
    pinned = make_entry(story, "تعليمات للناخبين", is_pinned=True)
    html = client.get(story.url).content.decode()
    assert entry_ids(html, "live-pinned") == [pinned.pk]
    root = lxml_html.fromstring(html)
    links = root.xpath('//nav[@class="live-key-events"]//a/@href')
    assert links == ["?from=%s#entry-%s" % (key.pk, key.pk)]
    assert (
        "إعلان النتائج"
        in root.xpath('//nav[@class="live-key-events"]')[0].text_content()
    )
    landed = client.get(story.url + links[0].split("#")[0]).content.decode()
    assert entry_ids(landed)[0] == key.pk


def test_json_ld_is_a_live_blog_posting(client, story):
    first = make_entry(story, "بدأ فرز الأصوات", title="الفرز")
    make_entry(story, "<script>alert(1)</script> نص")
    html = client.get(story.url).content.decode()
    data = json_ld(html)
    assert data["headline"] == story.title
    assert data["coverageStartTime"]
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert len(updates) == 2
    assert updates[1]["headline"] == "الفرز"
    assert updates[1]["articleBody"] == "بدأ فرز الأصوات"
    assert updates[1]["url"].endswith("#entry-%s" % first.pk)
    assert (
        "</script" not in html.split('application/ld+json">')[1].split("</script>")[0]
    )


def test_a_closed_story_is_an_archived_story_with_its_entries(client, story):
    make_entry(story, "تحديث أخير")
    services.coverage_close(page=story, by=make_user("admin"))
    html = client.get(story.url).content.decode()
    assert "انتهت التغطية" in html
    assert "تحديث أخير" in html
    data = json_ld(html)
    assert data["coverageEndTime"] >= data["coverageStartTime"]


def test_the_home_page_links_to_open_stories(client, story):
    home_html = client.get("/").content.decode()
    root = lxml_html.fromstring(home_html)
    assert root.xpath('//section[@class="live-now"]//a/@href') == [story.url]
    services.coverage_close(page=story, by=make_user("admin"))
    assert "live-now" not in client.get("/").content.decode()


def test_the_page_works_without_javascript(client, story):
    make_entry(story, "يُقرأ دون جافاسكربت")
    html = client.get(story.url).content.decode()
    root = lxml_html.fromstring(html)
    assert (
        "يُقرأ دون جافاسكربت" in root.xpath('//*[@id="live-entries"]')[0].text_content()
    )
    inline = [
        s
        for s in root.xpath("//script[not(@src)]")
        if s.get("type") != "application/ld+json"
    ]
    assert inline == []
