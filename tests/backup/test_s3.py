"""Backups of a site whose media is in an S3 bucket (moto's server): the
archive holds the bucket's bytes, and a restore writes them back there."""

import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from tests.news.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


def test_backup_and_restore_through_the_bucket(s3_media, home, tmp_path):
    image = make_image("صورة")
    rendition = image.get_rendition("width-200")
    make_article(make_section(home, "اقتصاد"), "خبر", featured_image=image)
    names = [image.file.name, rendition.file.name]
    client = s3_media.client()
    stored = {
        name: client.get_object(Bucket=s3_media.bucket, Key=name)["Body"].read()
        for name in names
    }
    archive = tmp_path / "site.tar"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        for name in names:
            assert tar.extractfile("media/" + name).read() == stored[name]

    # A new site: no pages, no accounts, an empty bucket.
    Page.objects.filter(depth__gt=2).delete()
    get_user_model().objects.all().delete()
    get_image_model().objects.all().delete()
    for name in s3_media.keys():
        client.delete_object(Bucket=s3_media.bucket, Key=name)
    call_command("restore", str(archive), verbosity=0)
    for name in names:
        body = client.get_object(Bucket=s3_media.bucket, Key=name)["Body"].read()
        assert body == stored[name]
    restored = get_image_model().objects.get(title="صورة")
    assert restored.renditions.get().file.name == rendition.file.name
