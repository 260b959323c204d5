import pytest
from wagtail.models import Site

from akhbar.core.urls import absolute_url, base_url

pytestmark = pytest.mark.django_db


def test_the_setting_decides_the_address(settings):
    settings.AKHBAR_BASE_URL = "https://akhbar.example"
    assert absolute_url("/sitemap.xml") == "https://akhbar.example/sitemap.xml"


def test_without_the_setting_the_default_site_decides(settings):
    settings.AKHBAR_BASE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="news.test", port=8123)
    assert base_url() == "http://news.test:8123"
    assert absolute_url("/أخبار/") == "http://news.test:8123/أخبار/"


def test_a_full_url_is_kept(settings):
    settings.AKHBAR_BASE_URL = "https://akhbar.example"
    assert absolute_url("https://cdn.example/a.jpg") == "https://cdn.example/a.jpg"
