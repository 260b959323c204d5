"""The shapes the API answers with and the questions it accepts, with Arabic
examples for the OpenAPI document.

Every answer may be trimmed with ``fields=``, so no field of an answer is
marked required: a client gets what it asked for.
"""

import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

# Page ids are 32-bit in Wagtail's tables; a larger number can match nothing and
# PostgreSQL would refuse it rather than answer "no row".
MAX_ID = 2**31 - 1
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# A slug as Django's unicode slugs spell it; control characters cannot appear.
SLUG_PATTERN = r"^[-\w]+$"


def _nothing_required(schema: dict) -> None:
    schema.pop("required", None)


class Answer(Schema):
    """An answer's shape: any field may be left out by ``fields=``."""

    model_config = ConfigDict(json_schema_extra=_nothing_required)


class Rendition(Answer):
    spec: str = Field(examples=["width-800|format-webp"])
    url: str = Field(examples=["https://news.example/media/images/gaza.width-800.webp"])
    width: int
    height: int


class Image(Answer):
    id: int
    title: str = Field(examples=["مرفأ بيروت عند الفجر"])
    alt: str = Field(examples=["رافعات المرفأ"])
    caption: str = Field(examples=["مرفأ بيروت بعد إعادة الإعمار"])
    credit: str = Field(examples=["وكالة الأنباء"])
    width: int
    height: int
    renditions: list[Rendition]


class SectionRef(Answer):
    id: int
    title: str = Field(examples=["سياسة"])
    url: str = Field(examples=["https://news.example/سياسة/"])


class AuthorRef(Answer):
    id: int
    name: str = Field(examples=["سلمى الحداد"])
    url: str = Field(examples=["https://news.example/الكتاب/سلمى-الحداد/"])


class TagRef(Answer):
    name: str = Field(examples=["الانتخابات البلدية"])
    slug: str = Field(examples=["الانتخابات-البلدية"])
    url: str = Field(examples=["https://news.example/tags/الانتخابات-البلدية/"])


class ArticleSummary(Answer):
    id: int = Field(examples=[42])
    title: str = Field(examples=["الحكومة تقر موازنة العام المقبل"])
    standfirst: str = Field(examples=["أقر مجلس الوزراء الموازنة بعد جلسة طويلة."])
    url: str = Field(
        description="The canonical address of the article's page.",
        examples=["https://news.example/اقتصاد/الحكومة-تقر-موازنة-العام-المقبل/"],
    )
    section: SectionRef | None
    authors: list[AuthorRef]
    tags: list[TagRef]
    image: Image | None
    published_at: datetime.datetime
    updated_at: datetime.datetime | None = Field(
        description="When the newsroom last changed the story substantially."
    )
    last_published_at: datetime.datetime | None = Field(
        description="When any change was last published (what updated_since reads)."
    )
    is_breaking: bool
    breaking_until: datetime.datetime | None


class Block(Answer):
    """One block of an article body: its ``type`` says what ``value`` holds.

    ``paragraph``: ``{"html"}``; ``subheading``: ``{"text"}``; ``image``:
    ``{"image", "caption", "credit"}``; ``quote``: ``{"text", "attribution"}``;
    ``embed``: ``{"url", "title"}``; ``fact_box``: ``{"title", "facts"}``;
    ``read_also``: ``{"title", "articles": [{"id", "title", "url"}]}``.
    """

    type: str = Field(examples=["paragraph"])
    id: str | None
    value: Any = Field(examples=[{"html": "<p>قال الوزير إن الموازنة متوازنة.</p>"}])


class ArticleRef(Answer):
    id: int
    title: str = Field(examples=["البرلمان يناقش قانون الانتخاب"])
    url: str = Field(
        examples=["https://news.example/سياسة/البرلمان-يناقش-قانون-الانتخاب/"]
    )


class EntityRef(Answer):
    type: str = Field(
        description="PER (a person), LOC (a place) or ORG (an organisation).",
        examples=["PER"],
    )
    name: str = Field(examples=["نجيب ميقاتي"])
    slug: str = Field(examples=["نجيب-ميقاتي"])
    url: str = Field(examples=["https://news.example/شخصيات/نجيب-ميقاتي/"])


class ArticleDetail(ArticleSummary):
    entities: list[EntityRef] = Field(
        description="The people, places and organisations central to the story."
    )
    related: list[ArticleRef] = Field(
        description="The related stories the article page lists, best first."
    )
    body: list[Block]
    body_html: str = Field(
        description="The body as the article page shows it, sanitised, with "
        "absolute links.",
        examples=["<h2>عنوان فرعي</h2><p>قال الوزير إن الموازنة متوازنة.</p>"],
    )
    reading_minutes: int
    comments_open: bool


