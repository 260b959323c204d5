"""Where the article page's comment form posts: check, store, redirect (PRG).

A refused comment re-renders the article with the form, its errors and the
reader's text, so nothing typed is lost and no JavaScript is needed.

The article page is the same for every reader, so shared caches keep it: its
form carries no CSRF or timing token. ``comment_tokens`` hands both out
(``comments.js`` asks for them when a reader starts writing); a form sent
without them (no JavaScript) comes back filled in, with fresh tokens, for the
reader to send again.
"""

from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from akhbar.core import caching

from . import selectors, services, spam
from .errors import CommentInvalid, CommentRejected, CommentsClosed
from .forms import CommentForm, parse_id
from .models import Comment

POSTED_PARAM = "comment-posted"
PAGE_PARAM = "comments-page"
REPLY_PARAM = "replytocom"
POSTED_SALT = "akhbar.comments.posted"
# How long the link after posting shows the commenter their held comment.
POSTED_MAX_AGE = 3600
FORM_ATTRIBUTE = "akhbar_comment_form"
CONFIRM_MESSAGE = _("راجع تعليقك ثم اضغط «إرسال التعليق» مرة أخرى لتأكيده.")


def posted_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=POSTED_SALT)


def posted_comment_id(token: str) -> int | None:
    """The comment id in a link made after posting, if genuine and recent."""
    try:
        value = signing.loads(token, salt=POSTED_SALT, max_age=POSTED_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def posted_url(request, article, comment: Comment) -> str:
    """The article, showing the new comment or the notice that it is held."""
    params = {POSTED_PARAM: posted_token(comment)}
    if comment.status == Comment.Status.APPROVED:
        number = selectors.thread_page_number(article, comment.pk)
        if number > 1:
            params[PAGE_PARAM] = number
        anchor = "comment-%d" % comment.pk
    else:
        anchor = "comment-status"
    return "%s?%s#%s" % (article.get_url(request), urlencode(params), anchor)


def _article_or_404(article_id: str):
    article_pk = parse_id(article_id)
    article = selectors.commentable_article(article_pk) if article_pk else None
    if article is None:
        raise Http404
    return article


def _csrf_passes(request) -> bool:
    """Django's own CSRF check, run here so that a failure can re-show the form."""
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, None, (), {}) is None


@require_GET
def comment_tokens(request, article_id: str):
    """The comment form's CSRF and timing tokens, for one reader, never cached."""
    article = _article_or_404(article_id)
    response = JsonResponse(
        {
            "csrfmiddlewaretoken": get_token(request),
            "token": spam.form_token(article.pk),
        }
    )
    caching.patch_private(response)
    return response


def _render_form(request, article, form, status: int):
    """The article again, with ``form`` (the reader's text) and fresh tokens."""
    setattr(request, FORM_ATTRIBUTE, form)
    caching.mark_private(request)
    response = article.serve(request)
    response.status_code = status
    return response


@csrf_exempt
@require_POST
def post_comment(request, article_id: str):
    """Store a reader's comment on an article, then redirect back to it."""
    article = _article_or_404(article_id)
    if not _csrf_passes(request):
        # Sent without tokens (no JavaScript) or with stale ones: nothing is
        # stored; the reader's text comes back, with tokens, to be sent again.
        form = CommentForm(request.POST, article=article, check_token=False)
        form.is_valid()
        if selectors.comments_are_open(article):
            error = ValidationError(CONFIRM_MESSAGE, code="confirm")
        else:
            error = CommentsClosed()
        form.add_error(None, error)
        return _render_form(request, article, form, getattr(error, "status_code", 200))
    form = CommentForm(request.POST, article=article)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            parent = None
            if data["parent"]:
                parent = selectors.comment_of_article(article, data["parent"])
                if parent is None:
                    raise CommentInvalid(code="parent")
            comment = services.comment_create(
                article=article,
                author_name=data["author"],
                author_email=data["email"],
                website=data["url"],
                body=data["comment"],
                parent=parent,
                ip_address=spam.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except CommentRejected as error:
            form.add_error(None, error)
            status = error.status_code
        else:
            return redirect(posted_url(request, article, comment))
    return _render_form(request, article, form, status)
