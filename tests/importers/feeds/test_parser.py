"""RSS and Atom read into entries; hostile feeds refused."""

import pytest

from akhbar.importers.feeds.parser import read
from akhbar.importers.xmlsafe import ImportRefused, Refusal
from tests.importers.conftest import FILES

FEEDS = FILES / "feeds"


def test_rss():
    feed = read(str(FEEDS / "wire.rss"))
    assert feed.title == "وكالة الأنباء"
    first, second = feed.entries
    assert (first.key, first.title, first.author) == (
        "wire-1001",
        "افتتاح معرض الكتاب الدولي بمشاركة واسعة",
        "سلمى الحداد",
    )
    assert first.tags == ["ثقافة", "كتب"]
    assert first.published.isoformat() == "2025-02-03T09:30:00+00:00"
    assert "<script" not in first.content_html  # feedparser sanitises too
    assert second.content_html == ""


def test_atom():
    (entry,) = read(str(FEEDS / "wire.atom")).entries
    assert entry.key == "urn:partner:2001"
    assert entry.link == "https://partner.example/2025/02/agreement"


def test_doctype_is_refused():
    with pytest.raises(ImportRefused, match="DOCTYPE") as raised:
        read(str(FEEDS / "doctype.rss"))
    assert raised.value.kind == Refusal.DECLARATION


def test_not_a_feed_is_refused():
    with pytest.raises(ImportRefused, match="ليست خلاصة") as raised:
        read(str(FEEDS / "not-a-feed.txt"))
    assert raised.value.kind == Refusal.NOT_EXPORT
