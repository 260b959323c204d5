"""Where the article page's comment form posts: check, store, redirect (PRG).

A refused comment re-renders the article with the form, its errors and the
reader's text, so nothing typed is lost and no JavaScript is needed.
"""

from urllib.parse import urlencode

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from . import selectors, services, spam
from .errors import CommentInvalid, CommentRejected
from .forms import CommentForm, parse_id
from .models import Comment

POSTED_PARAM = "comment-posted"
PAGE_PARAM = "comments-page"
REPLY_PARAM = "replytocom"
POSTED_SALT = "akhbar.comments.posted"
# How long the link after posting shows the commenter their held comment.
POSTED_MAX_AGE = 3600
FORM_ATTRIBUTE = "akhbar_comment_form"


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


@require_POST
def post_comment(request, article_id: str):
    """Store a reader's comment on an article, then redirect back to it."""
    article_pk = parse_id(article_id)
    article = selectors.commentable_article(article_pk) if article_pk else None
    if article is None:
        raise Http404
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
    setattr(request, FORM_ATTRIBUTE, form)
    response = article.serve(request)
    response.status_code = status
    return response
