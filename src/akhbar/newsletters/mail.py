"""The mails a subscriber receives: RTL HTML (tables, inline CSS) plus text.

Every mail carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC
8058), so that mail clients offer a one-click unsubscribe.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from akhbar.core.urls import absolute_url

from . import rendering, tokens
from .models import Subscriber


def unsubscribe_url(subscriber: Subscriber) -> str:
    path = reverse(
        "akhbar_newsletters:unsubscribe",
        args=[tokens.unsubscribe_token(subscriber.pk)],
    )
    return absolute_url(path)


def confirm_url(subscriber: Subscriber) -> str:
    path = reverse(
        "akhbar_newsletters:confirm", args=[tokens.confirm_token(subscriber.pk)]
    )
    return absolute_url(path)


# Stands in for each subscriber's own link in a text rendered once for many:
# letters and dashes only, so that escaping leaves it as it is.
UNSUBSCRIBE_MARK = "akhbar-unsubscribe-url-7d1e5c"


def _rendered(*, newsletter, subject: str, template: str, context: dict, leave: str):
    context = rendering.mail_context(
        newsletter=newsletter, subject=subject, context=context, leave=leave
    )
    name = "akhbar_newsletters/mail/%s" % template
    return (
        render_to_string(name + ".txt", context),
        render_to_string(name + ".html", context),
    )


def _message(*, email: str, subject: str, text: str, html: str, leave: str):
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[email],
        headers={
            "List-Unsubscribe": "<%s>" % leave,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(
    *, subscriber: Subscriber, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    """``template``.txt and ``template``.html rendered for one subscriber."""
    leave = unsubscribe_url(subscriber)
    text, html = _rendered(
        newsletter=subscriber.newsletter,
        subject=subject,
        template=template,
        context=context,
        leave=leave,
    )
    return _message(
        email=subscriber.email, subject=subject, text=text, html=html, leave=leave
    )


class Edition:
    """One issue's mail rendered once; ``message(subscriber)`` only puts in
    the subscriber's own unsubscribe link, so a 100,000-subscriber list costs
    one template rendering, not 100,000."""

    def __init__(self, *, newsletter, subject: str, template: str, context: dict):
        self.subject = subject
        self.text, self.html = _rendered(
            newsletter=newsletter,
            subject=subject,
            template=template,
            context=context,
            leave=UNSUBSCRIBE_MARK,
        )

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        leave = unsubscribe_url(subscriber)
        return _message(
            email=subscriber.email,
            subject=self.subject,
            text=self.text.replace(UNSUBSCRIBE_MARK, leave),
            html=self.html.replace(UNSUBSCRIBE_MARK, escape(leave)),
            leave=leave,
        )
