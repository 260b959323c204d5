"""Reader pages through Varnish (deploy/varnish/akhbar.vcl) in front of
``akhbar serve`` (2 workers) over the demo site.

Prints, from one run with the measurements interleaved (medians and ranges of
the rounds): req/s at 64 connections for the article page from the app and
through Varnish, for a static file through Varnish (the cache's own ceiling
here), and for the same article HTML saved as a file and served by Debian's
nginx (the issue's baseline: Varnish should reach half of it), as ratios; then
how long a publish takes to show on the home page through the cache (publish
committed → first request that shows it). wrk drives all of them (oha and
h2load are not packaged here; wrk is the fastest client that is).

    .venv/bin/python bench/front_cache.py [--seconds 5] [--rounds 3]
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import AKHBAR, demo_environment, served, wrk  # noqa: E402

from akhbar.testing.servers import free_port, nginx_server, varnish_server  # noqa: E402

# The article saved as a file, served as nginx serves any static page.
NGINX_STATIC = """
server {
    listen 127.0.0.1:%(port)d;
    root %(root)s;
    location / {
        default_type "text/html; charset=utf-8";
        try_files $uri =404;
    }
}
"""


@contextlib.contextmanager
def nginx_static(html: bytes):
    """nginx serving ``html`` at ``/article.html``; yields its URL."""
    with tempfile.TemporaryDirectory(prefix="akhbar-static-") as root:
        (Path(root) / "article.html").write_bytes(html)
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
        static = "/static/akhbar/css/site.css"
        with served(env) as base:
            origin = urlsplit(base)
            html = urllib.request.urlopen(base + quote(article, safe="/%")).read()  # noqa: S310
            with (
                varnish_server(origin.hostname, origin.port) as front,
                nginx_static(html) as nginx,
            ):
                targets = {
                    "article, app": base + article,
                    "article, Varnish": front + article,
                    "static file, Varnish": front + static,
                    "article HTML, nginx": nginx,
                }
                for url in targets.values():
                    wrk(url, connections=8, seconds=1)  # Warm every cache.
                rps = {name: [] for name in targets}
                errors = 0
                for _ in range(args.rounds):
                    for name, url in targets.items():
                        result = wrk(url, connections=64, seconds=args.seconds)
                        rps[name].append(result["rps"])
                        errors += result["errors"]
                print("req/s at 64 connections, %d rounds of %d s, interleaved" % (
                    args.rounds, args.seconds))  # fmt: skip
                for name, values in rps.items():
                    print("  %-22s %s" % (name, summary(values)))
                app = statistics.median(rps["article, app"])
                cached = statistics.median(rps["article, Varnish"])
                ceiling = statistics.median(rps["static file, Varnish"])
                print(
                    "  article through Varnish / from the app:   %.1f×" % (cached / app)
                )
                print(
                    "  article through Varnish / static file:    %.2f×"
                    % (cached / ceiling)
                )
                baseline = statistics.median(rps["article HTML, nginx"])
                print(
                    "  article through Varnish / nginx static:  %.2f× (target ≥ 0.5)"
                    % (cached / baseline)
                )
                print("  non-2xx responses: %d" % errors)
                publish_env = {**env, "AKHBAR_CACHE_PURGE_URL": front}
                print("publish → visible through Varnish:")
                output = shell(
                    PUBLISH_AND_WAIT % {"runs": 7, "front": front}, publish_env
                )
                pairs = [
                    tuple(map(float, pair.split(",")))
                    for pair in output.splitlines()[-1].split()
                ]
                for label, times in (
                    ("the publish itself (signals, index, ban)", [p[0] for p in pairs]),
                    ("committed → shown on the home page", [p[1] for p in pairs]),
                ):
                    print(
                        "  %-42s median %.0f ms (%.0f–%.0f ms), 7 publishes"
                        % (label, *(1000 * t for t in (
                            statistics.median(times), min(times), max(times))))
                    )  # fmt: skip


if __name__ == "__main__":
    main()
