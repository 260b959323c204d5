"""A fresh ``akhbar serve`` worker's first reader, with and without the warm-up.

``akhbar serve --workers 1`` over the demo site, started again for each round,
with ``AKHBAR_SERVE_WARM_UP`` on and off in turn (interleaved): the time from
the start to the first answer of ``/healthz`` (what a load balancer, a probe
or a deploy script waits for), then the time of the first article page asked
after it (an article the warm-up did not render: what the first reader, or
Varnish's fetch under its first-byte timeout, waits for), and the CPU seconds
the server spent on each (a figure the machine's load does not change).
Prints medians and ranges of the rounds, and the ratio warm-up on / off.

    .venv/bin/python bench/cold_start.py [--rounds 3]
"""

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import _server  # noqa: E402

# The fifth newest article: not the one the warm-up renders (the newest).
ARTICLE = """
from urllib.parse import urlsplit
from akhbar.news.models import ArticlePage
page = ArticlePage.objects.live().order_by("-last_published_at")[4]
print("PATH " + urlsplit(page.get_url()).path)
"""


def article_path(env) -> str:
    output = subprocess.run(
        [*_server.AKHBAR, "shell", "-c", ARTICLE],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return output.split("PATH ", 1)[1].strip()


def one_start(env, path: str, *, warm: bool) -> dict:
    """Start a one-worker server; the seconds (wall, CPU) to ready and of the
    first page."""
    env = {**env, "AKHBAR_SERVE_WARM_UP": "1" if warm else "0"}
    started = time.perf_counter()
    with _server.served(env, workers=1) as base:
        ready = time.perf_counter() - started
        ready_cpu = _server.server_cpu_seconds(base)
        asked = time.perf_counter()
        url = base + quote(path, safe="/%")
        with urllib.request.urlopen(url, timeout=_server.READY_SECONDS) as response:
            response.read()
        first = time.perf_counter() - asked
        first_cpu = _server.server_cpu_seconds(base) - ready_cpu
    return {
        "ready": ready,
        "ready_cpu": ready_cpu,
        "first": first,
        "first_cpu": first_cpu,
    }


def spread(values: list[float]) -> str:
    return "%.2f s (%.2f–%.2f)" % (statistics.median(values), min(values), max(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = {True: [], False: []}
    with _server.demo_environment() as env:
        path = article_path(env)
        for _ in range(args.rounds):
            for warm in (False, True):
                rounds[warm].append(one_start(env, path, warm=warm))
    print(
        "A fresh one-worker akhbar serve, %d rounds interleaved (load %s)"
        % (args.rounds, Path("/proc/loadavg").read_text().split()[0])
    )
    names = {
        "ready": "start → /healthz answers",
        "ready_cpu": "  CPU of the server until then",
        "first": "first article page after that",
        "first_cpu": "  CPU of the server for it",
    }
    for name, label in names.items():
        off = [each[name] for each in rounds[False]]
        on = [each[name] for each in rounds[True]]
        ratios = [a / b for a, b in zip(on, off, strict=True) if b]
        print(
            "  %-32s warm-up off %s, on %s; on/off %.2f×"
            % (label, spread(off), spread(on), statistics.median(ratios))
        )


if __name__ == "__main__":
    main()
