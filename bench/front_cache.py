"""Reader pages through Varnish (deploy/varnish/akhbar.vcl) in front of
``akhbar serve`` (2 workers) over the demo site.

Prints, from one run with the measurements interleaved (medians and ranges of
the rounds): req/s at 64 connections for the article page from the app and
through Varnish, for a static file through Varnish (the cache's own ceiling
here), and for the same article HTML saved as a file and served by Debian's
nginx (the issue's baseline: Varnish should reach half of it), as ratios of
each round; then, with no traffic, how long a publish takes to show on the
home page through the cache (publish committed → first request that shows
it), how late ``akhbar worker`` publishes an article scheduled two seconds
ahead (and shows it through the cache); last, with the app stopped, the share
of cached reader pages Varnish still serves, at once and after their s-maxage
(two seconds for that part) has passed. wrk drives the req/s (oha and h2load
are not packaged here; wrk is the fastest client that is).

    .venv/bin/python bench/front_cache.py [--seconds 5] [--rounds 3]
"""

import argparse
import contextlib
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import (  # noqa: E402
    AKHBAR,
    READY_SECONDS,
    demo_environment,
    served,
    stop_server,
    wrk,
)

from akhbar.testing.servers import free_port, nginx_server, varnish_server  # noqa: E402

# The article saved as a file, served as nginx serves any static page: to a
# reader who accepts gzip, the file compressed once beforehand (gzip_static),
# as Varnish keeps the app's compressed answer and sends it as it is.
NGINX_STATIC = """
server {
    listen 127.0.0.1:%(port)d;
    root %(root)s;
    gzip_static on;
    location / {
        default_type "text/html; charset=utf-8";
        try_files $uri =404;
    }
}
"""
# What a browser sends: without it, Varnish would gunzip the stored page for
# every request (and the app compress nothing), which no reader costs it.
READER_HEADERS = ("Accept-Encoding: gzip",)


@contextlib.contextmanager
def nginx_static(html: bytes):
    """nginx serving ``html`` at ``/article.html`` (and its gzip beside it);
    yields its URL."""
    with tempfile.TemporaryDirectory(prefix="akhbar-static-") as root:
        (Path(root) / "article.html").write_bytes(html)
        (Path(root) / "article.html.gz").write_bytes(gzip.compress(html))
        port = free_port()
        config = NGINX_STATIC % {"port": port, "root": root}
        with nginx_server(config, [port]):
            yield "http://127.0.0.1:%d/article.html" % port


ARTICLE_URL = """
from akhbar.news.models import ArticlePage
print(ArticlePage.objects.live().order_by("-first_published_at")[3].url)
"""

# Runs in an ``akhbar shell`` with AKHBAR_CACHE_PURGE_URL set: publishes an
# article and asks the cache until the home page shows it.
PUBLISH_AND_WAIT = """
import time, urllib.request
from akhbar.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().first()
times = []
for number in range(%(runs)d):
    title = "خبر القياس رقم %%d %%d" %% (number, time.time_ns())
    article = ArticlePage(title=title, standfirst="مقدمة", body=[])
    section.add_child(instance=article)
    started = time.perf_counter()
    article.save_revision().publish()
    committed = time.perf_counter()
    while title not in urllib.request.urlopen("%(front)s/").read().decode():
        time.sleep(0.005)
    times.append((committed - started, time.perf_counter() - committed))
print(" ".join("%%.4f,%%.4f" %% t for t in times))
"""


