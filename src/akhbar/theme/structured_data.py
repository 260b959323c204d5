"""What a page tells search engines and social apps: schema.org JSON-LD, Open
Graph and Twitter cards, the meta description and the canonical link.

Everything is built from the content (an editor fills nothing in) and every URL
is absolute on the site's one address (``akhbar.core.urls``). ``page_metadata``
returns plain data; the template tag of the same name renders it, escaping each
value, and the JSON-LD through ``json_ld`` so that no text typed by anyone can
end the ``<script>`` element.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from akhbar.core.urls import absolute_url, base_url, page_absolute_url
from akhbar.news import selectors
from akhbar.news.models import (
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
)

SCHEMA = "https://schema.org"
# Google asks for images of three aspect ratios, the widest at least 1200 px
# wide (Article structured data, "image"); the first one is the social card.
ARTICLE_IMAGE_SPECS = (
    "fill-1200x675|format-jpeg",
    "fill-1200x900|format-jpeg",
    "fill-1200x1200|format-jpeg",
)
PROFILE_IMAGE_SPEC = "fill-400x400|format-jpeg"
# Search results show about this much of a description.
DESCRIPTION_CHARACTERS = 160
# The publisher's logo: Google wants at least 112 px square.
LOGO = ("akhbar/icons/apple-touch-icon.png", 180, 180)
# Characters that could end a <script> element or open an HTML comment inside
# it, written as JSON escapes (what Django's ``json_script`` does).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class Metadata:
    """The ``<head>`` parts of one page: ``properties`` are Open Graph's
    ``<meta property>``, ``names`` the ``<meta name>`` ones (Twitter)."""

    canonical: str = ""
    description: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)
    json_ld: list[dict] = field(default_factory=list)


def json_ld(data) -> str:
    """``data`` as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are JSON escapes, so a headline holding
    ``</script>`` or ``<!--`` stays a string; Arabic is kept as UTF-8.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def describe(text: str) -> str:
    """One line of at most ``DESCRIPTION_CHARACTERS``, cut at a word."""
    return Truncator(" ".join((text or "").split())).chars(DESCRIPTION_CHARACTERS)


def iso(value) -> str:
    """A date-time with its offset, in the newsroom's time zone."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).isoformat()


def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def language() -> str:
    return settings.LANGUAGE_CODE.split("-")[0]


def publisher() -> dict:
    """The site as a NewsMediaOrganization with its logo."""
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": site_name(),
        "url": base_url() + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(path)),
            "width": width,
            "height": height,
        },
    }


def image_objects(image, specs=ARTICLE_IMAGE_SPECS) -> list[dict]:
    """Renditions of ``image`` as ImageObjects, in the order of ``specs``."""
    if image is None:
        return []
    renditions = image.get_renditions(*specs)
    return [
        {
            "@type": "ImageObject",
            "url": absolute_url(renditions[spec].url),
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for spec in specs
    ]


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of (name, absolute URL) from the home page down."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(trail, start=1)
        ],
    }


def section_trail(page: Page) -> list[SectionPage]:
    """The live sections above ``page`` (or ``page`` itself), outermost first."""
    sections = selectors.sections_by_path()
    return [
        sections[path]
        for path in sorted(sections)
        if page.path.startswith(path) and sections[path].pk != page.pk
    ]


def page_trail(page: Page, request, *, last: tuple[str, str] | None = None):
    """(name, URL) from home through the sections to ``page`` (or ``last``)."""
    trail = [(site_name(), base_url() + "/")]
    trail += [(s.title, page_absolute_url(s, request)) for s in section_trail(page)]
    trail.append(last or (page.title, page_absolute_url(page, request)))
    return trail


def social(meta: Metadata, *, kind: str, title: str, url: str, image=None):
    """Open Graph and Twitter card tags shared by every kind of page."""
    meta.properties += [
        ("og:site_name", site_name()),
        ("og:locale", "ar_AR" if language() == "ar" else settings.LANGUAGE_CODE),
        ("og:type", kind),
        ("og:title", title),
        ("og:url", url),
    ]
    if meta.description:
        meta.properties.append(("og:description", meta.description))
    meta.names += [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", title),
    ]
    if meta.description:
        meta.names.append(("twitter:description", meta.description))
    if image:
        picture, alt = image
        meta.properties += [
            ("og:image", picture["url"]),
            ("og:image:width", str(picture["width"])),
            ("og:image:height", str(picture["height"])),
        ]
        meta.names.append(("twitter:image", picture["url"]))
        if alt:
            meta.properties.append(("og:image:alt", alt))
            meta.names.append(("twitter:image:alt", alt))


def first_body_image(article: ArticlePage):
    """The first image block's image, for an article without a lead image."""
    for block in article.body:
        if block.block_type == "image" and block.value.get("image"):
            return block.value["image"]
    return None


