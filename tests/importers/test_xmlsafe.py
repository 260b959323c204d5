"""Hostile XML is refused before anything reads it: every defusedxml test file."""

import pytest
from django.core.management import CommandError

from akhbar.importers.wordpress.parser import WXRReader
from akhbar.importers.xmlsafe import ImportRefused, doctype_line, iterparse
from tests.importers.conftest import ATTACKS, run_import

needs_attacks = pytest.mark.skipif(
    not ATTACKS.is_dir(), reason="attack payloads not found at %s" % ATTACKS
)


def attack_files():
    if not ATTACKS.is_dir():
        return []
    return sorted(p.name for p in ATTACKS.iterdir() if p.name != "LICENSE")


@needs_attacks
@pytest.mark.parametrize("name", attack_files())
def test_attack_file_is_refused_by_the_reader(name):
    reader = WXRReader(ATTACKS / name)
    with pytest.raises(ImportRefused) as raised:
        list(reader)
        reader.check_version()
    assert raised.value.line


@needs_attacks
@pytest.mark.parametrize("name", attack_files())
def test_attack_file_is_refused_by_the_command(home, name):
    """Entity bombs, external entities, DTDs and non-WXR XML: a CommandError
    naming the line, nothing written."""
    from wagtail.models import Page

    pages = Page.objects.count()
    with pytest.raises(CommandError, match=r"\(السطر \d+\)"):
        run_import(ATTACKS / name)
    assert Page.objects.count() == pages


@needs_attacks
@pytest.mark.parametrize(
    "name",
    ["xmlbomb.xml", "xmlbomb2.xml", "quadratic.xml", "cyclic.xml", "external.xml"],
)
def test_entity_declarations_are_refused_as_such(name):
    with pytest.raises(ImportRefused, match="DOCTYPE"):
        list(iterparse(str(ATTACKS / name)))


def test_doctype_inside_cdata_is_not_a_declaration():
    data = b'<?xml version="1.0"?>\n<!-- c -->\n<rss><x><![CDATA[<!DOCTYPE html>]]></x>'
    data += b"</rss>"
    assert doctype_line(data) is None
    assert [e.tag for _ev, e in iterparse(data, events=("end",))] == ["x", "rss"]


def test_doctype_line_is_counted():
    data = b'<?xml version="1.0"?>\n\n<!DOCTYPE rss [<!ENTITY a "b">]>\n<rss>&a;</rss>'
    assert doctype_line(data) == 3
    with pytest.raises(ImportRefused) as raised:
        list(iterparse(data))
    assert raised.value.line == 3


def test_undeclared_entity_is_refused():
    with pytest.raises(ImportRefused, match="السطر 2"):
        list(iterparse(b"<rss>\n&lol;</rss>"))


def test_binary_garbage_is_refused():
    with pytest.raises(ImportRefused):
        list(iterparse(b"\x00\x01\x02PK\x03\x04"))
