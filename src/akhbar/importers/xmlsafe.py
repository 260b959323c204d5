"""Parse untrusted XML without letting it reach the network, the disk or the RAM.

Exports and feeds come from outside, and neither a WordPress export nor a feed
ever needs a DOCTYPE, while every entity trick (billion laughs, quadratic
blow-up, external entities) starts with one. So the prolog of each file is
read first by defusedxml's expat parser with DTDs, entities and external
references forbidden, and any declaration refuses the file; then lxml parses
it as a stream, with entities unresolved, DTDs unloaded, the network off and
its limits on huge text nodes kept.
"""

import enum
import io
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from django.utils.translation import gettext as _
from lxml import etree

# Read at a time by the declaration check, which stops at the root element.
_CHUNK = 64 * 1024


class Refusal(enum.StrEnum):
    """Why an input was refused, for code and tests (the message is for people)."""

    # A DOCTYPE, ENTITY or other DTD declaration: refused for safety.
    DECLARATION = "declaration"
    # Not well-formed XML (or not XML at all).
    MALFORMED = "malformed"
    # Well-formed as far as it goes, but cut short.
    TRUNCATED = "truncated"
    # Well-formed, but not the kind of document asked for (not WXR, not a feed).
    NOT_EXPORT = "not-export"
    # Over the size the importer accepts.
    TOO_LARGE = "too-large"
    # The input could not be fetched.
    UNREACHABLE = "unreachable"
    # Readable, but without what the import needs (a headline, a home page).
    INCOMPLETE = "incomplete"


class ImportRefused(Exception):
    """The input is refused as a whole; nothing was written.

    ``kind`` (a ``Refusal``) says why; ``line`` is the line of the input where
    the problem was found, when known.
    """

    def __init__(self, message: str, *, kind: Refusal, line: int | None = None):
        self.reason = message
        self.kind = Refusal(kind)
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
        return (_import_refused, (self.reason, self.kind, self.line))


def _import_refused(reason: str, kind: str, line: int | None) -> ImportRefused:
    return ImportRefused(reason, kind=kind, line=line)


class _RootReached(Exception):
    """The prolog is over: no declaration before the root element."""


class _StopAtRoot(ContentHandler):
    def startElement(self, name, attrs):
        raise _RootReached


def _chunks(source):
    if isinstance(source, bytes | bytearray):
        for start in range(0, len(source), _CHUNK):
            yield bytes(source[start : start + _CHUNK])
        return
    with open(source, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def doctype_line(source) -> int | None:
    """Line of a DOCTYPE (or entity) declaration before the root element, if any.

    ``source`` is a path or bytes. defusedxml's expat parser reads the prolog
    only (it stops at the root element), so markup quoted inside the document
    (a CDATA section holding a web page) is not taken for a declaration. Input
    that expat cannot read at all is left to the parse proper, which names the
    problem.
    """
    parser = DefusedExpatParser(
        forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    parser.setContentHandler(_StopAtRoot())
    try:
        for chunk in _chunks(source):
            parser.feed(chunk)
    except DefusedXmlException:
        return parser.getLineNumber() or 1
    except (_RootReached, SAXException):
        return None
    return None


def _declaration_message() -> str:
    return _(
        "الملف يحوي تصريح DOCTYPE أو ENTITY، وهذا غير مقبول "
        "في ملفات الاستيراد لأسباب أمنية."
    )


def refuse_declarations(source, *, message: str | None = None) -> None:
    """Raise ``ImportRefused`` (``Refusal.DECLARATION``) if ``source`` declares a
    DOCTYPE or entities."""
    line = doctype_line(source)
    if line:
        raise ImportRefused(
            message or _declaration_message(),
            kind=Refusal.DECLARATION,
            line=line,
        )


def _locate(source, error):
    """The error of a second, non-streaming parse (which names its line).

    Only reached for a document without DOCTYPE, so it has no entity of its
    own to expand; the network and DTDs stay off.
    """
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

    Raises ``ImportRefused`` for a DOCTYPE or entity declaration
    (``Refusal.DECLARATION``) and for XML that is not well-formed
    (``MALFORMED``, or ``TRUNCATED`` for a file cut short), naming the line.
    """
    refuse_declarations(source)
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
                    # A declaration expat could not see (an encoding it cannot
                    # read): refused all the same.
                    raise ImportRefused(
                        _declaration_message(),
                        kind=Refusal.DECLARATION,
                        line=element.sourceline,
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
            kind = Refusal.TRUNCATED
        else:
            reason = _("الملف ليس XML سليماً (%(detail)s).")
            kind = Refusal.MALFORMED
        raise ImportRefused(
            reason % {"detail": message}, kind=kind, line=line
        ) from error
