"""Prometheus metrics at /metrics: who may read them, what they count, and
their sum over the workers of a started ``akhbar serve``."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from akhbar.testing.metrics import metric_value, routes
from akhbar.testing.servers import akhbar_served

REQUESTS = "akhbar_http_requests_total"


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read().decode()


def wait_for(found, seconds=10):
    """``found()``'s first truthy answer, asked until ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        answer = found()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def test_metrics_are_refused_outside_loopback_and_the_allowed_networks(
    client, settings
):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    outside = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert outside.status_code == 404
    assert b"akhbar_http" not in outside.content

    settings.AKHBAR_METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.1").status_code == 404


def test_a_request_a_proxy_forwarded_is_refused_even_from_loopback(client):
    """Behind nginx or Varnish every request comes from loopback: the
    forwarding header shows it is not the scraper's own connection."""
    for header in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"):
        response = client.get(
            "/metrics", REMOTE_ADDR="127.0.0.1", **{header: "203.0.113.9"}
        )
        assert response.status_code == 404, header


@pytest.mark.django_db(transaction=True)
def test_requests_are_counted_by_route_never_by_path(live_server, home):
    """The live server's counts are the process's, kept over earlier tests: the
    ones before and after are read for the same route, method and status class
    (an earlier test's 304 of an article page is counted too, under 3xx)."""
    from tests.news.factories import make_article, make_section

    section = make_section(home, "رياضة")
    article = make_article(section, "مباراة الأمس")
    base = live_server.url
    ok = {"route": "page:ArticlePage", "method": "GET", "status": "2xx"}
    duration = "akhbar_http_request_duration_seconds_count"
    before = _get(base + "/metrics")[2]
    counted = metric_value(before, REQUESTS, **ok) or 0
    timed = metric_value(before, duration, route="page:ArticlePage") or 0
    for _ in range(3):
        _get(base + article.url)
    status, headers, after = _get(base + "/metrics")
    assert status == 200
    assert "no-store" in headers["Cache-Control"]
    assert metric_value(after, REQUESTS, **ok) == counted + 3
    assert metric_value(after, duration, route="page:ArticlePage") == timed + 3
    # No label names a page's address.
    assert not any("/" in route for route in routes(after))
    with pytest.raises(urllib.error.HTTPError):
        _get(base + "/%D8%BA%D9%8A%D8%B1-%D9%85%D9%88%D8%AC%D9%88%D8%AF/")
    assert metric_value(_get(base + "/metrics")[2], REQUESTS, status="4xx") >= 1


@pytest.mark.django_db(transaction=True)
def test_page_cache_hits_and_conditional_requests_are_counted(live_server, home):
    from tests.news.factories import make_article, make_section

    article = make_article(make_section(home, "ثقافة"), "معرض الكتاب")
    url = live_server.url + article.url

    def lookups(cache, result):
        text = _get(live_server.url + "/metrics")[2]
        return (
            metric_value(text, "akhbar_cache_lookups_total", cache=cache, result=result)
            or 0
        )

    hits = lookups("page", "hit")
    _, headers, _ = _get(url)
    _get(url)
    assert lookups("page", "hit") > hits
    not_modified = lookups("http", "hit")
    with pytest.raises(urllib.error.HTTPError) as answer:
        _get(url, {"If-None-Match": headers["ETag"]})
    assert answer.value.code == 304
    assert lookups("http", "hit") == not_modified + 1


@pytest.fixture(scope="module")
def served_production(tmp_path_factory):
    """``akhbar serve`` with two workers and the production settings (JSON logs),
    on a SQLite data dir migrated as an operator does: its base URL, its log
    file and the data dir."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("serves its own SQLite data dir; run once, in the SQLite pass")
    data = tmp_path_factory.mktemp("served-production")
    log = tmp_path_factory.mktemp("served-log") / "serve.log"
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.production",
        "DJANGO_SECRET_KEY": "metrics-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AKHBAR_BASE_URL": "",
        # Plain HTTP on the loopback, with no TLS proxy in front.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    env.pop("AKHBAR_LOG_FORMAT", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run(
        [sys.executable, "-m", "akhbar.cli", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    args = ("--workers", "2", "--no-scheduler")
    with akhbar_served(env, *args, wait_path="/healthz", log_path=log) as base:
        yield base, log, data


def test_the_warm_up_of_each_worker_is_not_counted(served_production):
    """Each worker renders its warm-up pages before it serves: a scrape right
    after the start counts only what clients asked (the start-up's health
    polls, the scrapes), none of the warm-up's pages."""
    base, log, _data = served_production
    warmed = wait_for(
        lambda: log.read_text("utf-8", "replace").count("Worker warmed up") >= 2
    )
    assert warmed, "both workers log their warm-up"
    for _ in range(4):  # Either worker may answer; each must count no page.
        text = _get(base + "/metrics")[2]
        assert routes(text) <= {"healthz", "metrics"}
        assert metric_value(text, "akhbar_cache_lookups_total") is None


def test_every_worker_reports_the_counts_of_all_workers(served_production):
    """Two granian workers share the metrics folder: whichever answers a
    scrape, it reports every worker's requests."""
    base, _log, data = served_production
    assert os.listdir(data / "metrics")

    def robots():
        text = _get(base + "/metrics")[2]
        return metric_value(text, REQUESTS, route="robots_txt") or 0

    start = robots()
    for _ in range(8):
        _get(base + "/robots.txt")
    # Each scrape may reach either worker; every one sees all eight.
    assert [robots() for _ in range(6)] == [start + 8] * 6


def test_a_json_log_line_carries_the_request_id_of_its_response(served_production):
    base, log, _data = served_production
    proxy_id = "3f2c9a7e1b6d4c0a8e5f2b7d9c1a6e40"
    missing = base + "/%D9%84%D8%A7-%D8%B4%D9%8A%D8%A1/"
    for sent in (proxy_id, "forged id <script>"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            _get(missing, {"X-Request-ID": sent, "X-Forwarded-Proto": "https"})
        assert answer.value.code == 404
        returned = answer.value.headers["X-Request-ID"]
        if sent == proxy_id:
            assert returned == proxy_id
        else:
            assert returned and returned != sent

        def logged(request_id=returned):
            records = []
            for line in log.read_text().splitlines():
                if line.startswith("{"):
                    record = json.loads(line)
                    if record.get("request_id") == request_id:
                        records.append(record)
            return records

        records = wait_for(logged)
        assert records[0]["level"] == "WARNING"
        assert records[0]["logger"] == "django.request"
    assert "<script>" not in log.read_text()
