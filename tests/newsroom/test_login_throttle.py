"""Sign-in lock-out and password-reset limits, over real HTTP (the live server)."""

import lxml.html
import pytest
import requests
from django.core import mail

from tests.newsroom.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 10


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AKHBAR_TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    settings.AKHBAR_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    return settings


def post_form(base, path, values, *, ip):
    """GET ``path`` for its CSRF token, then POST ``values`` from ``ip``."""
    session = requests.Session()
    headers = {"X-Forwarded-For": ip}
    page = session.get(base + path, headers=headers, timeout=TIMEOUT)
    token = lxml.html.fromstring(page.text).xpath(
        "//input[@name='csrfmiddlewaretoken']/@value"
    )[0]
    return session.post(
        base + path,
        data={**values, "csrfmiddlewaretoken": token},
        headers={**headers, "Referer": base + path},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def sign_in(base, username, password, *, ip):
    return post_form(
        base,
        "/admin/login/",
        {"username": username, "password": password},
        ip=ip,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "login" not in response.headers["Location"]


def test_wrong_passwords_lock_out_the_account_from_that_address(live_server, limits):
    user = make_user("admin", "chief")
    base = live_server.url
    codes = [
        sign_in(base, user.username, "wrong", ip="203.0.113.5").status_code
        for _ in range(3)
    ]
    # The third wrong password locks the pair out; so is the right one after it.
    assert codes == [200, 200, 429]
    locked = sign_in(base, user.username, PASSWORD, ip="203.0.113.5")
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "no-store" in locked.headers["Cache-Control"]
    # The same account from another address, and another account from the
    # locked address, still sign in: an attacker cannot lock the newsroom out.
    assert signed_in(sign_in(base, user.username, PASSWORD, ip="198.51.100.7"))
    other = make_user("admin", "deputy")
    assert signed_in(sign_in(base, other.username, PASSWORD, ip="203.0.113.5"))


def test_a_forged_forwarded_address_does_not_escape_the_lock_out(live_server, limits):
    """From a peer that is not a trusted proxy, X-Forwarded-For is ignored: every
    attempt counts against the peer's own address."""
    limits.AKHBAR_TRUSTED_PROXIES = []
    user = make_user("admin", "chief")
    for n in range(3):
        sign_in(live_server.url, user.username, "wrong", ip="192.0.2.%d" % n)
    refused = sign_in(live_server.url, user.username, PASSWORD, ip="192.0.2.99")
    assert refused.status_code == 429


def test_a_right_password_before_the_limit_resets_the_count(live_server, limits):
    user = make_user("admin", "chief")
    base = live_server.url
    for _ in range(2):
        sign_in(base, user.username, "wrong", ip="203.0.113.5")
    assert signed_in(sign_in(base, user.username, PASSWORD, ip="203.0.113.5"))
    for _ in range(2):
        sign_in(base, user.username, "wrong", ip="203.0.113.5")
    assert signed_in(sign_in(base, user.username, PASSWORD, ip="203.0.113.5"))


def reset(base, email, *, ip):
    return post_form(base, "/admin/password_reset/", {"email": email}, ip=ip)


def test_password_reset_mails_are_limited_per_account(live_server, limits):
    limits.AKHBAR_PASSWORD_RESET_RATE_PER_USER = 2
    user = make_user("admin", "chief")
    mail.outbox.clear()
    answers = [
        reset(live_server.url, user.email, ip="203.0.113.%d" % n) for n in range(5)
    ]
    # Every request gets the same answer; only the first two send a mail.
    assert {answer.status_code for answer in answers} == {302}
    assert [message.to for message in mail.outbox] == [[user.email]] * 2


def test_password_reset_mails_are_limited_per_address(live_server, limits):
    limits.AKHBAR_PASSWORD_RESET_RATE_PER_IP = 2
    users = [make_user("admin", "chief%d" % n) for n in range(4)]
    mail.outbox.clear()
    for user in users:
        reset(live_server.url, user.email, ip="203.0.113.5")
    assert len(mail.outbox) == 2
    reset(live_server.url, users[3].email, ip="198.51.100.7")
    assert mail.outbox[-1].to == [users[3].email]
