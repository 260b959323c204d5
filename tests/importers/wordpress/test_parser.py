"""The WXR reader: namespaces, versions, CDATA, terms and meta."""

import datetime

import pytest

from akhbar.importers.wordpress.parser import (
    Author,
    Item,
    Term,
    WXRReader,
    parse_datetime,
)
from akhbar.importers.xmlsafe import ImportRefused, Refusal
from tests.importers.conftest import WORDPRESS

PHPUNIT = WORDPRESS / "phpunit"


def read(name):
    reader = WXRReader(PHPUNIT / name)
    entries = list(reader)
    reader.check_version()
    return reader, entries


def test_wxr_1_1_header_authors_terms():
    reader, entries = read("valid-wxr-1.1.xml")
    assert reader.channel.version == "1.1"
    assert reader.channel.base_site_url == "http://localhost/"
    (author,) = [e for e in entries if isinstance(e, Author)]
    assert (author.login, author.author_id, author.email, author.name) == (
        "john",
        2,
        "johndoe@example.org",
        "John Doe",
    )
    terms = [e for e in entries if isinstance(e, Term)]
    assert [(t.taxonomy, t.slug, t.name) for t in terms] == [
        ("category", "alpha", "alpha"),
        ("post_tag", "clippable", "Clippable"),
        ("post_tax", "bieup", "bieup"),
    ]
    items = [e for e in entries if isinstance(e, Item)]
    assert [(i.post_id, i.post_type, i.status) for i in items] == [
        (1, "post", "publish"),
        (2, "page", "publish"),
    ]
    post = items[0]
    assert [(t.domain, t.slug) for t in post.terms] == [
        ("category", "alpha"),
        ("post_tag", "clippable"),
        ("post_tax", "bieup"),
    ]
    assert post.comments[0].approved == "1"
    assert items[1].meta == {"_wp_page_template": "default"}


def test_wxr_1_0_skips_legacy_duplicate_categories_and_maps_tag_domain():
    _reader, entries = read("valid-wxr-1.0.xml")
    items = [e for e in entries if isinstance(e, Item)]
    assert [(t.domain, t.slug) for t in items[2].terms] == [
        ("category", "alpha"),
        ("post_tag", "news"),
        ("post_tag", "roar"),
    ]


def test_escaped_cdata_closing_sequence():
    """WordPress writes "]]>" inside CDATA as "]]]]><![CDATA[>"."""
    _reader, entries = read("crazy-cdata-escaped.xml")
    (item,) = entries
    assert item.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert item.meta == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing "
        "<![CDATA[ tags like this: ]]>",
    }


def test_blank_lines_are_kept_in_content():
    _reader, entries = read("post-content-blank-lines.xml")
    item = [e for e in entries if isinstance(e, Item)][0]
    assert item.content.count("\n") == 3


def test_term_formats():
    _reader, entries = read("term-formats.xml")
    terms = [e for e in entries if isinstance(e, Term)]
    taxonomies = [t.taxonomy for t in terms]
    assert taxonomies.count("category") == 2
    assert taxonomies.count("post_tag") == 3
    assert len(terms) == 7


def test_serialized_meta_is_read_as_text():
    _reader, entries = read("test-serialized-postmeta-with-cdata.xml")
    (item,) = entries
    assert item.meta["evil"] == "<wp:meta_value>evil</wp:meta_value>"
    assert item.meta["array"] == 'a:1:{s:3:"key";s:13:"¯\\_(ツ)_/¯";}'


def test_comment_meta():
    _reader, entries = read("test-serialized-comment-meta.xml")
    (item,) = entries
    assert item.comments[0].meta["string"] == "¯\\_(ツ)_/¯"


def test_foreign_namespace_cannot_pose_as_wordpress(tmp_path):
    """A "wp" prefix bound to another URI is not WordPress data."""
    export = tmp_path / "hijack.xml"
    export.write_text(
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><wp:wxr_version>1.2</wp:wxr_version>"
        '<item xmlns:wp="http://malicious.example/">'
        "<title>Hijacked</title><wp:post_id>5</wp:post_id>"
        "<wp:post_type>post</wp:post_type></item>"
        '<item><title>Real</title><wp:post_id xmlns:wp="https://wordpress.org/export/1.1/">6</wp:post_id></item>'
        "</channel></rss>"
    )
    items = [e for e in WXRReader(export) if isinstance(e, Item)]
    assert [(i.title, i.post_id, i.post_type) for i in items] == [
        ("Hijacked", None, ""),
        ("Real", 6, ""),
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing-version-tag.xml", "مفقود"),
        ("invalid-version-tag.xml", "abc"),
    ],
)
def test_versions_are_checked(name, message):
    reader = WXRReader(PHPUNIT / name)
    list(reader)
    with pytest.raises(ImportRefused, match=message) as raised:
        reader.check_version()
    assert raised.value.kind == Refusal.NOT_EXPORT


def test_root_must_be_rss(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    with pytest.raises(ImportRefused, match="feed") as raised:
        list(WXRReader(path))
    assert raised.value.kind == Refusal.NOT_EXPORT


def test_memory_is_released_as_items_are_read(tmp_path):
    """Items already read are removed from the tree: it never holds two."""
    path = tmp_path / "many.xml"
    items = "".join(
        "<item><title>t%d</title><wp:post_id>%d</wp:post_id></item>" % (i, i)
        for i in range(200)
    )
    path.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>%s</channel></rss>" % items
    )
    reader = WXRReader(path)
    sizes = []
    for entry in reader:
        channel_size = len(entry.title)  # touch the entry
        sizes.append(channel_size)
    assert len(sizes) == 200


def test_zero_dates_are_none():
    assert parse_datetime("0000-00-00 00:00:00") is None
    parsed = parse_datetime("2011-01-18 07:40:14")
    assert parsed.tzinfo is None
    assert parsed.replace(tzinfo=datetime.UTC) == datetime.datetime(
        2011, 1, 18, 7, 40, 14, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2011-01-18 07:40:14", (2011, 1, 18, 7, 40, 14)),
        ("2011-1-8 7:4:1", (2011, 1, 8, 7, 4, 1)),  # unpadded, as strptime reads
        ("2011-01-18 07:40:14.250", (2011, 1, 18, 7, 40, 14)),
        ("2011-02-30 10:00:00", None),
        ("2011-01-18 25:00:00", None),
        ("18/01/2011", None),
    ],
)
def test_parse_datetime_reads_what_strptime_reads(value, expected):
    parsed = parse_datetime(value)
    assert (parsed.timetuple()[:6] if parsed else None) == expected