def article_metadata(meta: Metadata, article: ArticlePage, request) -> None:
    """NewsArticle, BreadcrumbList, Open Graph ``article`` and a large card."""
    url = meta.canonical
    section = selectors.section_of(article)
    tags = [tag.name for tag in article.tags.all()]
    authors = selectors.article_bylines(article)
    image = article.featured_image or first_body_image(article)
    images = image_objects(image)
    published, modified = (
        iso(article.first_published_at),
        iso(
            article.updated_at
            or article.last_published_at
            or article.first_published_at
        ),
    )
    people = [
        {"@type": "Person", "name": a.title, "url": page_absolute_url(a, request)}
        for a in authors
    ]
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": meta.description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": modified,
        "author": people or publisher(),
        "publisher": publisher(),
        "inLanguage": language(),
        "isAccessibleForFree": True,
    }
    if images:
        data["image"] = images
    if section:
        data["articleSection"] = section.title
    if tags:
        data["keywords"] = tags
    meta.json_ld += [data, breadcrumbs(page_trail(article, request))]
    alt = article.featured_image_caption if article.featured_image else ""
    social(
        meta,
        kind="article",
        title=article.title,
        url=url,
        image=(images[0], alt or article.title) if images else None,
    )
    meta.properties += [
        ("article:published_time", published),
        ("article:modified_time", modified),
    ]
    if section:
        meta.properties.append(("article:section", section.title))
    meta.properties += [("article:tag", name) for name in tags]
    meta.properties += [("article:author", person["url"]) for person in people]


def website() -> dict:
    """The site, with the search box Google may show under its result."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": site_name(),
        "url": base_url() + "/",
        "inLanguage": language(),
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url("/search/?q={search_term_string}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def collection(meta: Metadata, name: str, trail) -> None:
    """A listing (section, tag, archive, the authors) as a CollectionPage."""
    data = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": name,
        "url": meta.canonical,
        "inLanguage": language(),
        "isPartOf": {"@type": "WebSite", "name": site_name(), "url": base_url() + "/"},
    }
    if meta.description:
        data["description"] = meta.description
    meta.json_ld += [data, breadcrumbs(trail)]
    social(meta, kind="website", title=name, url=meta.canonical)


def author_metadata(meta: Metadata, author: AuthorPage, request) -> None:
    """ProfilePage about the writer as a Person."""
    images = image_objects(author.photo, (PROFILE_IMAGE_SPEC,))
    person = {
        "@type": "Person",
        "name": author.title,
        "url": meta.canonical,
    }
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.bio:
        person["description"] = describe(author.bio)
    if images:
        person["image"] = images[0]
    meta.json_ld += [
        {
            "@context": SCHEMA,
            "@type": "ProfilePage",
            "url": meta.canonical,
            "inLanguage": language(),
            "mainEntity": person,
        },
        breadcrumbs(page_trail(author, request)),
    ]
    social(
        meta,
        kind="profile",
        title=author.title,
        url=meta.canonical,
        image=(images[0], author.title) if images else None,
    )


def canonical_path(request, page_number: int | None) -> str:
    """The path being read, with its listing page when past the first."""
    path = escape_uri_path(request.path)
    if page_number and page_number > 1:
        path += "?page=%d" % page_number
    return path


def page_metadata(context) -> Metadata | None:
    """The metadata of the Wagtail page a template renders (None off a page)."""
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page) or request is None:
        return None
    path = canonical_path(request, context.get("page_number"))
    meta = Metadata(canonical=absolute_url(path))
    text = getattr(page, "standfirst", "") or getattr(page, "description", "")
    meta.description = describe(page.search_description or text)
    tag, archive = context.get("tag"), context.get("archive_date")
    if not meta.description and not isinstance(page, (ArticlePage, AuthorPage)):
        meta.description = fallback_description(page, tag, archive)
    if isinstance(page, ArticlePage):
        article_metadata(meta, page, request)
    elif isinstance(page, AuthorPage):
        meta.description = describe(page.search_description or page.bio)
        author_metadata(meta, page, request)
    elif tag is not None:
        name = _("وسم: %(name)s") % {"name": tag.name}
        collection(meta, name, page_trail(page, request, last=(name, meta.canonical)))
    elif archive is not None:
        name = _("الأرشيف")
        collection(meta, name, page_trail(page, request, last=(name, meta.canonical)))
    elif isinstance(page, HomePage):
        meta.json_ld.append(website())
        social(meta, kind="website", title=site_name(), url=meta.canonical)
    elif isinstance(page, (SectionPage, AuthorIndexPage)):
        collection(meta, page.title, page_trail(page, request))
    else:
        meta.json_ld.append(breadcrumbs(page_trail(page, request)))
        social(meta, kind="website", title=page.title, url=meta.canonical)
    return meta


def fallback_description(page: Page, tag, archive) -> str:
    """A description for a page whose editors wrote none (the home page, a tag):
    what it lists, on which site. Search engines show it under the link."""
    if isinstance(page, HomePage) and tag is None and archive is None:
        return _("آخر الأخبار والتقارير على %(site)s، لحظة بلحظة.") % {
            "site": site_name()
        }
    name = tag.name if tag is not None else page.title
    if archive is not None:
        name = _("الأرشيف")
    return _("%(name)s: آخر الأخبار والتقارير على %(site)s.") % {
        "name": name,
        "site": site_name(),
    }
