"""Slugs in the page editor: a collision becomes a suffix or a form error, never a
500, and the author's text is never lost."""

import json
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from akhbar.arabic import slugify
from akhbar.news.models import ArticlePage
from tests.news.factories import make_article
from tests.newsroom.admin_forms import article_form

pytestmark = pytest.mark.django_db

# Two headlines whose first ~70 characters are the same: both shorten to the
# same slug within AKHBAR_SLUG_MAX_BYTES (an Arabic letter is 6 bytes encoded).
SHARED = (
    "وزير الخارجية يلتقي نظيره الفرنسي في العاصمة لبحث العلاقات الثنائية "
    "والتعاون الاقتصادي بين البلدين وملفات المنطقة"
)
FIRST = SHARED + " في جولة أولى"
SECOND = SHARED + " ويعلن اتفاقا جديدا"
TATWEEL = "ـ"
# The editor's submit buttons: save draft, publish, submit for review.
EVERY_SUBMIT = pytest.mark.parametrize(
    "action",
    [None, "action-publish", "action-submit"],
    ids=["draft", "publish", "submit"],
)


def _typed_slug(title):
    """The slug the editor's script fills in from the title: words joined by "-",
    not shortened."""
    return "-".join(title.split())


def _add(client, section, title, **fields):
    fields.setdefault("slug", _typed_slug(title))
    url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    return client.post(url, article_form(title, **fields))


def _edit(client, page, title, **fields):
    fields.setdefault("slug", _typed_slug(title))
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return client.post(url, article_form(title, **fields))


def test_the_two_headlines_shorten_to_one_slug():
    """The reproduction holds: without a suffix the two slugs would be equal."""
    limit = settings.AKHBAR_SLUG_MAX_BYTES
    assert slugify(FIRST, max_bytes=limit) == slugify(SECOND, max_bytes=limit)


@EVERY_SUBMIT
def test_a_headline_that_shortens_to_a_siblings_slug_gets_a_suffix(
    client, section, editor, action
):
    client.force_login(editor)
    extra = {action: "1"} if action else {}
    assert _add(client, section, FIRST, **extra).status_code == 302
    assert _add(client, section, SECOND, **extra).status_code == 302
    first = ArticlePage.objects.get(title=FIRST)
    second = ArticlePage.objects.get(title=SECOND)
    assert second.slug == first.slug + "-2"
    assert len(quote(second.slug, safe="")) <= settings.AKHBAR_SLUG_MAX_BYTES
    assert "نص الخبر." in second.body[0].value.source


def test_a_third_such_headline_gets_the_next_free_suffix(client, section, editor):
    client.force_login(editor)
    for title in (FIRST, SECOND, SHARED + " والثالث"):
        assert _add(client, section, title).status_code == 302
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True), key=len)
    assert slugs[1:] == [slugs[0] + "-2", slugs[0] + "-3"]


def test_an_edit_that_shortens_to_a_siblings_slug_gets_a_suffix(
    client, section, editor
):
    first = make_article(section, FIRST)
    other = make_article(section, "خبر آخر عن الاقتصاد")
    client.force_login(editor)
    response = _edit(client, other, SECOND, **{"action-publish": "1"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.title == SECOND
    assert other.slug == first.slug + "-2"


def test_an_edit_keeps_the_pages_own_slug(client, section, editor):
    """A page is never its own sibling: saving it again keeps its slug."""
    client.force_login(editor)
    _add(client, section, FIRST, **{"action-publish": "1"})
    page = ArticlePage.objects.get(title=FIRST)
    response = _edit(client, page, FIRST, slug=page.slug, **{"action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert "-2" not in page.slug


@EVERY_SUBMIT
def test_a_typed_slug_that_differs_only_by_tatweel_is_refused_with_the_text_kept(
    client, section, editor, action
):
    make_article(section, "سلام في المنطقة", slug="سلام")
    client.force_login(editor)
    extra = {action: "1"} if action else {}
    paragraph = "<p>نص طويل كتبه المحرر ولا يجوز أن يضيع.</p>"
    response = _add(
        client,
        section,
        "عنوان مختلف تماما",
        slug="سـ" + TATWEEL + "لام",
        paragraph=paragraph,
        **extra,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "سلام" in response.context["form"].errors["slug"][0]
    assert "عنوان مختلف تماما" in html
    assert (
        "نص طويل كتبه المحرر"
        in response.context["form"]["body"].value()[0].value.source
    )
    assert ArticlePage.objects.count() == 1


@pytest.mark.parametrize("mark", ["\u200d", "\u200c", "\u200e", "\u200f", "\u064e"])
def test_invisible_marks_in_a_typed_slug_are_folded_before_the_check(
    client, section, editor, mark
):
    """ZWJ, ZWNJ, LRM, RLM and diacritics do not make a slug distinct."""
    make_article(section, "سلام في المنطقة", slug="سلام")
    client.force_login(editor)
    response = _add(client, section, "عنوان آخر", slug="سل" + mark + "ام")
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert ArticlePage.objects.count() == 1


def test_a_typed_slug_that_shortens_to_a_siblings_is_refused(client, section, editor):
    """A slug typed by hand is the author's choice: shortened onto a sibling's, it
    is refused with a message rather than changed behind the author's back."""
    client.force_login(editor)
    assert _add(client, section, "خبر أول", slug=_typed_slug(FIRST)).status_code == 302
    response = _add(client, section, "خبر ثان", slug=_typed_slug(SECOND))
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert ArticlePage.objects.count() == 1


@pytest.mark.parametrize("typed", ["سل" + TATWEEL + "ام", "سلام"])
def test_an_edit_to_a_siblings_slug_is_refused_in_arabic_with_the_text_kept(
    client, section, editor, typed
):
    """The error names the slug in use inside its sentence (Wagtail's Arabic
    catalogue left an empty name, «الرابط ''», and put the slug after the full
    stop); the editor's text stays in the form."""
    make_article(section, "سلام في المنطقة", slug="سلام")
    other = make_article(section, "خبر آخر", slug="خبر-آخر")
    client.force_login(editor)
    response = _edit(
        client,
        other,
        "خبر آخر معدل",
        slug=typed,
        **{"action-publish": "1"},
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["slug"]
    assert "«سلام»" in message and "''" not in message
    assert "خبر آخر معدل" in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "خبر-آخر"


def test_preview_of_a_colliding_headline_answers_valid(client, section, editor):
    client.force_login(editor)
    _add(client, section, FIRST)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("akhbar_news", "articlepage", section.pk),
    )
    response = client.post(url, article_form(SECOND, slug=_typed_slug(SECOND)))
    assert response.status_code == 200
    assert json.loads(response.content)["is_valid"] is True


def test_preview_of_a_tatweel_slug_answers_invalid(client, section, editor):
    make_article(section, "سلام في المنطقة", slug="سلام")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("akhbar_news", "articlepage", section.pk),
    )
    response = client.post(url, article_form("عنوان", slug="سل" + TATWEEL + "ام"))
    assert response.status_code == 200
    assert json.loads(response.content)["is_valid"] is False


def test_a_typed_slug_with_invisible_marks_is_saved_folded(client, section, editor):
    client.force_login(editor)
    response = _add(client, section, "عنوان", slug="خبر\u200c-عاجـل\u200f")
    assert response.status_code == 302
    assert ArticlePage.objects.get(title="عنوان").slug == "خبر-عاجل"
