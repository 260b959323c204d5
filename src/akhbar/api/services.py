"""The write API's changes, each through the path the editor's own takes.

Drafts are saved by ``importers.services.article_upsert`` (the upsert every
source shares: Unicode slugs, revisions in the writer's name, and on publish
the search index with its entities, related lists and cache purges); review
and publishing go through Wagtail's workflow and the newsroom's review task;
images through ``image_upsert`` and the newsroom's upload rules; comments
through the comments services.
"""

import hashlib
import tempfile
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.blocks.base import get_error_json_data
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from akhbar.comments import services as comments
from akhbar.importers.content import html_to_blocks, paragraph_block
from akhbar.importers.drafts import ArticleDraft, Status
from akhbar.importers.models import ImportRecord
from akhbar.importers.records import record_get, record_save
from akhbar.importers.services import article_upsert, image_upsert, tag_upsert
from akhbar.news.blocks import ArticleBodyBlock, body_block
from akhbar.news.models import ArticlePage, AuthorPage
from akhbar.newsroom.media import validate_image_file
from akhbar.newsroom.roles import may_self_publish

from .auth import ApiError

# The import source of what the API writes (its ImportRecords): tags and
# images here; articles under ``namespace(grant source)``.
SOURCE = "api"


def namespace(source: str) -> str:
    """The ImportRecord source of the articles pushed by tokens of ``source``
    (``TokenGrant.source``): ImportRecord's unique (source, kind, external_id)
    makes an ``external_id`` unique per source. Blank is the namespace the
    API had before sources, so its records keep their articles."""
    return "%s:%s" % (SOURCE, source) if source else SOURCE


def _invalid(name: str, messages) -> ApiError:
    return ApiError(400, _("طلب غير صالح."), fields={name: list(messages)})


def body_from(blocks: list, markup: str) -> list[dict]:
    """The stored body of ``blocks`` (``inputs.BlockIn``) then ``markup``,
    cleaned as imports are and checked by the body's own blocks, as the
    editor's form checks them; ``ApiError`` (400) names what is wrong."""
    raw = []
    for block in blocks:
        value = block.value.dict()
        if block.type == "paragraph":
            stored = paragraph_block(value["html"])
            if stored is not None:
                raw.append(stored)
        elif block.type == "subheading":
            raw.append(body_block("subheading", value["text"]))
        else:
            raw.append(body_block(block.type, value))
    if markup:
        raw += [b for b in html_to_blocks(markup) if b]
    stream = ArticleBodyBlock()
    try:
        stream.clean(stream.to_python(raw))
    except ValidationError as error:
        messages = _block_messages(get_error_json_data(error))
        raise _invalid("body", messages or error.messages) from error
    return raw


def _block_messages(data: dict, place: tuple = ()) -> list[str]:
    """Each message of a block's error data (Wagtail's ``get_error_json_data``)
    after the place of the block it is about, "2 › caption: ..." for the
    second block's caption: a StreamBlock's own error says only "Validation
    error in StreamBlock"."""
    where = " › ".join(place) + ": " if place else ""
    messages = [where + str(message) for message in data.get("messages", [])]
    for key, child in data.get("blockErrors", {}).items():
        if child:
            name = str(key + 1) if isinstance(key, int) else str(key)
            messages += _block_messages(child, (*place, name))
    return messages


def _tag_ids(names: list[str]) -> list[int]:
    ids = []
    for name in names:
        tag, _action = tag_upsert(source=SOURCE, external_id=name, name=name)
        ids.append(tag.pk)
    return ids


