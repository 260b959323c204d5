"""Media on S3-compatible storage: uploads, renditions, documents and imported
media land in a real S3 API server's bucket (moto's, started by the fixture),
and reader pages link images there by URLs that the server answers."""

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from akhbar.news.models import ArticlePage
from akhbar.testing.servers import s3_server
from tests.importers.conftest import WORDPRESS, run_import
from tests.news.factories import make_article, make_section
from tests.newsroom.factories import ensure_newsroom, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(home):
    ensure_newsroom()
    return make_user("editor", "editor1")


IMG_SRC = re.compile(r'<img[^>]+src="([^"]+)"')
EXPORT = WORDPRESS / "phpunit" / "wxr-flat-attachment-same-site.xml"


def jpeg_bytes(size=(1200, 800)) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 40).convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def fetch(url) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers["Content-Type"], response.read()


def upload_image(client, title="صورة من الميدان"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(
                "ميناء.jpg", jpeg_bytes(), content_type="image/jpeg"
            ),
            "description": "",
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def test_admin_upload_and_renditions_are_stored_in_the_bucket(
    s3_media, client, editor, home
):
    """An image uploaded in the admin lands in the bucket; the article page's
    renditions are made and stored there too, and the page links them at the
    bucket, where they are served."""
    client.force_login(editor)
    before = set(s3_media.keys())
    response = upload_image(client)
    assert response.status_code == 302, response.content[:500]
    image = get_image_model().objects.get(title="صورة من الميدان")
    assert image.file.name in s3_media.keys("original_images/")
    assert image.file.name not in before

    make_article(
        make_section(home, "اقتصاد"),
        "خبر مصور من الميناء",
        featured_image=image,
        body=[
            {"type": "paragraph", "value": "<p>فقرة.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": "الميناء"}},
        ],
    )
    page = ArticlePage.objects.get(title="خبر مصور من الميناء")
    html = client.get(page.url).content.decode()
    sources = IMG_SRC.findall(html)
    assert sources, "the article page shows no image"
    renditions = set(image.renditions.values_list("file", flat=True))
    assert renditions and renditions <= set(s3_media.keys("images/"))
    prefix = "%s/%s/" % (s3_media.endpoint, s3_media.bucket)
    for source in sources:
        assert source.startswith(prefix), source
        assert source.removeprefix(prefix) in renditions
        status, content_type, body = fetch(source.replace("&amp;", "&"))
        assert status == 200 and content_type.startswith("image/")
        assert PILImage.open(io.BytesIO(body)).size[0] > 0


def test_documents_are_stored_in_the_bucket_and_served(s3_media, client, editor):
    """A document uploaded in the admin is stored in the bucket and served
    through /documents/ as an attachment, with its bytes from the bucket."""
    client.force_login(editor)
    content = "تقرير اللجنة\n".encode() * 100
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "تقرير",
            "file": SimpleUploadedFile("report.txt", content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get(title="تقرير")
    assert document.file.name in s3_media.keys("documents/")
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")


def test_imported_media_is_stored_in_the_bucket(s3_media, home, tmp_path):
    """``akhbar import-wordpress --media-dir`` stores the attachments in the
    bucket."""
    path = tmp_path / "uploads" / "2008" / "06" / "canola2.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(jpeg_bytes((300, 200)))
    report = run_import(EXPORT, "--media-dir", str(tmp_path / "uploads"))
    assert report["media"]["created"] == 1
    image = get_image_model().objects.get()
    assert image.file.name in s3_media.keys("original_images/")
    stored = s3_media.client().get_object(Bucket=s3_media.bucket, Key=image.file.name)
    assert stored["Body"].read() == path.read_bytes()


def test_local_disk_stays_the_default(settings):
    """Without AKHBAR_MEDIA_STORAGE the settings keep uploads on local disk."""
    from akhbar.settings import base

    assert base.AKHBAR_MEDIA_STORAGE == "local"
    assert base.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


# Run by ``akhbar shell`` with the operator's environment: the article page as
# a reader's request gets it (through every middleware), and /media/.
RENDER = """
import json
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
page = client.get("/?p=555", follow=True)
media = client.get("/media/" + %r)
print(json.dumps({"status": page.status_code, "html": page.content.decode(),
                  "policy": page.headers["Content-Security-Policy"],
                  "media": media.status_code}))
"""


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="an SQLite data dir of its own; run once, in the SQLite pass",
)
def test_import_and_render_with_the_s3_environment(s3, sqlite_data_dir, tmp_path):
    """End to end through the environment an operator sets: ``akhbar
    import-wordpress`` stores the attachment in the bucket; the article page
    renders with renditions made there, linked at the bucket, allowed by the
    page's Content-Security-Policy and answered by the S3 server; the site no
    longer serves /media/ itself."""
    path = tmp_path / "uploads" / "2008" / "06" / "canola2.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(jpeg_bytes((640, 480)))
    env = {
        **os.environ,
        **s3.environ(),
        "AKHBAR_DATA_DIR": str(sqlite_data_dir()),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "DJANGO_DEBUG": "1",  # Static file names without a collected manifest.
        "AKHBAR_BASE_URL": "",
    }
    before = set(s3.keys())
    akhbar = [sys.executable, "-m", "akhbar.cli"]
    subprocess.run(
        [*akhbar, "import-wordpress", str(EXPORT), "--media-dir",
         str(tmp_path / "uploads"), "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    (stored,) = set(s3.keys("original_images/")) - before
    shell = subprocess.run(
        [*akhbar, "shell", "-c", RENDER % stored],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    answer = json.loads(shell.stdout.strip().splitlines()[-1])
    assert (answer["status"], answer["media"]) == (200, 404)
    prefix = "%s/%s/" % (s3.endpoint, s3.bucket)
    img_src = re.search(r"img-src ([^;]+)", answer["policy"]).group(1).split()
    assert prefix in img_src
    sources = IMG_SRC.findall(answer["html"])
    assert sources
    for source in sources:
        assert source.startswith(prefix + "images/"), source
        status, content_type, _body = fetch(source)
        assert status == 200 and content_type.startswith("image/")


def test_documents_are_not_public_in_the_bucket(s3_media, client, editor):
    """The bucket policy the fixture sets (and the README gives) opens images
    only: a document's object is refused to anonymous readers."""
    client.force_login(editor)
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "سري",
            "file": SimpleUploadedFile("secret.txt", b"secret"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    document = get_document_model().objects.get(title="سري")
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch("%s/%s/%s" % (s3_media.endpoint, s3_media.bucket, document.file.name))
    assert error.value.code == 403


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_the_bucket_and_its_loss(live_server, settings):
    """/readyz checks the bucket; with the S3 server stopped it answers 503
    naming the storage, while /healthz still answers."""
    from akhbar.settings.base import s3_media as storage_of

    def get(path):
        try:
            with urllib.request.urlopen(live_server.url + path, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    with s3_server() as server:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": storage_of(server.environ())[0],
        }
        status, body = get("/readyz")
        assert (status, body["status"]) == (200, "ok")
        assert "storage" in body["checked"]
    status, body = get("/readyz")
    assert status == 503
    assert set(body["failed"]) == {"storage"}
    assert get("/healthz")[0] == 200
