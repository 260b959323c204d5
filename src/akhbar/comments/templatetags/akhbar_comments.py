"""Template tags for reader comments: the article's comment section and filters."""

from urllib.parse import urlencode

from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language

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
from akhbar.core import caching, versions
from akhbar.news.selectors import news_generation

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


THREADS_SECONDS = 600


def _threads_html(request, article, thread_page, *, article_url, is_open) -> str:
    return render_to_string(
        "akhbar_comments/threads.html",
        {
            "threads": thread_page,
            "article_url": article_url,
            "open": is_open,
        },
        request=request,
    )


def _cached_threads(request, article, number, *, article_url, is_open):
    """(count label, threads HTML) of a plain page view, from the fragment cache.

    Keyed by the article's comments version (a new or moderated comment changes
    it) and the tree version (a publish, move or import does), so a cached thread
    is never older than the comments it shows.
    """
    key = versions.key(
        "comments",
        "threads",
        article.pk,
        number,
        get_language(),
        int(is_open),
        selectors.comments_version(article.pk),
        news_generation(),
    )
    fragments = caches["fragments"]
    cached = fragments.get(key)
    if cached is None:
        thread_page = selectors.article_thread_page(article, page_number=number)
        cached = (
            rendering.comment_count_label(thread_page.total),
            _threads_html(
                request,
                article,
                thread_page,
                article_url=article_url,
                is_open=is_open,
            ),
        )
        fragments.set(key, cached, THREADS_SECONDS)
    return cached


def _fields_html(form) -> str:
    """The form's visible fields; a blank form's are the same for every article."""
    if form.is_bound:
        return render_to_string("akhbar_comments/form_fields.html", {"form": form})
    key = versions.key(
        "comments", "blank-fields", get_language(), form.limit, form.digits
    )
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = render_to_string("akhbar_comments/form_fields.html", {"form": form})
        fragments.set(key, html, None)
    return html


@register.inclusion_tag("akhbar_comments/section.html", takes_context=True)
def comments_section(context, article):
    """Published threads of ``article`` (a page of them), and the comment form.

    A plain view of the article (no reply, notice or bound form) renders its
    threads from a cache; a blank form has no tokens (see ``views``), so the page
    is the same for every reader.
    """
    request = context.get("request")
    params = request.GET if request is not None else {}
    number = parse_id(params.get(PAGE_PARAM)) or 1
    form = getattr(request, FORM_ATTRIBUTE, None)
    if form is not None:
        reply_id = parse_id(form.data.get("parent"))
    else:
        reply_id = parse_id(params.get(REPLY_PARAM))
    closed = selectors.comments_closed_reason(article)
    article_url = article.get_url(request)
    notice, preview, reply_to = "", None, None
    if not reply_id and not params.get(POSTED_PARAM):
        count_label, threads_html = _cached_threads(
            request, article, number, article_url=article_url, is_open=not closed
        )
    else:
        thread_page = selectors.article_thread_page(article, page_number=number)
        number = thread_page.number
        notice, preview = _posted(request, article, thread_page)
        reply_to = thread_page.by_id.get(reply_id) if reply_id else None
        count_label = rendering.comment_count_label(thread_page.total)
        threads_html = _threads_html(
            request, article, thread_page, article_url=article_url, is_open=not closed
        )
    if form is None:
        form = CommentForm(
            article=article,
            auto_id="%s",
            initial={"parent": reply_to.pk if reply_to else ""},
        )
    else:
        form.auto_id = "%s"
    if request is not None and (notice or form.is_bound):
        # Meant for this reader alone: the notice, their text, fresh tokens.
        caching.mark_private(request)
    return {
        "request": request,
        "article": article,
        "article_url": article_url,
        "threads_html": threads_html,
        "count_label": count_label,
        "notice": notice,
        "preview": preview,
        "form": form,
        "fields_html": _fields_html(form),
        # A blank form is the same for every reader; its tokens come from
        # ``comment_tokens`` when the reader starts writing.
        "token": spam.form_token(article.pk) if form.is_bound else "",
        "reply_to": reply_to,
        "cancel_reply_query": _query(number),
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
