"""Who is writing: Wagtail's bearer tokens, their scopes, the user's role, and
the limits every write meets before its body is read.

``TokenAuth`` runs before django-ninja parses a body, so an oversized body, a
client over its address's write limit or a wrong, revoked or expired token is
refused before anything is read or written. ``require`` then checks that the
token holds a scope *and* that the user's role allows what the scope names
(``newsroom.roles``): the narrower of the two wins.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.images import get_image_model
from wagtail.models import APIToken
from wagtail.permissions import policy_registry

from akhbar.core import ratelimit
from akhbar.news.models import ArticlePage
from akhbar.newsroom.roles import may_create, may_self_publish

from .models import Scope, TokenGrant


class ApiError(Exception):
    """A refusal with its HTTP status, message and headers."""

    def __init__(self, status: int, message: str, *, headers=None, fields=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.fields = fields or {}


def _limit(kind: str, value: str) -> None:
    window = settings.AKHBAR_API_WRITE_WINDOW_SECONDS
    limit = {
        "ip": settings.AKHBAR_API_WRITES_PER_IP,
        "token": settings.AKHBAR_API_WRITES_PER_TOKEN,
    }[kind]
    if not ratelimit.hit("api", kind, value, limit=limit, window=window):
        raise ApiError(
            429,
            _("طلبات كثيرة، أعد المحاولة لاحقاً."),
            headers={"Retry-After": str(ratelimit.retry_after(window))},
        )


def _check_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    largest = settings.AKHBAR_API_MAX_BODY_BYTES
    if request.content_type == "multipart/form-data":
        # An image and its few form fields.
        largest = (
            settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + settings.AKHBAR_API_MAX_BODY_BYTES
        )
    if length > largest:
        raise ApiError(
            413, _("الطلب أكبر من المسموح (%(bytes)s بايت).") % {"bytes": largest}
        )


class TokenAuth(BearerTokenAuth):
    """``Authorization: Bearer <token>`` with a Wagtail API token.

    Writes are counted per client address before the token is looked at (so
    guessing tokens is limited too) and per token after.
    """

    def __call__(self, request):
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        if writing:
            address = ratelimit.client_ip(request)
            _limit("ip", address or "")
            _check_size(request)
        token = super().__call__(request)
        if token is not None and writing:
            _limit("token", str(token.pk))
        return token

    def authenticate(self, request, token: str):
        found = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(token))
            .first()
        )
        if found is None or not found.user.is_active:
            raise ApiError(401, _("مفتاح غير معروف."), headers=CHALLENGE)
        if found.revoked_at is not None:
            raise ApiError(401, _("هذا المفتاح أُبطل."), headers=CHALLENGE)
        grant = TokenGrant.objects.filter(token=found).first()
        if grant is not None and grant.is_expired(timezone.now()):
            raise ApiError(401, _("انتهت صلاحية هذا المفتاح."), headers=CHALLENGE)
        found.grant = grant
        request.user = found.user
        self._touch_last_used(found)
        return found


CHALLENGE = {"WWW-Authenticate": 'Bearer realm="akhbar"'}


def _role_allows(scope: str, user, target) -> bool:
    """Whether ``user``'s role allows ``scope`` on ``target`` (a page, for the
    page scopes; a parent section for ``create_drafts``)."""
    if scope == Scope.MODERATE_COMMENTS:
        return user.has_perm("akhbar_comments.moderate_comment")
    if scope == Scope.UPLOAD_MEDIA:
        policy = policy_registry.get_by_type(get_image_model())
        return policy.user_has_permission(user, "add")
    permissions = target.permissions_for_user(user)
    if scope == Scope.CREATE_DRAFTS and isinstance(target.specific, ArticlePage):
        return permissions.can_edit()
    if scope == Scope.CREATE_DRAFTS:
        return may_create(user, ArticlePage) and permissions.can_add_subpage()
    if scope == Scope.READ_DRAFTS:
        return permissions.can_edit()
    if scope == Scope.SUBMIT:
        return permissions.can_submit_for_moderation()
    if scope == Scope.PUBLISH:
        return permissions.can_publish() or may_self_publish(user, target)
    return False


def require(request, scope: str, target=None) -> None:
    """Refuse (403) unless the token holds ``scope`` and its user's role allows
    it on ``target``."""
    grant = getattr(request.auth, "grant", None)
    if grant is None or scope not in grant.scopes:
        raise ApiError(
            403, _("هذا المفتاح لا يملك صلاحية «%(scope)s».") % {"scope": scope}
        )
    if not _role_allows(scope, request.user, target):
        raise ApiError(
            403, _("دور صاحب المفتاح لا يسمح بهذا («%(scope)s»).") % {"scope": scope}
        )
