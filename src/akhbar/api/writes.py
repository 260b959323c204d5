"""The write endpoints of ``/api/v1/``: authenticate, check scope and role,
call ``api.services``, answer. Never cached.

A write sent with an ``Idempotency-Key`` header is remembered with a digest of
the request and its answer: the same key and request again get the same answer
(``Idempotent-Replayed: true``) without a second write; the same key with
another request is refused (422). A failed write is not remembered.
"""

import hashlib
import json
from typing import Annotated

from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Path
from ninja.errors import AuthenticationError, HttpError
from ninja.files import UploadedFile
from wagtail.admin.utils import get_user_display_name
from wagtail.locks import BasicLock

from akhbar.comments.models import Comment
from akhbar.importers.report import CREATED, SKIPPED, UPDATED
from akhbar.news.models import ArticlePage, SectionPage
from akhbar.related.selectors import duplicates_of

from . import inputs, schemas, services, shapes
from .auth import CHALLENGE, ApiError, TokenAuth, require
from .caching import JSON
from .models import IdempotentRequest, Scope
from .schemas import MAX_ID
from .views import api

ACTIONS = {CREATED: "created", UPDATED: "updated", SKIPPED: "unchanged"}
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
REFUSALS = {
    status: schemas.Error for status in (400, 401, 403, 404, 409, 413, 422, 423, 429)
}
FormText = Annotated[str, Form("", max_length=255, pattern=r"^[^\x00]*$")]
DraftId = Annotated[int, Path(..., ge=1, le=MAX_ID)]
auth = TokenAuth()


def _json(status: int, content: bytes, headers=None) -> HttpResponse:
    response = HttpResponse(content, status=status, content_type=JSON)
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@api.exception_handler(ApiError)
def _refused(request, exc):
    body = {"error": exc.message, "fields": exc.fields}
    return _json(exc.status, _dumps(body), exc.headers)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    """Ninja's own refusals (a body that is not JSON) in the API's shape."""
    message = _("طلب غير صالح.") if exc.status_code == 400 else str(exc)
    body = {"error": message, "fields": {"body": [str(exc)]}}
    return _json(exc.status_code, _dumps(body))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    body = {"error": _("يلزم مفتاح: Authorization: Bearer <المفتاح>."), "fields": {}}
    return _json(401, _dumps(body), CHALLENGE)


