"""The rules that publish a new comment or hold it for an editor.

Held comments wait as ``pending`` with the reason an editor sees in the queue.
Matching ignores what spammers vary to slip past a list and readers vary by
habit: diacritics, tatweel, hamza forms, zero-width characters and letter case.
"""

import ipaddress
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from akhbar.arabic import normalize

from . import selectors
from .models import Comment, CommentModerationSettings

_LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def count_links(text: str) -> int:
    """How many web addresses ``text`` contains."""
    return len(_LINK_RE.findall(text or ""))


def _entries(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def blocked_word(text: str, words: str) -> str:
    """The first listed word or phrase found in ``text`` (normalised), or ``""``.

    Part of a word matches too, as in WordPress's lists, so that a listed word
    also catches its forms with attached prefixes (و، ال، ب) and suffixes.
    """
    haystack = " ".join(normalize(text).split())
    for entry in _entries(words):
        needle = " ".join(normalize(entry).split())
        if needle and needle in haystack:
            return entry
    return ""


def blocked_name(name: str, names: str) -> str:
    wanted = " ".join(normalize(name).split())
    for entry in _entries(names):
        if " ".join(normalize(entry).split()) == wanted:
            return entry
    return ""


def blocked_email(email: str, emails: str) -> str:
    email = (email or "").lower()
    domain = email.rpartition("@")[2]
    for entry in _entries(emails):
        entry_lower = entry.lower()
        if entry_lower.startswith("@"):
            listed = entry_lower[1:]
            if domain == listed or domain.endswith("." + listed):
                return entry
        elif email == entry_lower:
            return entry
    return ""


def blocked_ip(ip_address: str | None, networks: str) -> str:
    if not ip_address:
        return ""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ""
    for entry in _entries(networks):
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue  # A typo in the list must not stop comments from arriving.
        if address.version == network.version and address in network:
            return entry
    return ""


def decide(
    *,
    author_name: str,
    author_email: str,
    body: str,
    website: str = "",
    ip_address: str | None = None,
) -> Verdict:
    """Publish or hold a new comment, with the reason when held."""
    lists = CommentModerationSettings.load()
    checks = (
        (blocked_word(body, lists.blocked_words), _("كلمة محظورة: %(entry)s")),
        (blocked_word(website, lists.blocked_words), _("كلمة محظورة: %(entry)s")),
        (blocked_name(author_name, lists.blocked_names), _("اسم محظور: %(entry)s")),
        (blocked_email(author_email, lists.blocked_emails), _("بريد محظور: %(entry)s")),
        (blocked_ip(ip_address, lists.blocked_ips), _("عنوان IP محظور: %(entry)s")),
    )
    for entry, reason in checks:
        if entry:
            return Verdict(Comment.Status.PENDING, reason % {"entry": entry})
    links = count_links(body)
    if links > lists.max_links:
        return Verdict(
            Comment.Status.PENDING,
            _("روابط كثيرة: %(count)d") % {"count": links},
        )
    # AKHBAR_COMMENTS_MODERATION: "first" holds a commenter's first comment and
    # trusts them once one is approved, "all" holds everything, "none" publishes
    # whatever the rules above let through.
    mode = settings.AKHBAR_COMMENTS_MODERATION
    if mode == "none":
        return Verdict(Comment.Status.APPROVED)
    if mode == "first" and selectors.commenter_has_approved_comment(
        author_name=author_name, author_email=author_email
    ):
        return Verdict(Comment.Status.APPROVED)
    if mode == "first":
        return Verdict(Comment.Status.PENDING, _("أول تعليق من هذا المعلّق"))
    return Verdict(Comment.Status.PENDING, _("كل التعليقات تُراجع قبل النشر"))
