"""Hostile XML is refused before anything reads it: every defusedxml test file.

Tests assert the refusal and its kind (``Refusal``), never a library's message.
"""

import pytest
from django.core.management import CommandError

from akhbar.importers.wordpress.parser import WXRReader
from akhbar.importers.xmlsafe import ImportRefused, Refusal, doctype_line, iterparse
from tests.importers.conftest import ATTACKS, run_import

needs_attacks = pytest.mark.skipif(
    not ATTACKS.is_dir(), reason="attack payloads not found at %s" % ATTACKS
)


def attack_files():
    if not ATTACKS.is_dir():
        return []
    return sorted(p.name for p in ATTACKS.iterdir() if p.name != "LICENSE")


# The payloads without a DOCTYPE (XSLT, XSD, plain XML) are sound XML, just
# not a WordPress export.
NOT_EXPORTS = {
    "schema-include.xsd",
    "simple-ns.xml",
    "simple.xml",
    "xalan_exec.xsl",
    "xalan_write.xsl",
}


def expected_kind(name: str) -> Refusal:
    return Refusal.NOT_EXPORT if name in NOT_EXPORTS else Refusal.DECLARATION


@needs_attacks
@pytest.mark.parametrize("name", attack_files())
def test_attack_file_is_refused_by_the_reader(name):
    reader = WXRReader(ATTACKS / name)
    with pytest.raises(ImportRefused) as raised:
        list(reader)
        reader.check_version()
    assert raised.value.line
    assert raised.value.kind == expected_kind(name)


@needs_attacks
@pytest.mark.parametrize("name", attack_files())
def test_attack_file_is_refused_by_the_command(home, name):
    """Entity bombs, external entities, DTDs and non-WXR XML: a CommandError
    naming the line, nothing written."""
    from wagtail.models import Page

    pages = Page.objects.count()
    with pytest.raises(CommandError, match=r"\(السطر \d+\)") as raised:
        run_import(ATTACKS / name)
    assert raised.value.__cause__.kind == expected_kind(name)
    assert Page.objects.count() == pages


@needs_attacks
@pytest.mark.parametrize(
    "name", [name for name in attack_files() if name not in NOT_EXPORTS]
)
def test_declarations_are_refused_as_such(name):
    """Every payload with a DOCTYPE is refused for it, before lxml parses
    anything (lxml 6 would refuse some for their amplification instead)."""
    with pytest.raises(ImportRefused) as raised:
        list(iterparse(str(ATTACKS / name)))
    assert raised.value.kind == Refusal.DECLARATION
    assert raised.value.line
    assert doctype_line(str(ATTACKS / name)) == raised.value.line


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
    assert raised.value.kind == Refusal.DECLARATION


def test_declaration_in_utf16_is_refused():
    data = '<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE rss>\n<rss/>'
    with pytest.raises(ImportRefused) as raised:
        list(iterparse(data.encode("utf-16")))
    assert raised.value.kind == Refusal.DECLARATION
    assert raised.value.line == 3


def test_cut_file_is_refused_as_truncated():
    data = b'<?xml version="1.0"?>\n<rss>\n<channel>\n<item><title>x</title>'
    with pytest.raises(ImportRefused) as raised:
        list(iterparse(data))
    assert raised.value.kind == Refusal.TRUNCATED
    assert raised.value.line


def test_undeclared_entity_is_refused():
    with pytest.raises(ImportRefused, match="السطر 2") as raised:
        list(iterparse(b"<rss>\n&lol;</rss>"))
    assert raised.value.kind == Refusal.MALFORMED
    assert raised.value.line == 2


def test_binary_garbage_is_refused():
    with pytest.raises(ImportRefused) as raised:
        list(iterparse(b"\x00\x01\x02PK\x03\x04"))
    assert raised.value.kind == Refusal.MALFORMED
