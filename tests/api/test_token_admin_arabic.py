"""Settings → API tokens in Arabic: every label the pages show in English
(Wagtail's strings and Akhbar's) is translated, counts take Arabic's plural
forms, and nothing typed by a person is mistaken for a label.

The English labels are not a hand-kept list: each page is rendered for an
English-speaking admin first, its visible text and tooltips collected, then
rendered for an Arabic-speaking admin, where none of them may appear.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html
from wagtail.models import APIToken
from wagtail.users.models import UserProfile

from akhbar.api.wagtail_hooks import TokenPaginator
from tests.newsroom.factories import ensure_newsroom, make_user

pytestmark = pytest.mark.django_db

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile("[A-Za-z][A-Za-z'’]+")
# Keys are named as printed on the keyboard, in any language.
KEYS = re.compile(r"^(Ctrl|Alt|Shift|Cmd|Esc|\S)( \+ (Ctrl|Alt|Shift|Cmd|\S))*$")
TOKEN_NAME = "مفتاح وكالة الأنباء"
# Names of products, written in Latin letters in Arabic too.
NAMES = {"JavaScript", "Wagtail"}


def shown_texts(content: bytes) -> list[str]:
    """Text a reader sees or hears: text nodes outside scripts (those of
    templates too, which scripts show later), and the tooltips, placeholders
    and accessible names of elements."""
    document = html.fromstring(content)
    # A [hidden] element is filled in by a script before it is shown (a
    # counter Wagtail renders as "None" until then).
    for hidden in document.xpath("//script | //style | //*[@hidden]"):
        hidden.drop_tree()
    texts = document.xpath("//body//text()")
    texts += document.xpath("//body//@title | //body//@placeholder")
    texts += document.xpath("//body//*[not(self::nav)]/@aria-label")
    return [" ".join(text.split()) for text in texts if text.strip()]


def without(text: str, data: list[str]) -> str:
    """``text`` with the values someone typed or the system made taken out."""
    for value in data:
        text = text.replace(value, " ")
    return text


def english_words(content: bytes, data: list[str]) -> set[str]:
    """The words of the interface's English labels on a page: Latin text
    that is neither data nor a key name. Acronyms (API) are left out: Arabic
    writes them in Latin letters too."""
    words = set()
    for text in shown_texts(content):
        text = without(text, data)
        if ARABIC.search(text) or KEYS.match(text.strip()):
            continue
        words.update(
            word
            for word in LATIN_WORD.findall(text)
            if not word.isupper() and word not in NAMES
        )
    return words


def untranslated(content: bytes, data: list[str], english: set[str]) -> list[str]:
    """The texts of an Arabic page that still hold a word of the English
    page's labels."""
    return sorted(
        {
            text
            for text in shown_texts(content)
            if set(LATIN_WORD.findall(without(text, data))) & english
        }
    )


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def token_pages(client, user) -> dict[str, bytes]:
    """Every token page and state: empty list, new, created (the secret shown
    once), list, edit (never used, then used), a search, revoke, revoked."""
    APIToken.objects.all().delete()
    pages = {}
    index = reverse("wagtailusers_api_tokens:index")
    pages["empty list"] = client.get(index).content
    pages["new"] = client.get(reverse("wagtailusers_api_tokens:add")).content
    pages["new, refused"] = client.post(
        reverse("wagtailusers_api_tokens:add"), {"name": "", "user": user.pk}
    ).content
    response = client.post(
        reverse("wagtailusers_api_tokens:add"),
        {
            "name": TOKEN_NAME,
            "user": user.pk,
            "scopes": ["read_drafts"],
            "source": "afp",
        },
    )
    pages["created"] = response.content
    token = APIToken.objects.get()
    pages["list"] = client.get(index).content
    pages["search"] = client.get(index, {"q": TOKEN_NAME}).content
    edit = reverse("wagtailusers_api_tokens:edit", args=[token.pk])
    pages["edit, never used"] = client.get(edit).content
    APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    pages["edit, used"] = client.get(edit).content
    revoke = reverse("wagtailusers_api_tokens:delete", args=[token.pk])
    pages["revoke"] = client.get(revoke).content
    pages["revoked"] = client.post(revoke, follow=True).content
    pages["edit, revoked"] = client.get(edit).content
    return pages


def test_token_pages_show_no_english_label_in_arabic():
    ensure_newsroom()
    user = make_user("admin", "huda")
    client = Client()
    client.force_login(user)
    set_language(user, "en")
    english = token_pages(client, user)
    set_language(user, "ar")
    arabic = token_pages(client, user)
    secrets = [
        match.decode()
        for content in english.values()
        for match in re.findall(rb"wagtail_[A-Za-z0-9_-]+", content)
    ]
    data = [user.username, TOKEN_NAME, "afp", *secrets]
    words = {name: english_words(content, data) for name, content in english.items()}
    assert "Copy" in words["created"], "the English page was not English"
    found = {name: untranslated(arabic[name], data, words[name]) for name in english}
    assert not any(found.values()), "\n".join(
        "%s: %s" % (name, texts) for name, texts in found.items() if texts
    )


@pytest.mark.parametrize(
    "count, label",
    [
        (0, "لا مفاتيح API"),
        (1, "مفتاح API واحد"),
        (2, "مفتاحا API"),
        (3, "3 مفاتيح API"),
        (11, "11 مفتاحاً API"),
        (100, "100 مفتاح API"),
    ],
)
def test_token_count_takes_arabic_plural_forms(count, label):
    """The count under the token list (Wagtail's "N API tokens") in each of
    Arabic's plural forms."""
    with translation.override("ar"):
        assert TokenPaginator(list(range(count)), 20).items_count_label == label
