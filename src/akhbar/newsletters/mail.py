"""The mails a subscriber receives: RTL HTML (tables, inline CSS) plus text.

Every mail carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC
8058), so that mail clients offer a one-click unsubscribe.
"""

import email.message
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import DNS_NAME
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


def _message(*, email: str, subject: str, text: str, html: str, leave: str, cls=None):
    message = (cls or EmailMultiAlternatives)(
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


# RFC 5322: no line of a message may be longer than this, CRLF left out.
LINE_LIMIT = 998
# Stands in for each subscriber's address in the edition's prepared bytes.
ADDRESS_MARK = "akhbar-recipient-7d1e5c@example.invalid"


class _Prepared:
    """One edition's MIME message serialised once, with marks where each
    subscriber's address and unsubscribe link go; the headers that differ in
    every mail (``To``, ``Date``, ``Message-ID``, ``List-Unsubscribe``) are
    written per mail in front of the rest.

    ``fits(address, leave)`` says whether a subscriber's mail can be made this
    way: an ASCII address and link the HTML part shows unescaped, on lines that
    stay within the limit once the link is put in.
    """

    PER_MAIL = ("To", "Date", "Message-ID", "List-Unsubscribe")

    def __init__(self, template: email.message.Message, *, marks: int):
        for name in self.PER_MAIL:
            del template[name]
        self._rest = {}
        self._template = template
        body = template.as_bytes(linesep="\n")
        mark = UNSUBSCRIBE_MARK.encode()
        # Quoted-printable or base64 parts (a line too long for 8bit) may
        # break the mark, and their lines must stay short: never fitted.
        self.usable = body.count(mark) == marks and all(
            part.get("Content-Transfer-Encoding", "7bit") in ("7bit", "8bit")
            for part in template.walk()
            if not part.is_multipart()
        )
        self._longest = max(
            (len(line) for line in body.split(b"\n") if mark in line), default=0
        )
        self._per_line = max(
            (line.count(mark) for line in body.split(b"\n")), default=0
        )

    def fits(self, address: str, leave: str) -> bool:
        grown = self._longest + self._per_line * (len(leave) - len(UNSUBSCRIBE_MARK))
        return (
            self.usable
            and address.isascii()
            and "\n" not in address
            and "\r" not in address
            and leave.isascii()
            and escape(leave) == leave
            and grown <= LINE_LIMIT
        )

    def rest(self, linesep: str) -> list[bytes]:
        """The serialised message without its per-mail headers, split at the
        unsubscribe mark."""
        if linesep not in self._rest:
            body = self._template.as_bytes(linesep=linesep)
            self._rest[linesep] = body.split(UNSUBSCRIBE_MARK.encode())
        return self._rest[linesep]


class PreparedMail:
    """What ``EditionMessage.message()`` returns when the edition's prepared
    bytes fit: ``as_bytes`` and ``as_string`` as a MIME message gives them, for
    the mail backends; anything else is read from the full MIME message, made
    on first use."""

    def __init__(self, prepared: _Prepared, *, address: str, leave: str, full):
        self._prepared = prepared
        self._leave = leave
        self._full = full
        self._headers = (
            ("To", address),
            ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            ("Message-ID", make_msgid(domain=DNS_NAME)),
            ("List-Unsubscribe", "<%s>" % leave),
        )

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        head = "".join("%s: %s%s" % (n, v, linesep) for n, v in self._headers)
        return head.encode("ascii") + self._leave.encode("ascii").join(
            self._prepared.rest(linesep)
        )

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "surrogateescape")

    def full(self) -> email.message.Message:
        """The MIME message these bytes stand for, with the same ``Date`` and
        ``Message-ID``."""
        message = self.__dict__.get("_message")
        if message is None:
            message = self.__dict__["_message"] = self._full()
            for name, value in self._headers[1:3]:
                message.replace_header(name, value)
        return message

    def __getattr__(self, name):
        return getattr(self.full(), name)

    def __getitem__(self, name):
        return self.full()[name]

    def __contains__(self, name):
        return name in self.full()


class EditionMessage(EmailMultiAlternatives):
    """A subscriber's mail of an edition: its fields as any mail's (what an API
    backend such as anymail reads), its MIME bytes from the edition's prepared
    ones when they fit, so that a mail costs a few string joins rather than
    building and encoding a MIME tree."""

    prepared: _Prepared | None = None

    def message(self):
        leave = self.extra_headers["List-Unsubscribe"][1:-1]
        address = self.to[0]
        if self.prepared is None or not self.prepared.fits(address, leave):
            return super().message()
        return PreparedMail(
            self.prepared, address=address, leave=leave, full=super().message
        )


class Edition:
    """One issue's mail rendered once; ``message(subscriber)`` only puts in
    the subscriber's own unsubscribe link, so a 100,000-subscriber list costs
    one template rendering, and one MIME message serialised, not 100,000."""

    def __init__(self, *, newsletter, subject: str, template: str, context: dict):
        self.subject = subject
        self.text, self.html = _rendered(
            newsletter=newsletter,
            subject=subject,
            template=template,
            context=context,
            leave=UNSUBSCRIBE_MARK,
        )
        self._prepared = _Prepared(
            _message(
                email=ADDRESS_MARK,
                subject=subject,
                text=self.text,
                html=self.html,
                leave=UNSUBSCRIBE_MARK,
            ).message(),
            marks=self.text.count(UNSUBSCRIBE_MARK) + self.html.count(UNSUBSCRIBE_MARK),
        )

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        leave = unsubscribe_url(subscriber)
        message = _message(
            email=subscriber.email,
            subject=self.subject,
            text=self.text.replace(UNSUBSCRIBE_MARK, leave),
            html=self.html.replace(UNSUBSCRIBE_MARK, escape(leave)),
            leave=leave,
            cls=EditionMessage,
        )
        message.prepared = self._prepared
        return message

    def test_copy(self, *, email: str, subject: str) -> EmailMultiAlternatives:
        """The edition as an editor's test copy to ``email``: no list headers
        (the editor is on no list) and the unsubscribe link pointing at the
        site, since no subscriber's link exists for it."""
        home = absolute_url("/")
        message = EmailMultiAlternatives(
            subject=subject,
            body=self.text.replace(UNSUBSCRIBE_MARK, home),
            to=[email],
        )
        message.attach_alternative(
            self.html.replace(UNSUBSCRIBE_MARK, escape(home)), "text/html"
        )
        return message
