"""The endpoints of ``/api/v1/``: parse, read through the selectors, answer.

Answers are JSON built by ``shapes``, cached per process under the version of
the published tree (and of the search index for searches), and sent with the
cache headers of ``caching.json_response``.
"""

import datetime
import hashlib
import json
from typing import Annotated

from django.conf import settings
from django.core.cache import caches
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from pydantic import WithJsonSchema

from akhbar.core import versions
from akhbar.news.selectors import news_generation
from akhbar.search import selectors as search
from akhbar.search.forms import NO_SEARCH_WORDS, SearchForm
from akhbar.search.query import MAX_QUERY_CHARS
from akhbar.search.throttle import search_allowed, search_refused

from . import caching, cursors, schemas, selectors, shapes
from .schemas import DEFAULT_LIMIT, MAX_ID, MAX_LIMIT, SLUG_PATTERN

# Rendered answers live beside the pages' fragments, per process; the versions
# in their keys are shared by every process.
ANSWERS_CACHE = "fragments"


class AkhbarAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Ninja's document, with each parameter's examples as OpenAPI asks.

        Ninja copies a parameter's JSON Schema ``examples`` (a list) to the
        parameter itself, where OpenAPI expects a map of Example Objects; the
        first becomes the parameter's ``example`` and the list stays in its
        schema.
        """
        document = super().get_openapi_schema(*args, **kwargs)
        for path_item in document["paths"].values():
            for operation in path_item.values():
                for parameter in operation.get("parameters", []):
                    examples = parameter.pop("examples", None)
                    if examples:
                        parameter["example"] = examples[0]
        return document


api = AkhbarAPI(
    title="Akhbar API",
    version="1",
    description=(
        "Read-only JSON API of the news site: articles, sections, tags, authors "
        "and search. Anonymous; answers are cacheable (Cache-Control, ETag). "
        "Only published, public content is ever shown."
    ),
    urls_namespace="akhbar_api",
    # Swagger UI from django-ninja's own static files (ninja is an installed
    # app); no validator badge fetched from swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": True}),
    docs_url="/docs",
)

ERRORS = {400: schemas.Error, 404: schemas.Error}
# The most-read list is a short ranking, not a listing to page through.
MAX_MOST_READ = 50
NOT_MODIFIED = {304: None}


Limit = Annotated[
    int, Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
]
Cursor = Annotated[
    str,
    Query(
        None,
        max_length=500,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The `next` value of the previous page.",
    ),
]
SectionId = Annotated[
    int,
    Query(None, ge=1, le=MAX_ID, description="A section's id (its subsections too)."),
]
AuthorId = Annotated[int, Query(None, ge=1, le=MAX_ID, description="An author's id.")]
TagSlug = Annotated[
    str,
    Query(
        None,
        max_length=255,
        pattern=SLUG_PATTERN,
        description="A tag's slug.",
        examples=["الانتخابات-البلدية"],
    ),
]
# Read by ``_aware`` rather than by pydantic, which would also take a number
# of seconds since 1970 for a time.
Since = Annotated[
    str,
    WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 64}),
    Query(
        None,
        max_length=64,
        description="A time in ISO 8601 (a date alone is its midnight); "
        "without a zone, the site's.",
    ),
]
Day = Annotated[datetime.date, Query(None, examples=["2025-01-31"])]
ENTITY_TYPES = r"^(PER|LOC|ORG)$"
EntityType = Annotated[
    str,
    Query(
        None,
        pattern=ENTITY_TYPES,
        description="PER (people), LOC (places) or ORG (organisations).",
        examples=["PER"],
    ),
]
EntityKey = Annotated[
    str,
    Query(
        None,
        max_length=300,
        pattern=r"^(PER|LOC|ORG):[-\w]+$",
        description="An entity as TYPE:slug (its articles only).",
        examples=["PER:نجيب-ميقاتي"],
    ),
]


def _fields(shape: type):
    """The ``fields=`` parameter of answers shaped like ``shape``."""
    names = "|".join(sorted(shape.model_fields))
    return Annotated[
        str,
        Query(
            None,
            pattern=r"^(%s)(,(%s))*$" % (names, names),
            max_length=1000,
            description="Comma-separated fields to keep, e.g. id,title,url.",
            examples=["id,title,url"],
        ),
    ]


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message


def _error(request, status: int, message: str, fields=None):
    content = json.dumps(
        {"error": message, "fields": fields or {}}, ensure_ascii=False
    ).encode()
    return caching.json_response(request, content, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())[1:]] or ["request"]
        fields.setdefault(location[0], []).append(error.get("msg", ""))
    return _error(request, 400, _("طلب غير صالح."), fields)


@api.exception_handler(BadParameter)
def _bad_parameter(request, exc):
    return _error(request, 400, _("طلب غير صالح."), {exc.name: [exc.message]})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("غير موجود."))


def _trimmed(item: dict, fields: list[str] | None) -> dict:
    return item if fields is None else {name: item[name] for name in fields}


def _answer(request, build, *, key: str | None = None):
    """The cached JSON of ``build()`` for this URL, with its cache headers."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = key or versions.key("api", "answer", news_generation(), digest)
    answers = caches[ANSWERS_CACHE]
    content = answers.get(key)
    if content is None:
        content = json.dumps(
            build(), ensure_ascii=False, separators=(",", ":")
        ).encode()
        answers.set(key, content, settings.AKHBAR_API_CACHE_SECONDS)
    return caching.json_response(request, content)


