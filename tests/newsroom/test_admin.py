"""The admin in Arabic and right to left, from the login page on; English per user."""

import re

import pytest
from django.urls import reverse

from akhbar.news.models import ArticlePage
from tests.newsroom.admin_forms import article_form
from tests.newsroom.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_login_page_is_arabic_and_right_to_left(client):
    response = client.get(reverse("wagtailadmin_login"))
    html = response.content.decode()
    tag = _html_tag(response)
    assert 'lang="ar"' in tag and 'dir="rtl"' in tag
    assert "<h1>تسجيل الدخول إلى أخبار</h1>" in html
    assert "<title>تسجيل الدخول - أخبار</title>" in html
    assert "كلمة المرور" in html
    # Wagtail leaves the password label to Django, which says it in English.
    assert "Password" not in html
    assert "Sign in" not in html
    assert "akhbar_newsroom/admin.css" in html


def test_a_failed_login_is_explained_in_arabic(client, newsroom):
    make_user("author", "salma")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "salma", "password": "خطأ"}
    )
    assert response.status_code == 200
    assert 'dir="rtl"' in _html_tag(response)
    assert "لم يتطابق اسم المستخدم وكلمة المرور" in response.content.decode()


def test_signing_in_leads_to_the_arabic_dashboard(client, newsroom):
    make_user("contributor", "karim")
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "karim", "password": PASSWORD},
        follow=True,
    )
    tag = _html_tag(response)
    assert 'lang="ar"' in tag and 'dir="rtl"' in tag
    assert response.context["user"].username == "karim"


def test_english_is_a_per_user_choice(client, newsroom):
    client.force_login(make_user("editor", language="en"))
    tag = _html_tag(client.get(reverse("wagtailadmin_home")))
    assert 'lang="en"' in tag and 'dir="ltr"' in tag
    client.force_login(make_user("editor"))
    tag = _html_tag(client.get(reverse("wagtailadmin_home")))
    assert 'lang="ar"' in tag and 'dir="rtl"' in tag


def test_rich_text_keeps_arabic_punctuation_and_mixed_direction(
    client, section, editor
):
    """Arabic comma, semicolon, question mark, guillemets, tatweel and ZWNJ pass
    through the Draftail editor's format unchanged, next to an English quotation."""
    paragraph = (
        "<p>قال الوزير، في مؤتمر صحفي؛ «هل نحن مستعدون؟» ثم أضاف: ســلام‌ عليكم.</p>"
        "<p>He said: “we are ready”.</p>"
    )
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    response = client.post(
        url,
        article_form("الوزير يتحدث", paragraph=paragraph, **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="الوزير يتحدث")
    stored = article.body[0].value.source
    assert (
        "قال الوزير، في مؤتمر صحفي؛ «هل نحن مستعدون؟» ثم أضاف: ســلام‌ عليكم." in stored
    )
    assert "He said: “we are ready”." in stored
    page = client.get(article.url).content.decode()
    assert "«هل نحن مستعدون؟»" in page


def test_the_editor_page_carries_the_arabic_editing_styles(client, section, editor):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=("akhbar_news", "articlepage", section.pk)
    )
    html = client.get(url).content.decode()
    assert "akhbar_newsroom/admin.css" in html
    assert 'dir="rtl"' in _html_tag(client.get(url))


def test_the_root_page_and_collection_are_named_in_arabic(client, django_user_model):
    """Wagtail's migrations call them "Root", which was the explorer's title."""
    from wagtail.models import Collection, Page

    root = Page.objects.get(depth=1)
    assert root.title == root.draft_title == "الجذر"
    assert Collection.objects.get(depth=1).name == "الجذر"
    client.force_login(django_user_model.objects.create_superuser("chief", "", "x"))
    html = client.get(reverse("wagtailadmin_explore", args=[root.pk])).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "الجذر" in heading
    assert "Root" not in html
