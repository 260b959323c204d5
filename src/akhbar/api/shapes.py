"""Pages and images as the API shows them: plain dicts of JSON values.

Each function takes what the selectors fetched and the ``Links`` of the answer
(the site's address, looked up once per answer); URLs are absolute.
"""

import datetime
from urllib.parse import quote

import nh3
from wagtail.rich_text import expand_db_html

from akhbar.core.urls import base_url
from akhbar.news.selectors import STEPLEN, site_home

from . import selectors

# The image sizes the reader pages already make (theme templates): asking for
# the same ones costs no new image files.
RENDITIONS = (
    "width-480|format-webp",
    "width-800|format-webp",
    "width-1200|format-webp",
)

# What the body's templates produce; anything else in a stored body (an
# imported oddity) is dropped from ``body_html``.
_HTML_TAGS = {
    "a", "aside", "b", "blockquote", "br", "cite", "em", "figcaption", "figure",
    "footer", "h2", "h3", "h4", "i", "img", "li", "ol", "p", "span", "strong", "ul",
}  # fmt: skip
_HTML_ATTRIBUTES = {
    "*": {"class", "dir", "lang"},
    "a": {"href", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "aside": {"aria-label"},
}
_URL_ATTRIBUTES = {"href", "src"}


class Links:
    """Absolute URLs of one answer: the site's address is read once."""

    def __init__(self, request=None):
        self.request = request
        self.base = base_url()

    def absolute(self, url: str | None) -> str:
        if not url:
            return ""
        if url.startswith(("http://", "https://")):
            return url
        return self.base + url

    def page(self, page) -> str:
        return self.absolute(page.get_url(self.request))

    def srcset(self, value: str) -> str:
        return ", ".join(
            " ".join([self.absolute(url), *size])
            for url, *size in (part.split() for part in value.split(",") if part)
        )


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def sanitised_html(markup: str, links: Links) -> str:
    """``markup`` with only the body's own tags and attributes, links absolute."""

    def attribute(tag, name, value):
        if name in _URL_ATTRIBUTES and value.startswith("/"):
            return links.absolute(value)
        if name == "srcset":
            return links.srcset(value)
        return value

    return nh3.clean(
        markup,
        tags=_HTML_TAGS,
        attributes=_HTML_ATTRIBUTES,
        attribute_filter=attribute,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style"},
    )


def image(img, links: Links, *, caption: str = "", credit: str = "") -> dict | None:
    if img is None:
        return None
    renditions = img.get_renditions(*RENDITIONS)
    return {
        "id": img.pk,
        "title": img.title,
        "alt": getattr(img, "description", "") or caption,
        "caption": caption,
        "credit": credit,
        "width": img.width,
        "height": img.height,
        "renditions": [
            {
                "spec": spec,
                "url": links.absolute(r.url),
                "width": r.width,
                "height": r.height,
            }
            for spec, r in renditions.items()
        ],
    }


def section_ref(section, links: Links) -> dict | None:
    if section is None:
        return None
    return {"id": section.pk, "title": section.title, "url": links.page(section)}


def tag_url(slug: str, links: Links) -> str:
    home = site_home(links.request)
    if home is None:
        return ""
    return links.absolute(home.get_url(links.request) + "tags/%s/" % quote(slug))


def article_summary(article, links: Links) -> dict:
    """An article as a listing shows it."""
    return {
        "id": article.pk,
        "title": article.title,
        "standfirst": article.standfirst,
        "url": links.page(article),
        "section": section_ref(getattr(article, "section", None), links),
        "authors": [
            {"id": b.author.pk, "name": b.author.title, "url": links.page(b.author)}
            for b in article.live_bylines
        ],
        "tags": [
            {
                "name": item.tag.name,
                "slug": item.tag.slug,
                "url": tag_url(item.tag.slug, links),
            }
            for item in article.tag_items
        ],
        "image": image(
            article.featured_image,
            links,
            caption=article.featured_image_caption,
            credit=article.featured_image_credit,
        ),
        "published_at": _time(article.first_published_at),
        "updated_at": _time(article.updated_at),
        "last_published_at": _time(article.last_published_at),
        "is_breaking": article.is_breaking,
        "breaking_until": _time(article.breaking_until),
    }


def article_detail(article, links: Links) -> dict:
    """An article with its body, as blocks and as the page's HTML, its central
    entities and its related stories."""
    central, related = selectors.article_extras(article)
    return {
        **article_summary(article, links),
        "entities": [entity_ref(e, links) for e in central],
        "related": [
            {"id": a.pk, "title": a.title, "url": links.page(a)} for a in related
        ],
        "body": body_blocks(article.body, links),
        "body_html": sanitised_html(str(article.body), links),
        "reading_minutes": article.reading_minutes,
        "comments_open": article.comments_open,
    }


def body_blocks(body, links: Links) -> list[dict]:
    """Each block of a body as ``{"type", "id", "value"}`` (see ``schemas.Block``)."""
    read_also_ids = {
        page.pk
        for block in body
        if block.block_type == "read_also"
        for page in block.value["articles"]
        if page is not None
    }
    live = selectors.live_articles_among(read_also_ids) if read_also_ids else {}
    return [
        {
            "type": block.block_type,
            "id": block.id,
            "value": _block_value(block, links, live),
        }
        for block in body
    ]


def _block_value(block, links: Links, live: dict):
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return {"html": sanitised_html(expand_db_html(value.source), links)}
    if kind == "subheading":
        return {"text": str(value)}
    if kind == "image":
        return {
            "image": image(value["image"], links),
            "caption": value["caption"] or "",
            "credit": value["credit"] or "",
        }
    if kind == "quote":
        return {"text": value["text"], "attribution": value["attribution"] or ""}
    if kind == "embed":
        return {"url": value["url"], "title": value["title"] or ""}
    if kind == "fact_box":
        return {"title": value["title"], "facts": list(value["facts"])}
    if kind == "read_also":
        return {
            "title": value["title"],
            "articles": [
                {"id": page.pk, "title": page.title, "url": links.page(live[page.pk])}
                for page in value["articles"]
                if page is not None and page.pk in live
            ],
        }
    # A block type added later: Wagtail's own JSON form of it.
    return block.block.get_api_representation(value)


def section(page, links: Links, ids_by_path: dict[str, int]) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "description": page.description,
        "url": links.page(page),
        "parent_id": ids_by_path.get(page.path[:-STEPLEN]),
    }


def tag(item, links: Links) -> dict:
    return {
        "id": item.pk,
        "name": item.name,
        "slug": item.slug,
        "url": tag_url(item.slug, links),
    }


def author(page, links: Links) -> dict:
    return {
        "id": page.pk,
        "name": page.title,
        "job_title": page.job_title,
        "bio": page.bio,
        "url": links.page(page),
        "photo": image(page.photo, links),
    }


def entity_ref(entity, links: Links) -> dict:
    return {
        "type": entity.type,
        "name": entity.name,
        "slug": entity.slug,
        "url": links.absolute(quote(entity.url)),
    }


def entity(item, links: Links) -> dict:
    return {**entity_ref(item, links), "aliases": list(item.aliases)}


def entity_detail(item, articles, links: Links) -> dict:
    return {
        **entity(item, links),
        "articles": [article_summary(a, links) for a in articles],
    }


def most_read_item(article, links: Links) -> dict:
    return {**article_summary(article, links), "views": article.views}
