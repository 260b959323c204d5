"""What the sources hand to the services: plain data, no database objects yet.

A source (a WordPress item, a saved page, a feed entry) becomes an ``ArticleDraft``
or a ``PageDraft``; ``services`` turns it into a page through Wagtail's API.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field, fields

# Bumped when the conversion changes, so that a re-run rewrites what an older
# importer wrote even where the source did not change.
CONVERSION_VERSION = "1"


# A field's checksum metadata: counted only when set (a field added later: the
# checksums of earlier imports, which did not have it, stay the same).
IF_SET = "if set"


def _as_dict(draft) -> dict:
    # dataclasses.asdict() would deep-copy the body only for it to be encoded;
    # the fields hold plain data, so the JSON (and the checksum) is the same.
    # Fields derived from others (``search_content``) are left out.
    data = {}
    for f in fields(draft):
        counted = f.metadata.get("checksum", True)
        value = getattr(draft, f.name)
        if counted is True or (counted == IF_SET and value != f.default):
            data[f.name] = value
    return data


class Status:
    """How an imported page ends up: the WordPress statuses, in Akhbar terms."""

    LIVE = "live"  # publish
    SCHEDULED = "scheduled"  # future: go_live_at, published by publish_scheduled
    DRAFT = "draft"  # draft, pending
    UNPUBLISHED = "unpublished"  # private: was published, not live
    # A new revision as the editor's "Save draft" makes it: a live page stays
    # live with its published revision (the API's drafts).
    REVISION = "revision"


@dataclass
class ArticleDraft:
    title: str
    body: list[dict] = field(default_factory=list)
    slug: str = ""
    standfirst: str = ""
    author_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    featured_image_id: int | None = None
    featured_image_caption: str = ""
    status: str = Status.DRAFT
    published_at: datetime.datetime | None = None
    is_lead: bool = False
    comments_open: bool = True
    search_description: str = ""
    password: str = ""
    # Left as they are on an existing page unless given (the editor's to set).
    featured_image_credit: str = field(default="", metadata={"checksum": IF_SET})
    is_breaking: bool = field(default=False, metadata={"checksum": IF_SET})
    breaking_until: datetime.datetime | None = field(
        default=None, metadata={"checksum": IF_SET}
    )
    # The body's searchable text (StreamField.get_searchable_content), when it
    # was computed ahead of the write (a WordPress import's reading process).
    search_content: list[str] | None = field(default=None, metadata={"checksum": False})

    def checksum(self, *extra) -> str:
        """A fingerprint of everything the draft would write, to skip no-op updates."""
        data = json.dumps(
            [CONVERSION_VERSION, _as_dict(self), *extra],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(data.encode()).hexdigest()


@dataclass
class PageDraft:
    title: str
    body: list[dict] = field(default_factory=list)
    slug: str = ""
    status: str = Status.DRAFT
    published_at: datetime.datetime | None = None
    search_description: str = ""

    def checksum(self, *extra) -> str:
        data = json.dumps(
            [CONVERSION_VERSION, _as_dict(self), *extra],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(data.encode()).hexdigest()