def _split(fields: str | None) -> list[str] | None:
    return fields.split(",") if fields else None


def _aware(name: str, value: str | None) -> datetime.datetime | None:
    """``value`` read as an ISO 8601 time (in the site's time zone when it has
    none), in UTC; ``BadParameter`` when it is not one."""
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadParameter(name, _("أدخل تاريخاً ووقتاً بصيغة ISO 8601."))
    try:
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise BadParameter(name, _("تاريخ خارج المدى.")) from error


def _page(items, next_cursor, fields, shape):
    return {
        "items": [_trimmed(shape(item), fields) for item in items],
        "next": next_cursor,
    }


def _paged(read, cursor: str | None, limit: int):
    try:
        return read(cursor=cursor, limit=limit)
    except cursors.BadCursor as error:
        raise BadParameter("cursor", _("مؤشر صفحة غير معروف.")) from error


@api.get(
    "/articles",
    response={200: schemas.ArticlePage, **NOT_MODIFIED, **ERRORS},
    summary="Published articles, newest first",
    tags=["articles"],
)
def articles(
    request,
    section: SectionId = None,
    tag: TagSlug = None,
    author: AuthorId = None,
    entity: EntityKey = None,
    published_after: Since = None,
    published_before: Since = None,
    updated_since: Since = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
    fields: _fields(schemas.ArticleSummary) = None,
):
    """Live, public articles, newest first, filtered, one page at a time."""
    filters = {
        "section": section,
        "tag": tag,
        "author": author,
        "entity": tuple(entity.split(":", 1)) if entity else None,
        "published_after": _aware("published_after", published_after),
        "published_before": _aware("published_before", published_before),
        "updated_since": _aware("updated_since", updated_since),
    }

    def build():
        links = shapes.Links(request)
        items, next_cursor = _paged(
            lambda **page: selectors.articles_page(**filters, **page),
            cursor,
            limit,
        )
        return _page(
            items,
            next_cursor,
            _split(fields),
            lambda a: shapes.article_summary(a, links),
        )

    return _answer(request, build)


@api.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleDetail, **NOT_MODIFIED, **ERRORS},
    summary="One published article with its body",
    tags=["articles"],
)
def article(
    request,
    article_id: Annotated[int, Path(..., ge=1, le=MAX_ID)],
    fields: _fields(schemas.ArticleDetail) = None,
):
    """The article: body as blocks and as sanitised HTML, images, bylines, tags."""

    def build():
        found = selectors.article(article_id)
        if found is None:
            raise Http404
        return _trimmed(
            shapes.article_detail(found, shapes.Links(request)), _split(fields)
        )

    return _answer(request, build)


def _listing(path: str, *, name: str, summary: str, doc: str, item, page, read, shape):
    """Register ``GET path``: one page of ``read``'s items, each answered as
    ``shape(links)(item)``, trimmed by ``fields=`` to ``item``'s fields."""
    Fields = _fields(item)

    def endpoint(
        request,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
        fields: Fields = None,
    ):
        def build():
            items, next_cursor = _paged(read, cursor, limit)
            one = shape(shapes.Links(request))
            return _page(items, next_cursor, _split(fields), one)

        return _answer(request, build)

    endpoint.__name__ = name
    endpoint.__doc__ = doc
    api.get(
        path,
        response={200: page, **NOT_MODIFIED, **ERRORS},
        summary=summary,
        tags=[name],
        url_name=name,
    )(endpoint)


def _section_shape(links):
    parents = selectors.section_ids_by_path()
    return lambda section: shapes.section(section, links, parents)


_listing(
    "/sections",
    name="sections",
    summary="Sections",
    doc="Live sections by id; ``parent_id`` names the section a subsection is in.",
    item=schemas.Section,
    page=schemas.SectionPage,
    read=selectors.sections_page,
    shape=_section_shape,
)
_listing(
    "/tags",
    name="tags",
    summary="Tags of published articles",
    doc="Tags that at least one live article carries, by id.",
    item=schemas.Tag,
    page=schemas.TagPage,
    read=selectors.tags_page,
    shape=lambda links: lambda tag: shapes.tag(tag, links),
)
_listing(
    "/authors",
    name="authors",
    summary="Authors",
    doc="Live authors by id (never their accounts or e-mail addresses).",
    item=schemas.Author,
    page=schemas.AuthorPage,
    read=selectors.authors_page,
    shape=lambda links: lambda author: shapes.author(author, links),
)


