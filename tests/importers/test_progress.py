"""An import's progress in /metrics, read while the import runs."""

import pytest
from django.test import Client

from akhbar.importers import progress
from akhbar.importers.wordpress.service import wordpress_import
from akhbar.testing.metrics import metric_value
from tests.importers.conftest import WORDPRESS

EXPORT = WORDPRESS / "phpunit" / "small-export.xml"


def _scrape() -> str:
    response = Client().get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_metrics_follow_the_running_import_item_by_item(site, monkeypatch):
    monkeypatch.setattr(progress, "SAVE_SECONDS", 0)
    seen = []

    def bar(total):
        def advance(count):
            text = _scrape()
            seen.append(
                (
                    metric_value(text, "akhbar_import_running"),
                    metric_value(text, "akhbar_import_items_done"),
                    metric_value(text, "akhbar_import_items_total"),
                )
            )

        return advance

    wordpress_import(path=EXPORT, progress=bar, rebuild_search=False)
    total = seen[0][2]
    assert total > 3
    assert seen == [(1.0, float(done), total) for done in range(1, len(seen) + 1)]
    assert len(seen) == total
    after = _scrape()
    assert metric_value(after, "akhbar_import_running") == 0
    assert metric_value(after, "akhbar_import_items_done") == total


@pytest.mark.django_db
def test_a_refused_import_is_not_left_running(site, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(EXPORT.read_bytes()[: EXPORT.stat().st_size // 2])
    with pytest.raises(Exception):  # noqa: B017 - Refused, whatever the error.
        wordpress_import(path=broken, rebuild_search=False)
    assert metric_value(_scrape(), "akhbar_import_running") in (None, 0)
