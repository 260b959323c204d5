"""Wire copies met at import: the report names them, and the editor opening
an imported copy is warned. Imports commit for real (transactional): the
related profiles are written when an import's transaction commits."""

import io
import json
from html import escape

import pytest
from django.core.management import call_command
from django.urls import reverse

from akhbar.news.models import ArticlePage
from tests.news.factories import make_article, make_section
from tests.related.conftest import paragraphs
from tests.related.texts import ECONOMY, STORY, edited

ORIGINAL = "حملة تلقيح ضد النزلة"
COPY = "عاجل: الصحة تدعو إلى التلقيح"


def wxr_item(post_id, title, text, date):
    return """<item>
  <title><![CDATA[%(title)s]]></title>
  <dc:creator><![CDATA[admin]]></dc:creator>
  <content:encoded><![CDATA[<p>%(text)s</p>]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>%(id)d</wp:post_id>
  <wp:post_date_gmt><![CDATA[%(date)s]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[post-%(id)d]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <category domain="category" nicename="health"><![CDATA[صحة]]></category>
</item>""" % {"title": title, "text": text, "id": post_id, "date": date}


def wxr(*items):
    return """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>وكالة</title><link>https://wire.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://wire.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login>
<wp:author_display_name><![CDATA[admin]]></wp:author_display_name></wp:author>
%s
</channel></rss>""" % "\n".join(items)


def command_output(*args):
    out = io.StringIO()
    call_command(*[str(a) for a in args], stdout=out, verbosity=0)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_wordpress_import_reports_the_wire_copies_it_brings(tmp_path, home):
    path = tmp_path / "export.xml"
    path.write_text(
        wxr(
            wxr_item(11, ORIGINAL, STORY, "2025-02-03 09:00:00"),
            wxr_item(12, COPY, edited(STORY), "2025-02-03 11:00:00"),
            wxr_item(13, ECONOMY[0][0], ECONOMY[0][1], "2025-02-03 12:00:00"),
        ),
        encoding="utf-8",
    )
    output = command_output("import-wordpress", path, "--json")
    report = json.loads(output.strip().splitlines()[-1])
    original = ArticlePage.objects.get(title=ORIGINAL)
    copy = ArticlePage.objects.get(title=COPY)
    assert [(d["article"], d["duplicate_of"]) for d in report["duplicates"]] == [
        (copy.pk, original.pk)
    ]
    assert report["duplicates"][0]["similarity"] >= 0.5
    table = command_output("import-wordpress", path)
    assert "نسخ مكررة محتملة: 1" in table
    assert "«%s» (%d) نسخة من «%s» (%d)" % (COPY, copy.pk, ORIGINAL, original.pk) in (
        table
    )


@pytest.mark.django_db
def test_a_feed_copy_of_a_live_story_is_reported_and_the_editor_warned(
    tmp_path, home, publish_commits, admin_client
):
    section = publish_commits(make_section, home, "صحة")
    original = publish_commits(
        make_article, section, "<حملة> تلقيح", body=paragraphs(STORY)
    )
    feed = tmp_path / "wire.rss"
    feed.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>وكالة</title><link>https://wire.example/</link><description>-</description>
<item><title>%s</title><guid isPermaLink="false">w-1</guid>
<content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>
<item><title>%s</title><guid isPermaLink="false">w-2</guid>
<content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>
</channel></rss>"""
        % (COPY, edited(STORY), ECONOMY[1][0], ECONOMY[1][1]),
        encoding="utf-8",
    )
    output = command_output("import-feed", feed)
    copy = ArticlePage.objects.get(title=COPY)
    assert "نسخ مكررة محتملة: 1" in output
    assert "«%s» (%d) نسخة من «<حملة> تلقيح» (%d)" % (COPY, copy.pk, original.pk) in (
        output
    )
    assert ECONOMY[1][0] not in output
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk]))
    html = edit.content.decode()
    assert "نسخة مكررة محتملة من «%s»" % escape("<حملة> تلقيح") in html
    assert reverse("wagtailadmin_pages:edit", args=[original.pk]) in html
