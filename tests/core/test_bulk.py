"""``akhbar.core.bulk``: rows written many at a time, and the collector held back."""

import datetime
import gc

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, Site

from akhbar.core.bulk import fewer_collections, insert_values


def _columns(model, *left_out):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in ("id", *left_out)
    ]


def test_insert_values_writes_what_bulk_create_writes(home):
    """Same columns as the objects made from the same values; defaults filled
    in (auto_now_add dates, callables, plain defaults); JSON encoded."""
    site = Site.objects.get(root_page=home)
    redirects = [
        {
            "old_path": "/%s/قديم-%d" % ("values", number),
            "site_id": site.pk,
            "is_permanent": bool(number % 2),
            "redirect_page_id": home.pk,
            "redirect_page_route_path": "/وسوم/%d/" % number if number % 3 else "",
        }
        for number in range(9)
    ]
    insert_values(Redirect, redirects, batch_size=4)
    Redirect.objects.bulk_create(
        [
            Redirect(**{**row, "old_path": "/orm/" + row["old_path"][8:]})
            for row in redirects
        ]
    )

    def rows(prefix):
        return [
            {**row, "old_path": row["old_path"][len(prefix) :]}
            for row in Redirect.objects.filter(old_path__startswith=prefix)
            .order_by("id")
            .values(*_columns(Redirect, "created_at"))
        ]

    assert len(rows("/values/")) == 9
    assert rows("/values/") == rows("/orm/")
    assert not Redirect.objects.filter(created_at__isnull=True).exists()

    page_type = ContentType.objects.get_for_model(Page)
    when = datetime.datetime(2026, 12, 2, 8, 30, tzinfo=datetime.UTC)
    logs = [
        {
            "content_type_id": page_type.pk,
            "label": "خبر %d" % number,
            "action": "wagtail.create",
            "timestamp": when,
            "page_id": home.pk,
            "content_changed": True,
            "data": {"revision": {"id": number, "created": "اليوم"}} if number else {},
        }
        for number in range(3)
    ]
    insert_values(PageLogEntry, logs)
    PageLogEntry.objects.bulk_create([PageLogEntry(**row) for row in logs])
    stored = list(
        PageLogEntry.objects.filter(page=home)
        .order_by("id")
        .values(*_columns(PageLogEntry, "uuid"))
    )
    assert stored[:3] == stored[3:]
    assert stored[1]["data"] == {"revision": {"id": 1, "created": "اليوم"}}
    assert stored[0]["timestamp"] == when


def test_insert_values_skips_conflicting_rows_on_request(home):
    site = Site.objects.get(root_page=home)
    row = {"old_path": "/مرة", "site_id": site.pk, "redirect_link": "https://x.example"}
    insert_values(Redirect, [row])
    insert_values(Redirect, [row, {**row, "old_path": "/أخرى"}], ignore_conflicts=True)
    assert sorted(Redirect.objects.values_list("old_path", flat=True)) == [
        "/أخرى",
        "/مرة",
    ]


def test_fewer_collections_restores_the_thresholds():
    before = gc.get_threshold()
    with fewer_collections(threshold=12_345):
        assert gc.get_threshold()[0] == 12_345
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError
    assert gc.get_threshold() == before
