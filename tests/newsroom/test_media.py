"""Image uploads: refused with a clear Arabic message when broken or too big.

The broken files are under tests/newsroom/files (see its README). Uploads go
through the admin as a Contributor, the least trusted role that may upload.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def _jpeg(size=(800, 600), name="photo.jpg"):
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 40).convert("RGB").save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _file(name):
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def _upload(client, upload, title="صورة من الميدان"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": upload,
            "description": "",
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def _errors(response):
    assert response.status_code == 200, "the upload was accepted"
    return " ".join(str(e) for e in response.context["form"].errors["file"])


@pytest.fixture
def uploader(client, contributor):
    client.force_login(contributor)
    return client


def test_a_sound_photo_is_stored(uploader):
    response = _upload(uploader, _jpeg())
    assert response.status_code == 302
    image = get_image_model().objects.get(title="صورة من الميدان")
    assert (image.width, image.height) == (800, 600)


@pytest.mark.parametrize(
    "name, message",
    [
        ("truncated.jpg", "الصورة تالفة أو ناقصة"),
        ("huge-dimensions.png", "أبعاد الصورة أكبر بكثير من الحد المسموح"),
        ("not-an-image.jpg", "هذا الملف ليس صورة يمكن قراءتها"),
        ("png-named.jpg", "لا يطابق محتواه"),
    ],
)
def test_broken_files_are_refused_in_arabic(uploader, name, message):
    count = get_image_model().objects.count()
    assert message in _errors(_upload(uploader, _file(name)))
    assert get_image_model().objects.count() == count


def test_unsupported_format_is_refused(uploader):
    upload = SimpleUploadedFile(
        "drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    )
    assert "صيغة الملف غير مقبولة" in _errors(_upload(uploader, upload))


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=20_000)
def test_files_over_the_byte_limit_are_refused(uploader):
    errors = _errors(_upload(uploader, _jpeg()))
    assert "أكبر من الحد المسموح" in errors


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_images_over_the_pixel_limit_are_refused_with_their_dimensions(uploader):
    errors = _errors(_upload(uploader, _jpeg(size=(1600, 900))))
    assert "١٬٦٠٠ × ٩٠٠ بكسل" in errors
    assert "١٫٠ ميغابكسل" in errors


def test_the_multiple_uploader_refuses_broken_files_too(uploader):
    response = uploader.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": _file("truncated.jpg"), "title": "truncated"},
    )
    data = response.json()
    assert data["success"] is False
    assert "الصورة تالفة أو ناقصة" in data["error_message"]


def test_focal_point_steers_the_crop(uploader):
    """Left half red, right half blue, the focal point on the blue: a square crop
    of the landscape image keeps the blue."""
    picture = PILImage.new("RGB", (400, 200), (220, 0, 0))
    picture.paste((0, 0, 220), (200, 0, 400, 200))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    _upload(uploader, SimpleUploadedFile("halves.png", buffer.getvalue()), "نصفان")
    image = get_image_model().objects.get(title="نصفان")
    image.focal_point_x, image.focal_point_y = 350, 100
    image.focal_point_width = image.focal_point_height = 40
    image.save()
    rendition = image.get_rendition("fill-100x100")
    with rendition.file.open() as f, PILImage.open(f) as cropped:
        red, _green, blue = cropped.convert("RGB").getpixel((50, 50))
    assert blue > 150 and red < 50


def test_renditions_offer_srcset_widths_in_webp(uploader):
    _upload(uploader, _jpeg(size=(1600, 900)), "صورة عريضة")
    image = get_image_model().objects.get(title="صورة عريضة")
    html = Template(
        "{% load wagtailimages_tags %}"
        '{% srcset_image image width-{320,480,800} format-webp sizes="100vw" %}'
    ).render(Context({"image": image}))
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    widths = [int(w) for w in re.findall(r"\.webp (\d+)w", srcset)]
    assert widths == [320, 480, 800]
    for rendition in image.renditions.all():
        with rendition.file.open() as f, PILImage.open(f) as stored:
            assert stored.format == "WEBP"
