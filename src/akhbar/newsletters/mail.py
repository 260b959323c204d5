"""The mails a subscriber receives: RTL HTML (tables, inline CSS) plus text.

Every mail carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC
8058), so that mail clients offer a one-click unsubscribe.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from akhbar.core.urls import absolute_url

from . import tokens
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


def build_message(
    *, subscriber: Subscriber, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    """``template``.txt and ``template``.html rendered for one subscriber."""
    leave = unsubscribe_url(subscriber)
    context = {
        **context,
        "subject": subject,
        "newsletter": subscriber.newsletter,
        "unsubscribe_url": leave,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": absolute_url("/"),
    }
    name = "akhbar_newsletters/mail/%s" % template
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(name + ".txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": "<%s>" % leave,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(name + ".html", context), "text/html")
    return message
