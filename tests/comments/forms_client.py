"""Drive the comment form over HTTP as a browser does, CSRF and all."""

from urllib.parse import urldefrag

import lxml.html


def comment_form(html: str):
    """The comment form of a rendered page as an lxml element."""
    forms = lxml.html.fromstring(html).xpath('//form[@id="commentform"]')
    assert forms, "The page has no comment form."
    return forms[0]


def form_values(html: str) -> dict:
    """Every named input of the comment form with the value it was rendered with."""
    form = comment_form(html)
    values = {}
    for element in form.xpath(".//input[@name]|.//textarea[@name]"):
        values[element.get("name")] = (
            element.text or ""
            if element.tag == "textarea"
            else element.get("value", "")
        )
    # A browser sends the address without its fragment (the form posts to
    # "…#respond", so the answer opens at the form).
    values["_action"] = urldefrag(form.get("action")).url
    return values


def fetch_tokens(client, html: str, values: dict) -> dict:
    """Fill in the form's CSRF and timing tokens as ``comments.js`` does: from
    the endpoint named by the form (a cached page carries none)."""
    response = client.get(comment_form(html).get("data-tokens"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    values.update(response.json())
    return values


def post_comment(client, article, *, page_url=None, **fields):
    """Load the article, fill in its form (tokens as comments.js fetches them)
    and submit it; return the response."""
    ip_address = fields.pop("_ip", "127.0.0.1")
    page = client.get(page_url or article.url)
    assert page.status_code == 200
    html = page.content.decode()
    values = fetch_tokens(client, html, form_values(html))
    action = values.pop("_action")
    values.update(
        {
            "author": "سلمى الحداد",
            "email": "salma@example.org",
            "url": "",
            "comment": "تعليق مفيد على الخبر.",
        }
    )
    values.update(fields)
    return client.post(action, values, REMOTE_ADDR=ip_address)