@api.get(
    "/entities",
    response={200: schemas.EntityPage, **NOT_MODIFIED, **ERRORS},
    summary="People, places and organisations with a page",
    tags=["entities"],
    url_name="entities",
)
def entities(
    request,
    type: EntityType = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
    fields: _fields(schemas.Entity) = None,
):
    """Entities the site has a page for (hidden ones never), by type and slug."""

    def build():
        items, next_cursor = _paged(
            lambda **page: selectors.entities_page(type=type, **page), cursor, limit
        )
        links = shapes.Links(request)
        return _page(
            items, next_cursor, _split(fields), lambda e: shapes.entity(e, links)
        )

    return _answer(request, build)


@api.get(
    "/entities/{type}/{slug}",
    response={200: schemas.EntityDetail, **NOT_MODIFIED, **ERRORS},
    summary="One entity with its aliases and newest articles",
    tags=["entities"],
)
def entity(
    request,
    type: Annotated[str, Path(..., pattern=ENTITY_TYPES, examples=["PER"])],
    slug: Annotated[
        str,
        Path(..., max_length=255, pattern=SLUG_PATTERN, examples=["نجيب-ميقاتي"]),
    ],
    fields: _fields(schemas.EntityDetail) = None,
):
    """The entity, its aliases and its newest published articles."""

    def build():
        found = selectors.entity(type, slug)
        if found is None:
            raise Http404
        articles = selectors.entity_articles(found, limit=DEFAULT_LIMIT)
        detail = shapes.entity_detail(found, articles, shapes.Links(request))
        return _trimmed(detail, _split(fields))

    return _answer(request, build)


@api.get(
    "/most-read",
    response={200: schemas.MostRead, **NOT_MODIFIED, **ERRORS},
    summary="The most-read published articles",
    tags=["most read"],
    url_name="most_read",
)
def most_read(
    request,
    window: Annotated[
        str,
        Query("day", pattern=r"^(day|week)$", description="The last day or week."),
    ] = "day",
    section: SectionId = None,
    limit: Annotated[int, Query(10, ge=1, le=MAX_MOST_READ)] = 10,
):
    """The articles read most in the window, most read first, with their views
    (counted by the site's own beacon; no reader is named)."""

    def build():
        links = shapes.Links(request)
        found = selectors.most_read(window=window, section=section, limit=limit)
        return {
            "window": window,
            "items": [shapes.most_read_item(a, links) for a in found],
        }

    return _answer(request, build)


@api.get(
    "/search",
    response={200: schemas.SearchAnswer, **NOT_MODIFIED, **ERRORS},
    summary="Search published articles",
    tags=["search"],
    url_name="search",
)
def search_articles(
    request,
    q: Annotated[str, Query("", max_length=MAX_QUERY_CHARS, examples=["سوريا"])] = "",
    section: SectionId = None,
    author: AuthorId = None,
    tag: TagSlug = None,
    date_from: Day = None,
    date_to: Day = None,
    page: Annotated[int, Query(1, ge=1, le=1000)] = 1,
):
    """The site search (as on /search/) with highlighted headlines and snippets;
    ``429`` with ``Retry-After`` past the searches allowed per client address."""
    if not search_allowed(request):
        message = _("بحثت كثيرا في وقت قصير. انتظر قليلا ثم أعد المحاولة.")
        return search_refused(_error(request, 429, message))
    form = SearchForm(request.GET)
    if not form.is_valid():
        # A query of question words only is told so, not called invalid.
        message = (
            form.errors["q"][0]
            if form.has_error("q", NO_SEARCH_WORDS)
            else _("طلب بحث غير صالح.")
        )
        return _error(
            request,
            400,
            message,
            {name: list(errors) for name, errors in form.errors.items()},
        )
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()

    def build():
        found = form.search(request)
        if found is None:
            return {"query": "", "total": 0, "page": 1, "results": []}
        links = shapes.Links(request)
        return {
            "query": found.query,
            "total": found.total,
            "page": found.number,
            "pages": found.num_pages,
            "results": [_search_result(item, links) for item in found.items],
        }

    return _answer(request, build, key=search.cache_key("api", digest))


def _search_result(item: dict, links) -> dict:
    return {
        "id": item["id"],
        "title": item["title"],
        "url": links.absolute(item["url"]),
        "standfirst": item["standfirst"],
        "section": item["section"]["title"] if item["section"] else None,
        "published_at": item["published_at"].isoformat(),
        "score": round(item["score"], 4),
        "headline_html": str(item["headline"]),
        "snippet_html": str(item["snippet"]),
    }


def unknown_path(request):
    """A JSON 404 for a path under /api/v1/ that no endpoint serves."""
    return _error(request, 404, _("غير موجود."))
