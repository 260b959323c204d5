"""An edition's mails made from bytes serialised once: each subscriber's
headers and unsubscribe link, the same parts Django's MIME message has, and the
full MIME path wherever the prepared bytes do not fit."""

import pytest
from django.core.mail import get_connection

from akhbar.newsletters import mail, rendering, tokens
from akhbar.newsletters.models import NewsletterList, Subscriber

pytestmark = pytest.mark.django_db

SUBJECT = "الموجز اليومي"


@pytest.fixture
def newsletter():
    return NewsletterList.objects.create(name=SUBJECT, slug="daily")


def edition(newsletter, intro="<p>صباح الخير</p>") -> mail.Edition:
    items = [{"title": "خبر اليوم", "standfirst": "مقدمة", "url": "https://x.test/a/"}]
    return mail.Edition(
        newsletter=newsletter,
        subject=SUBJECT,
        template="digest",
        context=rendering.digest_context(intro=intro, items=items),
    )


def subscribers(newsletter, *addresses) -> list[Subscriber]:
    return [
        Subscriber.objects.create(newsletter=newsletter, email=address)
        for address in addresses
    ]


def send(messages) -> None:
    with get_connection() as connection:
        assert connection.send_messages(messages) == len(messages)


def parts(message) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def leave_link(message) -> str:
    """The unsubscribe link of a received mail, checked to be its reader's."""
    link = str(message["List-Unsubscribe"]).strip()[1:-1]
    assert link.startswith(mail.absolute_url("/newsletters/unsubscribe/")), link
    return link


def reader_of(link: str) -> int | None:
    return tokens.unsubscribed_id(link.rstrip("/").rsplit("/", 1)[-1])


def prepared(message) -> bool:
    return isinstance(message.message(), mail.PreparedMail)


def test_each_mail_carries_its_own_headers_and_link(newsletter, smtp_inbox):
    issue = edition(newsletter)
    readers = subscribers(
        newsletter, "one@example.org", "two@example.org", "three@example.org"
    )
    messages = [issue.message(reader) for reader in readers]
    assert all(prepared(message) for message in messages)
    send(messages)
    received = smtp_inbox.wait_for(3)
    links = [leave_link(message) for _to, message in received]
    for (envelope_to, message), reader, link in zip(
        received, readers, links, strict=True
    ):
        assert envelope_to == [reader.email]
        assert str(message["To"]) == reader.email
        assert str(message["Subject"]) == SUBJECT
        assert reader_of(link) == reader.pk
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = parts(message)
        assert link in text and 'href="%s"' % link in html
        assert [
            other for other in links if other != link and other in text + html
        ] == []
        assert mail.UNSUBSCRIBE_MARK not in text + html
    assert len({str(message["Message-ID"]) for _to, message in received}) == 3


def test_the_prepared_mail_has_the_parts_of_djangos_mime_message(
    newsletter, smtp_inbox
):
    issue = edition(newsletter)
    (reader,) = subscribers(newsletter, "reader@example.org")
    fast = issue.message(reader)
    slow = issue.message(reader)
    slow.prepared = None  # Django builds and encodes this one's MIME tree.
    assert prepared(fast) and not prepared(slow)
    send([fast, slow])
    (_, fast_mail), (_, slow_mail) = smtp_inbox.wait_for(2)
    assert parts(fast_mail) == parts(slow_mail)
    assert sorted(fast_mail.keys()) == sorted(slow_mail.keys())
    for name in ("To", "From", "Subject", "List-Unsubscribe", "MIME-Version"):
        assert str(fast_mail[name]).strip() == str(slow_mail[name]).strip(), name
    # What a backend reads besides the bytes comes from the full message.
    message = fast.message()
    assert message["Subject"] and message["Date"] == message.full()["Date"]


def test_an_address_or_a_line_that_does_not_fit_takes_the_full_path(
    newsletter, smtp_inbox
):
    (reader,) = subscribers(newsletter, "reader@example.org")
    # A line longer than RFC 5322 allows goes quoted-printable, where the mark
    # may be broken: such an edition is never made from prepared bytes.
    long_line = edition(newsletter, intro="<p>%s</p>" % ("كلمة " * 400))
    # A domain in Arabic letters needs Django's address encoding.
    (arabic,) = subscribers(newsletter, "reader@مثال.example")
    messages = [long_line.message(reader), edition(newsletter).message(arabic)]
    assert not any(prepared(message) for message in messages)
    send(messages)
    (_, long_mail), (arabic_to, arabic_mail) = smtp_inbox.wait_for(2)
    text, html = parts(long_mail)
    link = leave_link(long_mail)
    assert reader_of(link) == reader.pk
    assert link in text and link in html and "كلمة " * 399 in text
    assert arabic_to == ["reader@xn--mgbh0fb.example"]
    assert str(arabic_mail["To"]) == "reader@xn--mgbh0fb.example"
    assert reader_of(leave_link(arabic_mail)) == arabic.pk
    assert leave_link(arabic_mail) in parts(arabic_mail)[0]
