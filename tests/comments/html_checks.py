"""Checks that reader input gained no markup: parse the HTML, compare elements.

Each page is parsed twice, with the standard library's ``html.parser`` and with
lxml, and checked on elements and attributes, never on substrings of the HTML.
"""

import collections
import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import lxml.html

from akhbar.comments.rendering import LINK_REL

URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "longdesc",
    "lowsrc",
    "ping",
    "poster",
    "src",
    "srcdoc",
    "xlink:href",
}
# Elements that run code, load something or take input: a payload must never add
# one. (Text-only elements such as p, span or li grow with the number of comments.)
ACTIVE_TAGS = {
    "applet", "base", "button", "embed", "form", "frame", "frameset", "iframe",
    "img", "input", "isindex", "link", "marquee", "math", "meta", "noembed",
    "noscript", "object", "plaintext", "script", "select", "source", "style",
    "svg", "template", "textarea", "title", "video", "audio", "xml", "xmp",
}  # fmt: skip
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.scripts = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag.lower(), [(k.lower(), v or "") for k, v in attrs]))
        if tag.lower() == "script":
            self._in_script = [dict(attrs).get("src") or "", ""]
            self.scripts.append(self._in_script)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag.lower(), [(k.lower(), v or "") for k, v in attrs]))

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data

    def handle_endtag(self, tag):
        if tag.lower() == "script":
            self._in_script = None


def _stdlib_elements(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements, [tuple(s) for s in collector.scripts]


def _lxml_elements(html):
    root = lxml.html.document_fromstring(html)
    elements, scripts = [], []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # Comments and processing instructions.
        tag = element.tag.lower()
        elements.append((tag, [(k.lower(), v) for k, v in element.attrib.items()]))
        if tag == "script":
            scripts.append((element.get("src") or "", element.text or ""))
    return elements, scripts


PARSERS = {"html.parser": _stdlib_elements, "lxml": _lxml_elements}


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _scheme(value):
    # Browsers ignore control and invisible characters inside a scheme.
    match = _SCHEME.match(_INVISIBLE.sub("", value).lower())
    return match.group(1) if match else ""


def is_made_link(tag, attrs):
    """A link made by ``linkify``: http(s) href, the fixed rel, nothing else."""
    names = {name for name, _ in attrs}
    values = dict(attrs)
    if tag != "a" or names != {"href", "rel", "dir"} or values["rel"] != LINK_REL:
        return False
    parts = urlsplit(values["href"])
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def summary(html):
    """What a payload could add, per parser: handlers, bad URLs, active elements."""
    result = {}
    for name, parse in PARSERS.items():
        elements, scripts = parse(html)
        handlers = collections.Counter()
        bad_urls = collections.Counter()
        active = collections.Counter()
        structure = collections.Counter()
        for tag, attrs in elements:
            for attr, value in attrs:
                if attr.startswith("on"):
                    handlers[(tag, attr, value)] += 1
                if attr in URL_ATTRIBUTES and _scheme(value) not in (
                    "",
                    "http",
                    "https",
                    "mailto",
                ):
                    bad_urls[(tag, attr, value)] += 1
            if tag in ACTIVE_TAGS:
                active[tag] += 1
            if not is_made_link(tag, attrs):
                structure[(tag, frozenset(a for a, _ in attrs))] += 1
        result[name] = {
            "handlers": handlers,
            "bad_urls": bad_urls,
            "active": active,
            "script_sources": collections.Counter(src for src, _ in scripts),
            "script_texts": [text for _, text in scripts],
            "structure": structure,
        }
    return result


# Many pages are compared with one baseline page: it is parsed once. (The summaries
# are only read.)
_baseline_summary = functools.lru_cache(maxsize=8)(summary)


def assert_no_injection(html, baseline_html, payloads=(), *, same_structure=False):
    """``html`` has no handler, script, active element or URL scheme beyond
    ``baseline_html`` (the same page with harmless text), and no payload inside a
    script. With ``same_structure`` every element and attribute name must match
    the baseline too, apart from the http(s) links comments may make.
    """
    found, expected = summary(html), _baseline_summary(baseline_html)
    markers = [p for p in payloads if len(p.strip()) >= 6]
    for parser in PARSERS:
        got, want = found[parser], expected[parser]
        for key in ("handlers", "bad_urls", "active", "script_sources"):
            assert got[key] == want[key], (parser, key, got[key] - want[key])
        for text in got["script_texts"]:
            for marker in markers:
                assert marker not in text, (parser, "payload inside a script", marker)
        if same_structure:
            extra = got["structure"] - want["structure"]
            missing = want["structure"] - got["structure"]
            assert not extra and not missing, (parser, extra, missing)