def _write(request, fingerprint, action) -> HttpResponse:
    """``action()`` -> ``(status, data)`` in one transaction, once per
    Idempotency-Key and request."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        with transaction.atomic():
            status, data = action()
        return _json(status, _dumps(data))
    if not key or len(key) > 255 or not key.isascii() or not key.isprintable():
        raise ApiError(
            400,
            _("طلب غير صالح."),
            fields={"Idempotency-Key": [_("مفتاح من ١ إلى ٢٥٥ حرفاً لاتينياً.")]},
        )
    digest = hashlib.sha256(
        json.dumps(
            [request.method, request.path, fingerprint], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    with transaction.atomic():
        stored, created = IdempotentRequest.objects.get_or_create(
            token=request.auth,
            key=key,
            defaults={"request_hash": digest, "status": 0, "response": b""},
        )
        if not created:
            if stored.request_hash != digest:
                raise ApiError(422, _("مفتاح Idempotency-Key هذا استُعمل لطلب آخر."))
            if not stored.status:
                raise ApiError(409, _("طلب بهذا المفتاح قيد التنفيذ."))
            return _json(
                stored.status,
                bytes(stored.response),
                {"Idempotent-Replayed": "true"},
            )
        status, data = action()
        stored.status, stored.response = status, _dumps(data)
        stored.save(update_fields=["status", "response"])
    return _json(status, stored.response)


def _draft_status(page) -> str:
    if services.in_review(page) is not None:
        return "in_review"
    if page.live:
        return "live_with_changes" if page.has_unpublished_changes else "live"
    return "draft"


def _draft(request, page: ArticlePage, action: str | None = None) -> dict:
    page = ArticlePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    links = shapes.Links(request)
    return {
        "id": page.pk,
        "title": latest.title,
        "slug": page.slug,
        "status": _draft_status(page),
        "action": action,
        "external_id": services.page_external_id(
            page, source=_source(request), create=False
        ),
        "url": links.page(page) if page.live else None,
        "admin_url": links.absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "section_id": page.get_parent().pk,
        "standfirst": latest.standfirst,
        "body": shapes.body_blocks(latest.body, links),
        "duplicates": [
            {
                "id": other.pk,
                "title": other.title,
                "url": links.page(other),
                "similarity": round(similarity, 3),
            }
            for other, similarity in duplicates_of(page)[:3]
        ],
    }


def _source(request) -> str:
    """The source named by the token's grant: the namespace of its
    ``external_id`` values."""
    grant = getattr(request.auth, "grant", None)
    return grant.source if grant is not None else ""


def _article(draft_id: int) -> ArticlePage:
    page = ArticlePage.objects.filter(pk=draft_id).first()
    if page is None:
        raise ApiError(404, _("غير موجود."))
    return page


def _unlocked(request, page: ArticlePage) -> None:
    """Refuse (423) a write to ``page`` while another user holds its lock, as
    the admin's editor refuses it; the lock's owner writes as before."""
    if page.locked and BasicLock(page).for_user(request.user):
        raise ApiError(
            423,
            _("المقال مقفل من %(user)s: لا يُعدّل حتى يُفتح.")
            % {"user": get_user_display_name(page.locked_by)},
        )


def _section(section_id: int) -> SectionPage:
    section = SectionPage.objects.filter(pk=section_id).first()
    if section is None:
        raise ApiError(
            400, _("طلب غير صالح."), fields={"section": [_("قسم غير معروف.")]}
        )
    return section


def _saved(request, data: inputs.DraftIn, page: ArticlePage | None):
    """Save ``data`` as a draft of ``page`` (or of the article ``external_id``
    names, or a new one) after the scope and role checks."""
    section = _section(data.section)
    source = _source(request)
    if page is None and data.external_id:
        page = services.existing_draft(data.external_id, source=source)
    if page is not None:
        _unlocked(request, page)
    require(request, Scope.CREATE_DRAFTS, page or section)
    if page is not None and section.pk != page.get_parent().pk:
        require(request, Scope.CREATE_DRAFTS, section)
    if page is not None:
        key = services.page_external_id(page, source=source)
    else:
        key = data.external_id
    saved, action = services.draft_save(
        user=request.user, data=data, section=section, external_id=key, source=source
    )
    return (201 if action == CREATED else 200), _draft(request, saved, ACTIONS[action])


WRITES = {"auth": auth, "tags": ["writes"]}


@api.post(
    "/drafts",
    response={200: schemas.Draft, 201: schemas.Draft, **REFUSALS},
    summary="Create a draft (or update the one pushed with the same external_id)",
    **WRITES,
)
def draft_create(request, data: inputs.DraftIn):
    """Scope ``create_drafts``. A new article, saved as a draft revision in
    the writer's name; with an ``external_id`` already pushed, that draft is
    updated instead (``200``), so a wire story pushed twice is one article;
    ``423`` when that article is locked by another user."""
    return _write(request, data.dict(), lambda: _saved(request, data, None))


@api.put(
    "/drafts/{draft_id}",
    response={200: schemas.Draft, **REFUSALS},
    summary="Save a new draft revision of an article",
    **WRITES,
)
def draft_update(request, draft_id: DraftId, data: inputs.DraftIn):
    """Scope ``create_drafts`` on an article the user may edit. A live article
    stays live as it was; the new revision waits for review or publishing.
    ``423`` while another user holds the article's lock (the admin's "Lock"):
    nothing is written until its owner, whose own token may write, unlocks it."""
    page = _article(draft_id)
    other = None
    if data.external_id:
        other = services.existing_draft(data.external_id, source=_source(request))
    if other is not None and other.pk != page.pk:
        raise ApiError(409, _("هذا المعرّف الخارجي لمقال آخر."))
    return _write(request, data.dict(), lambda: _saved(request, data, page))


@api.get(
    "/drafts/{draft_id}",
    response={200: schemas.Draft, **REFUSALS},
    summary="The latest revision of an article",
    **WRITES,
)
def draft_read(request, draft_id: DraftId):
    """Scope ``read_drafts`` on an article the user may edit."""
    page = _article(draft_id)
    require(request, Scope.READ_DRAFTS, page)
    return _json(200, _dumps(_draft(request, page)))


LOCKED = (
    " ``423`` while another user holds the article's lock; the lock's owner may go on."
)


def _draft_step(name: str, *, scope: str, step, summary: str, doc: str) -> None:
    """Register ``POST /drafts/{draft_id}/<name>``: ``step(user=, page=)`` on
    the article after the ``scope`` and role checks, answered with the draft."""

    def endpoint(request, draft_id: DraftId):
        page = _article(draft_id)
        # Before the role check, which Wagtail's permissions already refuse
        # on a locked page: the lock is the reason to give.
        _unlocked(request, page)
        require(request, scope, page)

        def run():
            step(user=request.user, page=page)
            return 200, _draft(request, page)

        return _write(request, {}, run)

    endpoint.__name__ = "draft_%s" % name
    endpoint.__doc__ = doc + LOCKED
    api.post(
        "/drafts/{draft_id}/%s" % name,
        response={200: schemas.Draft, **REFUSALS},
        summary=summary,
        **WRITES,
    )(endpoint)


_draft_step(
    "submit",
    scope=Scope.SUBMIT,
    step=services.draft_submit,
    summary="Submit the latest revision for review",
    doc="Scope ``submit``: starts the newsroom's review workflow, as the "
    'editor\'s "Submit for review" does.',
)
_draft_step(
    "publish",
    scope=Scope.PUBLISH,
    step=services.draft_publish,
    summary="Publish the latest revision",
    doc="Scope ``publish``, and only for a user whose role publishes (an "
    "Editor; an Author on their own article when self-publishing is on): "
    "approves the review in progress or publishes. A Contributor's token "
    "never publishes.",
)


@api.post(
    "/images",
    response={201: schemas.UploadedImage, **REFUSALS},
    summary="Upload an image",
    **WRITES,
)
def image_upload(
    request,
    file: File[UploadedFile],
    title: FormText = "",
    alt: FormText = "",
):
    """Scope ``upload_media``: checked as the admin's upload form checks an
    image (format, bytes, pixels); the same file twice is one image."""
    require(request, Scope.UPLOAD_MEDIA)
    content = file.read()
    file.seek(0)
    fingerprint = {
        "file": hashlib.sha256(content).hexdigest(),
        "title": title,
        "alt": alt,
    }

    def upload():
        image = services.image_save(upload=file, title=title, alt=alt)
        links = shapes.Links(request)
        return 201, {
            "id": image.pk,
            "title": image.title,
            "width": image.width,
            "height": image.height,
            "url": links.absolute(image.file.url),
        }

    return _write(request, fingerprint, upload)


@api.post(
    "/comments/{comment_id}/moderation",
    response={200: schemas.ModeratedComment, **REFUSALS},
    summary="Approve, mark as spam, trash or restore a comment",
    **WRITES,
)
def comment_moderate(
    request,
    comment_id: Annotated[int, Path(..., ge=1, le=2**63 - 1)],
    data: inputs.ModerationIn,
):
    """Scope ``moderate_comments``, for a user who moderates comments."""
    require(request, Scope.MODERATE_COMMENTS)
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise ApiError(404, _("غير موجود."))

    def moderate():
        done = services.comment_moderate(
            user=request.user, comment=comment, action=data.action
        )
        return 200, {"id": done.pk, "status": done.status}

    return _write(request, data.dict(), moderate)
