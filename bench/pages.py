"""Reader pages under load: ``akhbar serve`` (2 workers, DEBUG off) over the demo site.

Prints req/s, p50 and p99 at 8 and 64 connections for the home page, a section and
an article, the SQL queries each page costs (cold caches / warm), the server's CPU
milliseconds per request (steady even when the machine is busy), and ratios against
two baselines: a static file served by the same server in the same run (the server's
own ceiling), and the WordPress 6.1 + php-fpm figure measured on this machine for the
issue (28 req/s, p50 236 ms, article page, 8 connections).

Two servers over the same data run side by side: one with the in-app response
cache (``AKHBAR_RESPONSE_CACHE=1``, the default: a repeat is replayed without a
render) and one without it (every request renders, with the fragment caches).
Pages are measured in interleaved rounds (static file, then each page at 8 and 64
connections on each server, again each round) and printed as medians and ranges.

    .venv/bin/python bench/pages.py [--seconds 5] [--rounds 3] [--postgres]
"""

import argparse
import contextlib
import json
import os
import sys
import urllib.request
from pathlib import Path
from statistics import median
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import (  # noqa: E402
    demo_environment,
    each_database,
    probed,
    served,
    server_cpu_seconds,
    wrk,
)

from akhbar.core.responsecache import HIT_HEADER  # noqa: E402

WORDPRESS_RPS = 28.0
STATIC_FILE = "/static/akhbar/css/site.css"


def probe() -> None:
    """Print the pages and their SQL queries (cold caches, then warm), with the
    response cache off and on, as JSON.

    Run in a child process per database, with that database's environment, so
    that each run sets Django up afresh.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from akhbar.core.static import collect_static
    from akhbar.news.models import ArticlePage, SectionPage
    from akhbar.news.selectors import forget_cached_reads

    # With DEBUG off the pages link fingerprinted static files (the publisher
    # logo in the JSON-LD, the icons): the manifest must exist before the
    # first render, as it does under ``akhbar serve``, which collects the same
    # files into the same STATIC_ROOT (and then finds them already there).
    collect_static()

    article = ArticlePage.objects.live().order_by("-first_published_at")[3]
    section = SectionPage.objects.live().order_by("path").first()
    pages = {"home": "/", "section": section.url, "article": article.url}
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for url in pages.values():
        client.get(url)  # Image renditions are made once, on the first view.
    for cache in caches.all():
        cache.clear()
    forget_cached_reads()
    for name, url in pages.items():
        result[name] = [url, {}]
    for cache in ("off", "on"):
        settings.AKHBAR_RESPONSE_CACHE = cache == "on"
        for name, url in pages.items():
            counts = []
            # With the cache on, the first request of a page whose keys were
            # never stamped is not kept: the third is the replay.
            for _ in range(2 if cache == "off" else 3):
                with CaptureQueriesContext(connection) as captured:
                    status = client.get(url).status_code
                assert status == 200, (url, status)
                counts.append(len(captured.captured_queries))
            result[name][1][cache] = [counts[0], counts[-1]]
        for each in caches.all():
            each.clear()
        forget_cached_reads()
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe()
    for label, database_url in each_database(args.postgres):
        run(label, database_url, args.seconds, args.rounds)


def measure(base: str, url: str, connections: int, seconds: int) -> dict:
    """One wrk run against ``url``, with the server's CPU ms per request."""
    cpu = server_cpu_seconds(base)
    result = wrk(base + url, connections=connections, seconds=seconds)
    cpu_ms = (server_cpu_seconds(base) - cpu) * 1000
    return {**result, "cpu_ms": cpu_ms / max(1, result["requests"])}


def spread(values) -> str:
    """Median and range: ``median (low–high)``."""
    values = sorted(values)
    if max(values) >= 100:
        return "%.0f (%.0f–%.0f)" % (median(values), values[0], values[-1])
    return "%.1f (%.1f–%.1f)" % (median(values), values[0], values[-1])


CACHE_MODES = {"off": "0", "on": "1"}


def run(label, database_url, seconds, rounds):
    """Measure each page on both servers in rounds, the static file first.

    The machine is shared: runs are interleaved so that every page meets the
    same load over the whole run, and each page's ratio to the static file is
    taken within its own round before the medians are taken.
    """
    with demo_environment(database_url) as env:
        pages = probed(__file__, env)
        runs = [
            (name, cache, connections)
            for name in pages
            for cache in CACHE_MODES
            for connections in (8, 64)
        ]
        results = {key: [] for key in [("static", "off", 8), *runs]}
        with contextlib.ExitStack() as servers:
            bases = {
                cache: servers.enter_context(
                    served({**env, "AKHBAR_RESPONSE_CACHE": value})
                )
                for cache, value in CACHE_MODES.items()
            }
            check_cache(bases, pages)
            for _ in range(rounds):
                static = measure(bases["off"], STATIC_FILE, 8, seconds)
                results["static", "off", 8].append({**static, "vs_static": 1.0})
                for name, cache, connections in runs:
                    url = quote(pages[name][0], safe="/%")
                    result = measure(bases[cache], url, connections, seconds)
                    result["vs_static"] = result["rps"] / static["rps"]
                    results[name, cache, connections].append(result)
        report(label, rounds, seconds, pages, results)


def check_cache(bases, pages) -> None:
    """Fail unless the server with the cache replays the pages and the one
    without renders them (each asked three times: the first request of a page
    whose surrogate keys were never stamped is not kept)."""
    for cache, base in bases.items():
        for url, _queries in pages.values():
            for _ in range(3):
                with urllib.request.urlopen(base + quote(url, safe="/%")) as answer:
                    replayed = answer.headers.get(HIT_HEADER) == "hit"
            assert replayed == (cache == "on"), (cache, url)


def report(label, rounds, seconds, pages, results) -> None:
    print(
        "\n%s — akhbar serve, 2 workers, DEBUG off, %d interleaved rounds of %ss;"
        " median (range); WordPress baseline %.0f req/s; cache: the in-app"
        " response cache (AKHBAR_RESPONSE_CACHE)"
        % (label, rounds, seconds, WORDPRESS_RPS)
    )
    header = "%-8s %5s %5s %17s %19s %8s %17s %15s %17s %6s" % (
        "page", "cache", "conns", "req/s", "vs WordPress", "SQL c/w",
        "vs static", "p50 ms", "CPU ms/req", "errors",
    )  # fmt: skip
    print(header)
    print("-" * len(header))
    for (name, cache, connections), measured in results.items():
        queries = "-" if name == "static" else "%d/%d" % tuple(pages[name][1][cache])
        print(
            "%-8s %5s %5d %17s %19s %8s %17s %15s %17s %6d"
            % (
                name,
                cache,
                connections,
                spread(r["rps"] for r in measured),
                spread(r["rps"] / WORDPRESS_RPS for r in measured) + "x",
                queries,
                spread(r["vs_static"] for r in measured),
                spread(r["p50"] for r in measured),
                spread(r["cpu_ms"] for r in measured),
                sum(r["errors"] for r in measured),
            )
        )
    print(
        "SQL c/w: queries of the first request with every cache empty / warm"
        " (cache off: a render with warm fragment caches; on: a replay)."
    )


if __name__ == "__main__":
    main()
