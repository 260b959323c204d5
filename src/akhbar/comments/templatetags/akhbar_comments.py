"""Template tags for reader comments: the article's comment section and filters."""

from urllib.parse import urlencode

from django import template

from akhbar.comments import rendering, selectors, spam
from akhbar.comments.forms import CommentForm, parse_id
from akhbar.comments.models import Comment
from akhbar.comments.views import (
    FORM_ATTRIBUTE,
    PAGE_PARAM,
    POSTED_PARAM,
    REPLY_PARAM,
    posted_comment_id,
)

register = template.Library()


@register.filter
def comment_body(text):
    """A comment's text as paragraphs, with only http(s) addresses linked."""
    return rendering.render_body(text)


@register.filter
def initials(name):
    return rendering.initials(name)


@register.filter
def avatar_colour(name):
    return rendering.avatar_colour(name)


@register.filter
def safe_http_url(url):
    """The address when it is http(s), else empty: checked again on output."""
    return rendering.safe_http_url(url)


@register.filter
def comment_count_label(count):
    return rendering.comment_count_label(int(count or 0))


def _query(number: int, **extra) -> str:
    params = {PAGE_PARAM: number} if number > 1 else {}
    params.update(extra)
    return "?" + urlencode(params) if params else ""


def _posted(request, article, thread_page):
    """The notice after posting, and the held comment shown to its author."""
    comment_id = (
        posted_comment_id(request.GET.get(POSTED_PARAM, "")) if request else None
    )
    if comment_id is None:
        return "", None
    comment = thread_page.by_id.get(comment_id) or selectors.posted_comment(
        article, comment_id
    )
    if comment is None:
        return "", None
    if comment.status == Comment.Status.APPROVED:
        return "published", None
    if comment.status == Comment.Status.PENDING:
        comment.level = 1
        return "pending", comment
    return "", None


@register.inclusion_tag("akhbar_comments/section.html", takes_context=True)
def comments_section(context, article):
    """Published threads of ``article`` (a page of them), and the comment form."""
    request = context.get("request")
    params = request.GET if request is not None else {}
    number = parse_id(params.get(PAGE_PARAM)) or 1
    thread_page = selectors.article_thread_page(article, page_number=number)
    notice, preview = _posted(request, article, thread_page)
    form = getattr(request, FORM_ATTRIBUTE, None)
    if form is not None:
        reply_id = parse_id(form.data.get("parent"))
    else:
        reply_id = parse_id(params.get(REPLY_PARAM))
    reply_to = thread_page.by_id.get(reply_id) if reply_id else None
    if form is None:
        form = CommentForm(
            article=article,
            auto_id="%s",
            initial={"parent": reply_to.pk if reply_to else ""},
        )
    else:
        form.auto_id = "%s"
    closed = selectors.comments_closed_reason(article)
    return {
        "request": request,
        "article": article,
        "article_url": article.get_url(request),
        "threads": thread_page,
        "count_label": rendering.comment_count_label(thread_page.total),
        "notice": notice,
        "preview": preview,
        "form": form,
        "token": spam.form_token(article.pk),
        "reply_to": reply_to,
        "cancel_reply_query": _query(thread_page.number),
        "closed": closed,
        "open": not closed,
    }


@register.simple_tag(takes_context=True)
def reply_query(context, comment):
    """Query string that opens the form as a reply to ``comment``, no JS needed."""
    return _query(context["threads"].number, **{REPLY_PARAM: comment.pk})


@register.simple_tag
def comments_page_query(number):
    return _query(number)
