"""Uploads served by the app: image files (originals and renditions) are kept a
year by browsers and caches; other files are not promised to stay."""

import pytest
from django.conf import settings

from akhbar.core.media import IMMUTABLE
from tests.news.factories import make_image

pytestmark = pytest.mark.django_db


def test_renditions_and_originals_are_immutable(client):
    image = make_image()
    rendition = image.get_rendition("fill-1200x675")
    for url in (rendition.url, image.file.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == IMMUTABLE
        assert response["Content-Type"] == "image/jpeg"


def test_other_uploads_and_missing_files_are_not_kept(client):
    other = settings.MEDIA_ROOT / "exports" / "site.xml"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_text("<rss/>")
    response = client.get(settings.MEDIA_URL + "exports/site.xml")
    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
    missing = client.get(settings.MEDIA_URL + "images/none.fill-10x10.jpg")
    assert missing.status_code == 404
    assert "immutable" not in missing.get("Cache-Control", "")
