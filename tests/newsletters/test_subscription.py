"""Double opt-in, digest and unsubscribe over real HTTP and a real SMTP server."""

import re

import lxml.html
import pytest
import requests
from django.core.management import call_command

from akhbar.newsletters.models import NewsletterList, Subscriber
from tests.news.factories import ensure_home, make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "daily"
TIMEOUT = 10


def get(url, **kwargs):
    return requests.get(url, timeout=TIMEOUT, **kwargs)


def post(url, **kwargs):
    return requests.post(url, timeout=TIMEOUT, **kwargs)


@pytest.fixture
def newsletter():
    return NewsletterList.objects.create(
        name="الموجز اليومي", slug=SLUG, kind=NewsletterList.Kind.DAILY
    )


@pytest.fixture
def articles():
    section = make_section(ensure_home(), "سياسة")
    return [
        make_article(section, "البرلمان يقر الموازنة"),
        make_article(section, "<img src=x onerror=alert(1)> عنوان خبيث"),
    ]


def subscribe(site, address, *, ip="127.0.0.1"):
    """Load the subscribe page, fill in the form with its CSRF token, post it."""
    session = requests.Session()
    url = "%s/newsletters/%s/subscribe/" % (site, SLUG)
    page = session.get(url)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    form = lxml.html.fromstring(page.text).xpath("//form[@class='newsletter-form']")[0]
    values = {i.get("name"): i.get("value", "") for i in form.xpath(".//input[@name]")}
    values["email"] = address
    return session.post(
        url, data=values, headers={"X-Forwarded-For": ip}, allow_redirects=True
    )


def parts(message):
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    return html, text


def unsubscribe_link(message) -> str:
    header = str(message["List-Unsubscribe"]).strip()
    match = re.fullmatch(r"<(https?://[^>]+)>", header)
    assert match, header
    return match.group(1)


def test_subscribe_confirm_digest_unsubscribe(site, smtp_inbox, newsletter, articles):
    response = subscribe(site, "Reader@Example.org")
    assert response.status_code == 200
    assert "newsletter-sent" in response.text
    assert "reader@example.org" not in response.text.lower()
    # A second address never confirms.
    subscribe(site, "lurker@example.org")
    (to, confirmation), (_to, _other) = smtp_inbox.wait_for(2)
    assert to == ["reader@example.org"]
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, text = parts(confirmation)
    root = lxml.html.fromstring(html)
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"
    link = re.search(r"%s/newsletters/confirm/\S+/" % re.escape(site), text).group(0)
    assert link in html
    assert unsubscribe_link(confirmation).startswith(site)
    # Before confirmation nobody is mailed the digest.
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 0

    confirmed = get(link)
    assert confirmed.status_code == 200
    assert "newsletter-confirmed" in confirmed.text
    assert "reader@example.org" not in confirmed.text
    assert get(link[:-3] + "xx/").status_code == 404  # A forged link.

    call_command("send-newsletter", SLUG)
    messages = smtp_inbox.wait_for(3)
    digest_to, digest = messages[2]
    assert digest_to == ["reader@example.org"]
    html, text = parts(digest)
    root = lxml.html.fromstring(html)
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"
    hrefs = [a.get("href") for a in root.iter("a")]
    for article in articles:
        assert site + article.url in hrefs
        assert site + article.url in text
    assert root.xpath("//img") == []  # The hostile title is text, not markup.
    assert "<img src=x onerror=alert(1)>" in root.text_content()
    leave = unsubscribe_link(digest)
    assert leave in hrefs and leave in text

    call_command("send-newsletter", SLUG)  # Idempotent: nothing twice.
    call_command("send-newsletter")
    assert len(smtp_inbox.messages) == 3

    page = get(leave)
    assert page.status_code == 200
    session_form = lxml.html.fromstring(page.text).xpath(
        "//form[@id='unsubscribe-form']"
    )
    assert session_form, "The unsubscribe page has no button."
    done = post(leave)
    assert done.status_code == 200 and "newsletter-unsubscribed" in done.text

    # A new edition of the day goes to nobody: one left, one never confirmed.
    newsletter.issues.all().delete()
    call_command("send-newsletter", SLUG)
    assert len(smtp_inbox.messages) == 3


