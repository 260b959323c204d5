"""Read a page's head the way a crawler does, and Google's NewsArticle checks."""

import datetime
import json
import re
from urllib.parse import urlsplit

import lxml.html

URL = re.compile(r"""https?://[^\s"'<>)\\]+""")


def parse(html: str):
    return lxml.html.fromstring(html)


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD block of the page, decoded (a block that is not JSON fails)."""
    tree = parse(html)
    return [
        json.loads(script.text)
        for script in tree.xpath('//script[@type="application/ld+json"]')
    ]


def of_type(blocks: list[dict], kind: str) -> list[dict]:
    return [block for block in blocks if block.get("@type") == kind]


def meta_tags(html: str) -> dict[str, list[str]]:
    """``<meta property|name>`` values by key, in page order."""
    found: dict[str, list[str]] = {}
    for meta in parse(html).xpath("//head/meta[@property or @name]"):
        key = meta.get("property") or meta.get("name")
        found.setdefault(key, []).append(meta.get("content"))
    return found


def canonical(html: str) -> str:
    links = parse(html).xpath('//head/link[@rel="canonical"]/@href')
    return links[0] if links else ""


def absolute_urls(html: str) -> list[str]:
    return URL.findall(html)


def has_offset(value: str) -> bool:
    return datetime.datetime.fromisoformat(value).tzinfo is not None


def news_article_problems(data: dict, *, base: str) -> list[str]:
    """What Google's Article documentation asks of a NewsArticle and is missing
    or wrong (its recommended properties, all of which an article can give)."""
    problems = []
    for name in (
        "headline",
        "description",
        "image",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "mainEntityOfPage",
        "articleSection",
        "keywords",
    ):
        if not data.get(name):
            problems.append("no %s" % name)
    if data.get("inLanguage") != "ar":
        problems.append("inLanguage %r" % data.get("inLanguage"))
    for name in ("datePublished", "dateModified"):
        if data.get(name) and not has_offset(data[name]):
            problems.append("%s without a time zone" % name)
    images = data.get("image") or []
    ratios = {round(i["width"] / i["height"], 2) for i in images}
    if len(images) < 3 or not {1.78, 1.33, 1.0} <= ratios:
        problems.append("images %s: not 16:9, 4:3 and 1:1" % sorted(ratios))
    if not any(i["width"] >= 1200 for i in images):
        problems.append("no image 1200 px wide")
    authors = data.get("author") or []
    if not all(a.get("@type") == "Person" and a.get("name") for a in authors):
        problems.append("author not Persons with names")
    if not all(a.get("url", "").startswith(base + "/") for a in authors):
        problems.append("author without a url on the site")
    publisher = data.get("publisher") or {}
    if publisher.get("@type") != "NewsMediaOrganization" or not publisher.get("name"):
        problems.append("publisher is not a named NewsMediaOrganization")
    if not (publisher.get("logo") or {}).get("url", "").startswith(base + "/"):
        problems.append("publisher logo not on the site")
    urls = [data.get("url", ""), (data.get("mainEntityOfPage") or {}).get("@id", "")]
    urls += [i["url"] for i in images]
    problems += ["%s not on %s" % (u, base) for u in urls if not u.startswith(base)]
    return problems


def host_of(url: str) -> str:
    return urlsplit(url).netloc
