"""What the write API accepts, with Arabic examples for the OpenAPI document.

Every shape refuses fields it does not know (``extra="forbid"``): a client's
typo is a clear 400, never a value silently dropped. Text may not hold a NUL
character, which no column stores.
"""

from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from .schemas import MAX_ID

# A body of a couple of hundred blocks is a long story; more is a mistake.
# The lengths keep a body that breaks one of them well under the size limit
# (AKHBAR_API_MAX_BODY_BYTES), so it gets its 400 naming the field.
MAX_BLOCKS = 200


def plain(max_length: int, *, required: bool = False):
    """A string of at most ``max_length`` characters, without NUL; with
    ``required``, not blank."""
    pattern = r"^[^\x00]*\S[^\x00]*$" if required else r"^[^\x00]*$"
    return Annotated[
        str,
        StringConstraints(max_length=max_length, pattern=pattern),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ParagraphValue(Strict):
    html: plain(20_000) = Field(
        examples=["<p>قال الوزير إن <b>الموازنة</b> متوازنة.</p>"],
        description="Inline HTML; cleaned to bold, italic, links and lists.",
    )


class TextValue(Strict):
    text: plain(255, required=True) = Field(examples=["ردود الفعل"])


class QuoteValue(Strict):
    text: plain(5000, required=True) = Field(examples=["سنفي بوعودنا"])
    attribution: plain(255) = Field("", examples=["الوزير"])


class EmbedValue(Strict):
    url: plain(2000, required=True) = Field(
        examples=["https://www.youtube.com/watch?v=abc"]
    )
    title: plain(255) = ""


class FactBoxValue(Strict):
    title: plain(255, required=True) = Field(examples=["أرقام الموازنة"])
    facts: list[plain(1000, required=True)] = Field(
        max_length=50, examples=[["العجز ٣٪", "النمو ٢٪"]]
    )


class ImageValue(Strict):
    image: Id = Field(description="An image id (from POST /images).")
    caption: plain(255) = Field("", examples=["الوزير في المؤتمر الصحفي"])
    credit: plain(255) = Field("", examples=["وكالة الأنباء"])


class ReadAlsoValue(Strict):
    title: plain(255) = Field("اقرأ أيضا", examples=["اقرأ أيضا"])
    articles: list[Id] = Field(max_length=20, description="Article ids.")


def _block(kind: str, value: type):
    return type(
        "%sBlockIn" % value.__name__.removesuffix("Value"),
        (Strict,),
        {
            "__annotations__": {"type": Literal[kind], "value": value},
            "__doc__": "A %s block." % kind,
        },
    )


BlockIn = Annotated[
    _block("paragraph", ParagraphValue)
    | _block("subheading", TextValue)
    | _block("quote", QuoteValue)
    | _block("embed", EmbedValue)
    | _block("fact_box", FactBoxValue)
    | _block("image", ImageValue)
    | _block("read_also", ReadAlsoValue),
    Field(discriminator="type"),
]


class DraftIn(Strict):
    """A story to save as a draft: the body as blocks, as HTML, or both (the
    blocks first). HTML is cleaned as the importers clean it."""

    title: plain(255, required=True) = Field(examples=["الحكومة تقر موازنة العام"])
    section: Id = Field(description="The section's id (GET /sections).")
    standfirst: plain(1000) = Field("", examples=["أقر مجلس الوزراء الموازنة."])
    body: list[BlockIn] = Field(default_factory=list, max_length=MAX_BLOCKS)
    body_html: plain(200_000) = Field(
        "", examples=["<p>قال الوزير إن الموازنة متوازنة.</p><h2>ردود</h2>"]
    )
    tags: list[plain(100, required=True)] = Field(
        default_factory=list, max_length=30, examples=[["الموازنة", "البرلمان"]]
    )
    authors: list[Id] = Field(
        default_factory=list,
        max_length=10,
        description="The byline: author ids (GET /authors), in order.",
    )
    external_id: plain(255, required=True) | None = Field(
        None,
        description="The story's id at its source (a wire agency's), unique "
        "per source: the source is the one the token's grant names (set by the "
        "administrator who issued it), so the same id pushed again by a token of "
        "the same source updates the same draft, never a second one, while "
        "another source's same id is another article.",
        examples=["afp:2025-0131-000123"],
    )


class ModerationIn(Strict):
    action: Literal["approve", "spam", "trash", "restore"] = Field(examples=["approve"])
