"""Parse untrusted XML without letting it reach the network, the disk or the RAM.

Exports and feeds come from outside. lxml is told not to resolve entities, not to
load DTDs, not to use the network and to keep its limits on huge text nodes; on
top of that any DOCTYPE is refused outright, since a WordPress export or a feed
never needs one and every entity trick (billion laughs, quadratic blow-up,
external entities) starts with one.
"""

import io
import re

from django.utils.translation import gettext as _
from lxml import etree

# What may precede the root element besides a DOCTYPE.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_PROLOG_BYTES = 1024 * 1024


class ImportRefused(Exception):
    """The input is refused as a whole; nothing was written.

    ``line`` is the line of the input where the problem was found, when known.
    """

    def __init__(self, message: str, *, line: int | None = None):
        self.reason = message
        self.line = line
        if line:
            message = _("%(reason)s (السطر %(line)d)") % {
                "reason": message,
                "line": line,
            }
        super().__init__(message)

    def __reduce__(self):
        # Keyword arguments are not pickled with an exception's args: this one
        # may be raised in a reading process (readahead) and again here.
        return (_import_refused, (self.reason, self.line))


def _import_refused(reason: str, line: int | None) -> ImportRefused:
    return ImportRefused(reason, line=line)


def doctype_line(source) -> int | None:
    """Line of a DOCTYPE (or ENTITY) declaration before the root element, if any.

    ``source`` is a path or bytes. Only the prolog is looked at, so markup
    quoted inside the document (a CDATA section holding a web page) is not
    taken for a declaration.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source[:_PROLOG_BYTES])
    else:
        with open(source, "rb") as handle:
            data = handle.read(_PROLOG_BYTES)
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            data = data[2:].decode(codec, errors="ignore").encode()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    position = 0
    while match := _PROLOG_ITEM.match(data, position):
        if match.end() == position:
            break
        position = match.end()
    if _DECLARATION.match(data, position):
        return data.count(b"\n", 0, position) + 1
    return None


def _locate(source, error):
    """The error of a second, non-streaming parse (which names its line).

    Only reached for a document without DOCTYPE, so it has no entity of its
    own to expand; the network and DTDs stay off.
    """
    if doctype_line(source):
        return error
    parser = etree.XMLParser(no_network=True, load_dtd=False, huge_tree=False)
    try:
        if isinstance(source, bytes | bytearray):
            etree.fromstring(bytes(source), parser)
        else:
            etree.parse(str(source), parser)
    except etree.XMLSyntaxError as located:
        return located
    return error


def iterparse(source, *, events=("start", "end")):
    """Yield ``(event, element)`` from ``source`` (a path or bytes), safely.

    Raises ``ImportRefused`` for a DOCTYPE or entity declaration and for XML that
    is not well-formed (including a file cut short), naming the line.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    parser = etree.iterparse(
        stream,
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    checked = False
    try:
        for event, element in parser:
            if not checked:
                checked = True
                docinfo = element.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise ImportRefused(
                        _(
                            "الملف يحوي تصريح DOCTYPE أو ENTITY، وهذا غير مقبول "
                            "في ملفات الاستيراد لأسباب أمنية."
                        ),
                        line=doctype_line(source) or element.sourceline,
                    )
            yield event, element
    except etree.XMLSyntaxError as error:
        if not error.lineno:
            # With entities left unresolved libxml2 reports an undefined one as
            # "no element found" at line 0; ask again for the real place.
            error = _locate(source, error)
        line = error.lineno or None
        message = (error.msg or str(error)).split(", line ")[0]
        if "Premature end" in message or "EndTag" in message:
            reason = _("الملف مقطوع: انتهى قبل إغلاق وسومه (%(detail)s).")
        else:
            reason = _("الملف ليس XML سليماً (%(detail)s).")
        raise ImportRefused(reason % {"detail": message}, line=line) from error