def _author_ids(ids: list[int]) -> list[int]:
    found = set(AuthorPage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise _invalid("authors", [_("كاتب غير معروف: %s") % i for i in missing])
    return ids


def page_external_id(
    page: ArticlePage, *, source: str, create: bool = True
) -> str | None:
    """The key of ``page`` in ``source``'s namespace: the one it was pushed
    with, or (``create``) one made now for an article written elsewhere (the
    editor, an import, another source)."""
    record = (
        ImportRecord.objects.filter(
            source=namespace(source), kind=ImportRecord.Kind.ARTICLE, object_id=page.pk
        )
        .order_by("pk")
        .first()
    )
    if record is not None:
        return record.external_id
    if not create:
        return None
    key = "page:%d" % page.pk
    record_save(
        None,
        source=namespace(source),
        kind=ImportRecord.Kind.ARTICLE,
        external_id=key,
        obj=page,
    )
    return key


def existing_draft(external_id: str, *, source: str) -> ArticlePage | None:
    """The article pushed before under ``external_id`` by ``source``, if it
    still exists."""
    record = record_get(
        source=namespace(source),
        kind=ImportRecord.Kind.ARTICLE,
        external_id=external_id,
    )
    if record is None or record.object_id is None:
        return None
    return ArticlePage.objects.filter(pk=record.object_id).first()


def draft_save(*, user, data, section, external_id: str | None, source: str) -> tuple:
    """Create or update the draft ``data`` (``inputs.DraftIn``) in ``section``
    as ``user``, keyed by ``external_id`` in ``source``'s namespace: a new
    revision, never a change to what is live."""
    draft = ArticleDraft(
        title=data.title.strip(),
        standfirst=data.standfirst.strip(),
        body=body_from(data.body, data.body_html),
        author_ids=_author_ids(data.authors),
        tag_ids=_tag_ids(data.tags),
        status=Status.REVISION,
    )
    return article_upsert(
        source=namespace(source),
        external_id=external_id or "new:%s" % uuid.uuid4(),
        section=section,
        draft=draft,
        user=user,
    )


def in_review(page) -> WorkflowState | None:
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return state
    return None


def _revised(page) -> None:
    if page.get_latest_revision() is None:
        # Written by code, never saved in the editor or by the API.
        raise ApiError(409, _("لا مراجعة لهذا المقال: احفظ مسودة منه أولاً."))


def draft_submit(*, user, page: ArticlePage) -> None:
    """Send the latest revision of ``page`` to the review workflow, as the
    editor's "Submit for review" does (an Author who may self-publish is
    approved at once by the newsroom's review task)."""
    _revised(page)
    if in_review(page) is not None:
        raise ApiError(409, _("المقال قيد المراجعة بالفعل."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Sent back by an Editor: the editor's "Resubmit".
        state.resume(user=user)
        return
    workflow = page.get_workflow()
    if workflow is None:
        raise ApiError(409, _("لا مسار مراجعة لهذا المقال."))
    workflow.start(page, user)


def draft_publish(*, user, page: ArticlePage) -> None:
    """Publish the latest revision of ``page``: an Editor approves the review
    in progress (which publishes, as in the admin) or publishes at once; an
    Author who may self-publish submits, which approves at once."""
    _revised(page)
    state = in_review(page)
    if state is not None:
        task_state = state.current_task_state
        task = task_state.task.specific
        if "approve" in [name for name, *_rest in task.get_actions(page, user)]:
            task.on_action(task_state, user, "approve")
            return
        if not may_self_publish(user, page):
            raise ApiError(403, _("لا يحق لك الموافقة على هذه المراجعة."))
        state.cancel(user=user)
    if page.permissions_for_user(user).can_publish():
        page.get_latest_revision().publish(user=user)
    else:
        draft_submit(user=user, page=page)


def image_save(*, upload, title: str, alt: str):
    """Store an uploaded image checked by the newsroom's upload rules; the
    same file twice is one image."""
    content = upload.read()
    digest = hashlib.sha256(content).hexdigest()
    name = Path(upload.name or "image").name[-100:] or "image"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            validate_image_file(path)
        except ValidationError as error:
            raise _invalid("file", error.messages) from error
        image, _action = image_upsert(
            source=SOURCE,
            external_id="sha256:%s" % digest,
            path=path,
            title=title or path.stem,
            alt=alt,
        )
    if image is None:
        raise _invalid("file", [_("تعذر حفظ الصورة.")])
    return get_image_model().objects.get(pk=image.pk)


def comment_moderate(*, user, comment, action: str):
    """``action`` (approve, spam, trash, restore) on ``comment`` by ``user``."""
    return comments.ACTIONS[action](comment=comment, by=user)