class Section(Answer):
    id: int
    title: str = Field(examples=["اقتصاد"])
    description: str = Field(examples=["أخبار الأسواق والمال والأعمال."])
    url: str = Field(examples=["https://news.example/اقتصاد/"])
    parent_id: int | None = Field(description="The parent section, if any.")


class Tag(Answer):
    id: int
    name: str = Field(examples=["الانتخابات البلدية"])
    slug: str = Field(examples=["الانتخابات-البلدية"])
    url: str = Field(examples=["https://news.example/tags/الانتخابات-البلدية/"])


class Author(Answer):
    id: int
    name: str = Field(examples=["كريم منصور"])
    job_title: str = Field(examples=["مراسل الشؤون الاقتصادية"])
    bio: str = Field(examples=["يغطي أخبار الأسواق منذ عشر سنوات."])
    url: str = Field(examples=["https://news.example/الكتاب/كريم-منصور/"])
    photo: Image | None


class Entity(EntityRef):
    aliases: list[str] = Field(examples=[["ميقاتي"]])


class EntityDetail(Entity):
    articles: list[ArticleSummary] = Field(
        description="The newest published articles that mention the entity; "
        "the rest through /articles?entity=TYPE:slug."
    )


class MostReadItem(ArticleSummary):
    views: int = Field(description="Page views in the window.", examples=[1520])


class MostRead(Answer):
    window: str = Field(examples=["day"])
    items: list[MostReadItem]


class SearchSection(Answer):
    title: str = Field(examples=["سياسة"])
    url: str


class SearchResult(Answer):
    id: int
    title: str = Field(examples=["بوتين يؤكد دعمه لسوريا"])
    url: str
    standfirst: str
    section: str | None = Field(examples=["سياسة"])
    published_at: datetime.datetime
    score: float
    headline_html: str = Field(examples=["بوتين يؤكد دعمه <mark>لسوريا</mark>"])
    snippet_html: str


class SearchAnswer(Answer):
    query: str = Field(examples=["سوريا"])
    total: int
    page: int
    pages: int
    results: list[SearchResult]


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The shape of one page of ``item``s with the cursor of the next page."""
    return type(
        name,
        (Answer,),
        {
            "__annotations__": {"items": list[item], "next": str | None},
            "next": Field(
                None,
                description="The cursor of the next page (pass it as cursor=); "
                "null on the last page.",
            ),
            "__doc__": "One page of a listing, in a stable order.",
        },
    )


ArticlePage = page_of(ArticleSummary, "ArticlePage")
SectionPage = page_of(Section, "SectionPage")
TagPage = page_of(Tag, "TagPage")
AuthorPage = page_of(Author, "AuthorPage")
EntityPage = page_of(Entity, "EntityPage")


class Error(Schema):
    error: str = Field(examples=["طلب غير صالح."])
    fields: dict[str, list[str]] = Field(
        default_factory=dict,
        description="What is wrong with each parameter, by name.",
        examples=[{"limit": ["يجب أن تكون القيمة ١٠٠ أو أقل."]}],
    )


class Duplicate(Schema):
    id: int
    title: str = Field(examples=["الحكومة تقر الموازنة"])
    url: str
    similarity: float = Field(examples=[0.82])


class Draft(Schema):
    """A draft as the write API answers: its state, and the live stories it
    may copy (the warning the editor shows)."""

    id: int = Field(examples=[57])
    title: str = Field(examples=["الحكومة تقر موازنة العام"])
    slug: str = Field(examples=["الحكومة-تقر-موازنة-العام"])
    status: str = Field(
        description="draft, in_review, live or live_with_changes (a live "
        "article with a newer draft).",
        examples=["draft"],
    )
    action: str | None = Field(
        None,
        description="What this request did: created, updated or unchanged.",
        examples=["created"],
    )
    external_id: str | None = Field(
        description="The id it was pushed with, in the namespace of the "
        "token's source (none for an article never saved through the API by "
        "that source).",
        examples=["afp:2025-0131-000123"],
    )
    url: str | None = Field(description="The live page, once published.")
    admin_url: str = Field(description="The article in the admin.")
    section_id: int
    standfirst: str
    body: list[Block]
    duplicates: list[Duplicate]


class UploadedImage(Schema):
    id: int
    title: str = Field(examples=["مرفأ بيروت"])
    width: int
    height: int
    url: str


class ModeratedComment(Schema):
    id: int
    status: str = Field(examples=["approved"])