def shell(code: str, env) -> str:
    return subprocess.run(
        [*AKHBAR, "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def summary(values) -> str:
    return "%.0f (%.0f–%.0f)" % (statistics.median(values), min(values), max(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with demo_environment() as env:
        article = shell(ARTICLE_URL, env).splitlines()[-1]
        with served(env) as base:
            origin = urlsplit(base)
            html = urllib.request.urlopen(base + quote(article, safe="/%")).read()  # noqa: S310
            with (
                varnish_server(origin.hostname, origin.port) as front,
                nginx_static(html) as nginx,
            ):
                throughput(base, front, nginx, article, args)
                publish_env = {**env, "AKHBAR_CACHE_PURGE_URL": front}
                publish_to_visible(front, publish_env)
                scheduled_lateness(front, publish_env)
        origin_down(env)


def throughput(base, front, nginx, article, args) -> None:
    """req/s of the article from the app, through Varnish and from nginx."""
    targets = {
        "article, app": base + article,
        "article, Varnish": front + article,
        "static file, Varnish": front + "/static/akhbar/css/site.css",
        "article HTML, nginx": nginx,
    }
    for url in targets.values():
        wrk(url, connections=8, seconds=1, headers=READER_HEADERS)  # Warm caches.
    rps = {name: [] for name in targets}
    errors = 0
    for _ in range(args.rounds):
        for name, url in targets.items():
            result = wrk(
                url, connections=64, seconds=args.seconds, headers=READER_HEADERS
            )
            rps[name].append(result["rps"])
            errors += result["errors"]
    print("req/s at 64 connections accepting gzip, %d rounds of %d s, interleaved"
          " (load %.0f)" % (
        args.rounds, args.seconds, os.getloadavg()[0]))  # fmt: skip
    for name, values in rps.items():
        print("  %-22s %s" % (name, summary(values)))
    cached = rps["article, Varnish"]
    for label, baseline, target in (
        ("from the app", "article, app", ""),
        ("static file", "static file, Varnish", ""),
        ("nginx static", "article HTML, nginx", " (target ≥ 0.5)"),
    ):
        print(
            "  article through Varnish / %-13s %s×%s"
            % (label, ratio_summary(cached, rps[baseline]), target)
        )
    print("  non-2xx responses: %d" % errors)


def ratio_summary(values, baselines) -> str:
    """The median ratio of the rounds (each against its own round's baseline)
    and their range."""
    ratios = [value / base for value, base in zip(values, baselines, strict=True)]
    return "%.2f (%.2f–%.2f)" % (statistics.median(ratios), min(ratios), max(ratios))


def publish_to_visible(front, publish_env) -> None:
    print("publish → visible through Varnish, no traffic:")
    output = shell(PUBLISH_AND_WAIT % {"runs": 7, "front": front}, publish_env)
    pairs = [
        tuple(map(float, pair.split(","))) for pair in output.splitlines()[-1].split()
    ]
    for label, times in (
        ("the publish itself (signals, index, ban)", [p[0] for p in pairs]),
        ("committed → shown on the home page", [p[1] for p in pairs]),
    ):
        print_times(label, times, "target ≤ 1 s" if "shown" in label else "")


def print_times(label, times, target="") -> None:
    print(
        "  %-42s median %.0f ms (%.0f–%.0f ms), %d runs%s"
        % (
            label,
            1000 * statistics.median(times),
            1000 * min(times),
            1000 * max(times),
            len(times),
            "; " + target if target else "",
        )
    )


# Runs in an ``akhbar shell`` while ``akhbar worker`` runs: schedules an
# article two seconds ahead, then asks the cache until the home page shows it.
SCHEDULE_AND_WAIT = """
import datetime, time, urllib.request
from django.utils import timezone
from akhbar.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().first()
rows = []
for number in range(%(runs)d):
    title = "خبر مجدول للقياس رقم %%d %%d" %% (number, time.time_ns())
    go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    article = ArticlePage(title=title, standfirst="مقدمة", body=[], live=False,
                          go_live_at=go_live_at)
    section.add_child(instance=article)
    article.save_revision().publish()
    while time.time() < go_live_at.timestamp() + 30:
        if title in urllib.request.urlopen("%(front)s/").read().decode():
            break
        time.sleep(0.01)
    shown = time.time() - go_live_at.timestamp()
    article.refresh_from_db()
    live = (article.last_published_at - go_live_at).total_seconds()
    rows.append("%%.4f,%%.4f" %% (live, shown))
print(" ".join(rows))
"""


def scheduled_lateness(front, publish_env) -> None:
    """``akhbar worker`` beside the server; articles scheduled two seconds
    ahead: how late each went live and showed through the cache."""
    with tempfile.NamedTemporaryFile(prefix="akhbar-bench-worker-") as log:
        worker = subprocess.Popen(
            [*AKHBAR, "worker"], env=publish_env, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + READY_SECONDS
            while b"Scheduler active" not in Path(log.name).read_bytes():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "akhbar worker did not start:\n%s"
                        % Path(log.name).read_text(errors="replace")[-3000:]
                    )
                time.sleep(0.5)
            output = shell(SCHEDULE_AND_WAIT % {"runs": 5, "front": front}, publish_env)
        finally:
            worker.terminate()
            worker.wait(30)
    pairs = [
        tuple(map(float, pair.split(","))) for pair in output.splitlines()[-1].split()
    ]
    print("scheduled publish, no traffic (akhbar worker, load %.0f):" % (
        os.getloadavg()[0]))  # fmt: skip
    print_times("go_live_at → live", [p[0] for p in pairs], "target ≤ 5 s")
    print_times("go_live_at → shown on the home page", [p[1] for p in pairs])


ORIGIN_PAGES = """
from urllib.parse import urlsplit
from wagtail.models import Page
for page in Page.objects.live().filter(depth__gte=2).specific()[:%(count)d]:
    print("PATH " + urlsplit(page.get_url()).path)
"""


def origin_down(env) -> None:
    """Reader pages cached by Varnish, then the app stopped: the share of them
    still served, at once and after their s-maxage has passed (the app set to
    two seconds here), from Varnish's grace."""
    env = {**env, "AKHBAR_CACHE_SHARED_SECONDS": "2"}
    paths = [
        line.split(" ", 1)[1]
        for line in shell(ORIGIN_PAGES % {"count": 40}, env).splitlines()
        if line.startswith("PATH ")
    ]
    with served(env) as base:
        origin = urlsplit(base)
        with varnish_server(origin.hostname, origin.port) as front:
            urls = [front + quote(path, safe="/%") for path in paths]
            cached = [url for url in urls if fetched(url) and fetched(url)]
            stop_server(base)
            print("origin down: %d reader pages cached, then the app stopped" % (
                len(cached)))  # fmt: skip
            stopped = time.monotonic()
            for wait in (0, 5, 15):
                time.sleep(max(0.0, stopped + wait - time.monotonic()))
                served_now = sum(1 for url in cached if fetched(url))
                print(
                    "  %2d s later: %d of %d served (%.0f %%; target 100 %%)"
                    % (wait, served_now, len(cached), 100 * served_now / len(cached))
                )


def fetched(url: str) -> bool:
    """Whether ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            response.read()
            return response.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
