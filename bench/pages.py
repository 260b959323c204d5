"""Reader pages under load: ``akhbar serve`` (2 workers, DEBUG off) over the demo site.

Prints req/s, p50 and p99 at 8 and 64 connections for the home page, a section and
an article, the SQL queries each page costs (cold caches / warm), the server's CPU
milliseconds per request (steady even when the machine is busy), and ratios against
two baselines: a static file served by the same server in the same run (the server's
own ceiling), and the WordPress 6.1 + php-fpm figure measured on this machine for the
issue (28 req/s, p50 236 ms, article page, 8 connections).

    .venv/bin/python bench/pages.py [--seconds 10] [--postgres]
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import demo_environment, served, server_cpu_seconds, wrk  # noqa: E402

WORDPRESS_RPS = 28.0


def probe() -> None:
    """Print the pages and their SQL queries (cold caches, then warm) as JSON.

    Run in a child process per database, with that database's environment, so
    that each run sets Django up afresh.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    import django

    django.setup()
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
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url).status_code
            assert status == 200, (url, status)
            counts.append(len(captured.captured_queries))
        result[name] = [url, counts]
    for cache in caches.all():
        cache.clear()
    print(json.dumps(result))


def page_urls_and_queries(env) -> dict:
    """The pages to load and their SQL queries per request (cold, warm)."""
    output = subprocess.run(
        [sys.executable, __file__, "--probe"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe()

    databases = [("SQLite", None)]
    if args.postgres:
        from akhbar.testing.servers import postgres_server

        databases.append(("PostgreSQL", postgres_server))
    for label, server in databases:
        if server is None:
            run(label, None, args.seconds)
        else:
            with server() as url:
                run(label, url, args.seconds)


def run(label, database_url, seconds):
    with demo_environment(database_url) as env:
        pages = page_urls_and_queries(env)
        with served(env) as base:
            static = wrk(
                base + "/static/akhbar/css/site.css", connections=8, seconds=seconds
            )
            print(
                "\n%s — akhbar serve, 2 workers, DEBUG off, %ss per run"
                % (label, seconds)
            )
            print("static file baseline (8 conn): %.0f req/s" % static["rps"])
            header = "%-8s %5s %10s %9s %9s %8s %8s %9s %7s" % (
                "page",
                "conns",
                "req/s",
                "p50 ms",
                "p99 ms",
                "SQL c/w",
                "vs WP",
                "vs static",
                "CPU ms",
            )
            print(header)
            print("-" * len(header))
            for name, (url, queries) in pages.items():
                full = base + quote(url) if "%" not in url else base + url
                for connections in (8, 64):
                    cpu = server_cpu_seconds(base)
                    result = wrk(full, connections=connections, seconds=seconds)
                    cpu_ms = (server_cpu_seconds(base) - cpu) * 1000
                    print(
                        "%-8s %5d %10.0f %9.1f %9.1f %8s %7.1fx %9.2f %7.2f%s"
                        % (
                            name,
                            connections,
                            result["rps"],
                            result["p50"],
                            result["p99"],
                            "%d/%d" % tuple(queries),
                            result["rps"] / WORDPRESS_RPS,
                            result["rps"] / static["rps"],
                            cpu_ms / max(1, result["requests"]),
                            "  (%d errors)" % result["errors"]
                            if result["errors"]
                            else "",
                        )
                    )


if __name__ == "__main__":
    main()
