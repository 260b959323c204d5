"""Hostile HTML typed into an entry is cleaned as article bodies are."""

import os
from pathlib import Path

import pytest
from django.test import override_settings
from lxml import html as lxml_html

from akhbar.live.models import LiveEntry
from tests.comments.html_checks import ACTIVE_TAGS, URL_ATTRIBUTES
from tests.live.admin_client import post_entry
from tests.live.factories import make_entry
from tests.newsroom.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAYLOADS = Path(
    os.environ.get("AKHBAR_ATTACK_PAYLOADS", "/work/shared/data/attack-payloads")
)


def payloads() -> list[str]:
    """Every line of every XSS list."""
    lines = []
    for path in sorted((PAYLOADS / "xss").glob("*.txt")):
        text = path.read_text(errors="replace").splitlines()
        lines.extend(line for line in text if line.strip())
    return lines


def hostile_markup(root) -> list[str]:
    """What in a parsed page or fragment could run script or load something."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ACTIVE_TAGS:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name == "style":
                found.append("%s@%s" % (element.tag, name))
            if name in URL_ATTRIBUTES:
                scheme = value.strip().split(":", 1)[0].lower()
                if ":" in value and scheme not in ("http", "https", "mailto"):
                    found.append("%s@%s=%s" % (element.tag, name, value[:40]))
    return found


def entry_nodes(page_html: str):
    root = lxml_html.fromstring(page_html)
    return root.xpath('//*[@id="live-entries"]')[0]


def test_payloads_file_is_there():
    assert len(payloads()) > 100


def test_hostile_entry_text_title_and_correction_are_cleaned(client, story):
    texts = payloads()
    for number, payload in enumerate(texts):
        make_entry(
            story,
            "نص %d %s" % (number, payload),
            title=payload[:255],
            correction=payload,
        )
    for entry in LiveEntry.objects.filter(page=story):
        for block in entry.body:
            stored = lxml_html.fragment_fromstring(
                block.value.source, create_parent="div"
            )
            assert hostile_markup(stored) == []
    # Every entry on one page, so that the whole list is rendered and checked.
    with override_settings(AKHBAR_LIVE_ENTRIES_PER_PAGE=len(texts)):
        response = client.get(story.url)
    assert response.status_code == 200
    entries = entry_nodes(response.content.decode())
    assert len(entries.xpath(".//article[@data-entry-id]")) == len(texts)
    assert hostile_markup(entries) == []


def test_allowed_tags_survive_and_links_are_kept_safe(client, story, newsroom):
    from tests.newsroom.factories import make_user

    editor = make_user("editor")
    assert client.login(username=editor.username, password=PASSWORD)
    _response, entry = post_entry(
        client,
        story,
        text=(
            '<b>عاجل</b> <a href="https://example.org/x" onclick="steal()">المصدر</a> '
            '<a href="javascript:alert(1)">اضغط</a><img src=x onerror=alert(1)>'
            "\n\nفقرة ثانية<script>alert(2)</script>"
        ),
    )
    sources = [block.value.source for block in entry.body]
    assert sources[0].startswith("<p><b>عاجل</b>")
    assert '<a href="https://example.org/x">المصدر</a>' in sources[0]
    assert "javascript" not in sources[0] and "onerror" not in sources[0]
    assert sources[1] == "<p>فقرة ثانية</p>"
