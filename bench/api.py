"""The JSON API under load against the article page it mirrors.

``akhbar serve`` (2 workers, DEBUG off) over the demo site, driven by ``wrk``
with 8 connections. Targets run interleaved, round after round, so a busy
moment of the shared machine hits them all; the table gives each target's
median req/s with its range, and the median of its per-round ratio to the
article page measured in the same round. Two passes: with the per-process
fragment cache (as served), and without it (``AKHBAR_FRAGMENT_CACHE=0``: every
request builds its answer, as the first one after a publish does). Beside
req/s, the server's CPU milliseconds per request (user + system of its
workers, from /proc): a cost that the machine's other load does not change,
and what 2 cores could serve at that cost (2000 / ms) when nothing else runs.

    .venv/bin/python bench/api.py [--rounds 5] [--seconds 5] [--postgres]

Target of the issue: API article detail >= 500 req/s on the 2-core machine.
"""

import argparse
import json
import statistics
import sys
import urllib.request
from pathlib import Path
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

CONNECTIONS = 8


def probe() -> None:
    """Print the URLs to load (run in a child process with the demo's settings)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    import django

    django.setup()
    from akhbar.core.static import collect_static
    from akhbar.news.models import ArticlePage

    # ``akhbar serve`` collects static files of a fresh data folder before it
    # answers (minutes on a loaded machine, past the bench's wait for it):
    # done here once, untimed; the server finds them current.
    collect_static()

    article = ArticlePage.objects.live().order_by("-first_published_at")[3]
    print(
        json.dumps(
            {
                "article page": article.url,
                "API detail": "/api/v1/articles/%d" % article.pk,
                "API list": "/api/v1/articles",
                "API list trimmed": "/api/v1/articles?fields=id,title,url&limit=50",
            }
        )
    )


def measure(env, urls: dict, rounds: int, seconds: int) -> tuple[dict, dict]:
    """req/s and server CPU ms per request, per target per round, the targets
    interleaved in each round."""
    found = {name: [] for name in urls}
    cpu = {name: [] for name in urls}
    with served(env) as base:
        for url in urls.values():  # Renditions and caches made once, untimed.
            for _ in range(2):
                urllib.request.urlopen(
                    base + quote(url, safe="/?=&,%"), timeout=300
                ).read()
        for _ in range(rounds):
            for name, url in urls.items():
                before = server_cpu_seconds(base)
                result = wrk(
                    base + quote(url, safe="/?=&,%"),
                    connections=CONNECTIONS,
                    seconds=seconds,
                )
                used = server_cpu_seconds(base) - before
                if result["errors"]:
                    raise RuntimeError("%s: %r" % (url, result))
                cpu_ms = used * 1000 / max(result["requests"], 1)
                print(
                    "  %-18s %8.0f req/s %7.2f CPU ms/req"
                    % (name, result["rps"], cpu_ms),
                    flush=True,
                )
                found[name].append(result["rps"])
                cpu[name].append(cpu_ms)
    return found, cpu


def report(title: str, found: dict, cpu: dict) -> None:
    baseline = found["article page"]
    print("\n" + title)
    header = "%-18s %10s %11s %15s %14s %9s" % (
        "target",
        "median r/s",
        "range",
        "vs article page",
        "CPU ms/req",
        "2 cores",
    )
    print(header)
    print("-" * len(header))
    for name, values in found.items():
        # A round where the page finished nothing in time has no ratio.
        ratios = [v / b for v, b in zip(values, baseline, strict=True) if b] or [0]
        cost = statistics.median(cpu[name])
        print(
            "%-18s %10.0f %11s %14.2fx %14s %9.0f"
            % (
                name,
                statistics.median(values),
                "%.0f–%.0f" % (min(values), max(values)),
                statistics.median(ratios),
                "%.2f (%.2f–%.2f)" % (cost, min(cpu[name]), max(cpu[name])),
                2000 / cost if cost else 0,
            )
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe()
    for label, database_url in each_database(args.postgres):
        run(label, database_url, args)


def run(label, database_url, args):
    with demo_environment(database_url) as env:
        urls = probed(__file__, env)
        for cached in (True, False):
            pass_env = {**env, "AKHBAR_FRAGMENT_CACHE": "1" if cached else "0"}
            found, cpu = measure(pass_env, urls, args.rounds, args.seconds)
            report(
                "%s — akhbar serve, 2 workers, %d conns, %d rounds of %ds, %s"
                % (
                    label,
                    CONNECTIONS,
                    args.rounds,
                    args.seconds,
                    "fragment cache on" if cached else "no fragment cache",
                ),
                found,
                cpu,
            )


if __name__ == "__main__":
    main()