def test_one_click_unsubscribe_from_the_mail_client(site, smtp_inbox, newsletter):
    subscribe(site, "reader@example.org")
    (_to, confirmation) = smtp_inbox.wait_for(1)[0]
    response = post(
        unsubscribe_link(confirmation), data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is not None


def test_invalid_address_is_refused_in_arabic_and_nothing_stored(
    site, smtp_inbox, newsletter
):
    response = subscribe(site, "<script>alert(1)</script>")
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;" in response.text
    error = lxml.html.fromstring(response.text).xpath("//*[@role='alert']")
    assert error and re.search("[\u0600-\u06ff]", error[0].text_content())
    assert Subscriber.objects.count() == 0
    assert smtp_inbox.messages == []


def test_honeypot_refused(site, smtp_inbox, newsletter):
    session = requests.Session()
    url = "%s/newsletters/%s/subscribe/" % (site, SLUG)
    page = session.get(url)
    token = lxml.html.fromstring(page.text).xpath(
        "//input[@name='csrfmiddlewaretoken']"
    )[0]
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": token.get("value"),
            "email": "bot@example.org",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_flood_from_one_address_is_refused(site, smtp_inbox, newsletter, settings):
    """Behind a trusted proxy (the test client's loopback) readers are told apart
    by the address it forwards."""
    settings.AKHBAR_NEWSLETTERS_RATE_PER_IP = 3
    settings.AKHBAR_TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    for number in range(3):
        ok = subscribe(site, "r%d@example.org" % number, ip="203.0.113.9")
        assert ok.status_code == 200
    refused = subscribe(site, "r9@example.org", ip="203.0.113.9")
    assert refused.status_code == 429
    assert subscribe(site, "other@example.org", ip="198.51.100.2").status_code == 200
    emails = set(Subscriber.objects.values_list("email", flat=True))
    assert "r9@example.org" not in emails and len(emails) == 4


def test_forwarded_address_from_an_untrusted_peer_is_ignored(
    site, smtp_inbox, newsletter, settings
):
    """With no trusted proxy a client cannot escape the limit by writing
    X-Forwarded-For: its own address (the peer's) is counted."""
    settings.AKHBAR_NEWSLETTERS_RATE_PER_IP = 2
    settings.AKHBAR_TRUSTED_PROXIES = []
    codes = [
        subscribe(site, "r%d@example.org" % n, ip="198.51.100.%d" % n).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_form_posted_from_a_cached_page_comes_back_to_confirm(
    site, smtp_inbox, newsletter
):
    """The include has no CSRF token: its post shows the form again, with one."""
    url = "%s/newsletters/%s/subscribe/" % (site, SLUG)
    response = post(url, data={"email": "reader@example.org"})
    assert response.status_code == 200
    form = lxml.html.fromstring(response.text).xpath("//form[@class='newsletter-form']")
    assert form[0].xpath(".//input[@name='csrfmiddlewaretoken']")
    assert form[0].xpath(".//input[@name='email']")[0].get("value") == (
        "reader@example.org"
    )
    assert Subscriber.objects.count() == 0


def test_include_has_no_token_and_no_addresses(newsletter):
    from django.template import Context, Template

    Subscriber.objects.create(newsletter=newsletter, email="secret@example.org")
    html = Template(
        '{% load akhbar_newsletters %}{% newsletter_form "daily" %}'
    ).render(Context({}))
    assert 'action="/newsletters/daily/subscribe/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "secret@example.org" not in html


def test_home_page_shows_the_daily_form_without_a_query(
    newsletter, django_assert_num_queries
):
    """The home page's form costs no query once the lists are cached, and a new
    list shows at once."""
    from django.template import Context, Template

    template = Template("{% load akhbar_newsletters %}{% newsletter_form %}")
    assert "/newsletters/daily/subscribe/" in template.render(Context({}))
    with django_assert_num_queries(0):
        template.render(Context({}))
    newsletter.active = False
    newsletter.save()
    assert "<form" not in template.render(Context({}))
    NewsletterList.objects.create(
        name="صباح", slug="morning", kind=NewsletterList.Kind.DAILY
    )
    assert "/newsletters/morning/subscribe/" in template.render(Context({}))
