"""The JSON API under load against the article page it mirrors.

``akhbar serve`` (2 workers, DEBUG off) over the demo site, driven by ``wrk``
with 8 connections. Targets run interleaved, round after round, so a busy
moment of the shared machine hits them all; the table gives each target's
median req/s with its range, and the median of its per-round ratio to the
article page measured in the same round. Two passes: with the per-process
fragment cache (as served), and without it (``AKHBAR_FRAGMENT_CACHE=0``: every
request builds its answer, as the first one after a publish does).

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

from _server import demo_environment, each_database, probed, served, wrk  # noqa: E402

CONNECTIONS = 8


def probe() -> None:
    """Print the URLs to load (run in a child process with the demo's settings)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    import django

    django.setup()
    from akhbar.news.models import ArticlePage

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


def measure(env, urls: dict, rounds: int, seconds: int) -> dict:
    """req/s per target per round, the targets interleaved in each round."""
    found = {name: [] for name in urls}
    with served(env) as base:
        for url in urls.values():  # Renditions and caches made once, untimed.
            for _ in range(2):
                urllib.request.urlopen(
                    base + quote(url, safe="/?=&,%"), timeout=300
                ).read()
        for _ in range(rounds):
            for name, url in urls.items():
                result = wrk(
                    base + quote(url, safe="/?=&,%"),
                    connections=CONNECTIONS,
                    seconds=seconds,
                )
                if result["errors"]:
                    raise RuntimeError("%s: %r" % (url, result))
                print("  %-18s %8.0f req/s" % (name, result["rps"]), flush=True)
                found[name].append(result["rps"])
    return found


def report(title: str, found: dict) -> None:
    baseline = found["article page"]
    print("\n" + title)
    header = "%-18s %10s %17s %15s" % (
        "target",
        "median r/s",
        "range",
        "vs article page",
    )
    print(header)
    print("-" * len(header))
    for name, values in found.items():
        # A round where the page finished nothing in time has no ratio.
        ratios = [v / b for v, b in zip(values, baseline, strict=True) if b] or [0]
        print(
            "%-18s %10.0f %17s %14.2fx"
            % (
                name,
                statistics.median(values),
                "%.0f–%.0f" % (min(values), max(values)),
                statistics.median(ratios),
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
            found = measure(pass_env, urls, args.rounds, args.seconds)
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
            )


if __name__ == "__main__":
    main()
