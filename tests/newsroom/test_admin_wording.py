"""Wagtail's Arabic wording mended by Akhbar's catalogue (first in
LOCALE_PATHS), seen in the admin's own pages: what was just saved reads «الآن»
(it was «قبل 0 دقيقة»), and the button to the published page says so (it was
«انظر في الواقع», "look in reality")."""

import pytest
from django.urls import reverse

from tests.news.factories import make_article
from tests.newsroom.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, editor):
    assert client.login(username=editor.username, password=PASSWORD)
    return client


def test_a_page_saved_a_moment_ago_reads_just_now(signed_in, section):
    make_article(section, "خبر نُشر للتو")
    page = signed_in.get(reverse("wagtailadmin_explore", args=[section.pk]))
    html = page.content.decode()
    assert "قبل 0" not in html and "قبل ٠" not in html
    assert "الآن" in html


def test_the_button_to_the_published_page_reads_as_arabic(signed_in, section):
    make_article(section, "خبر منشور")
    html = signed_in.get(
        reverse("wagtailadmin_explore", args=[section.pk])
    ).content.decode()
    assert "انظر في الواقع" not in html
    assert "عرض الصفحة المنشورة" in html


def test_the_issue_form_names_each_chosen_article_in_the_singular(signed_in):
    """Wagtail heads each chosen article "label N" and adds one with "Add
    label": «مقال 1» and «إضافة مقال», not «المقالات 1»."""
    html = signed_in.get(
        reverse("wagtailsnippets_akhbar_newsletters_issue:add")
    ).content.decode()
    assert "إضافة مقال" in html
    assert "إضافة المقالات" not in html
