"""A live story under 1,000 polling readers: what reaches the origin.

Serves the demo with ``akhbar serve`` (2 workers, DEBUG off, SQLite) and opens
1,000 simulated readers, each on its own keep-alive connection, polling the
story's one updates URL at the interval the server sets, while an editor's
process posts an entry every 10 s. Modes run interleaved, ``--rounds`` each:

- ``etag``: readers send ``If-None-Match`` as browsers do (304 while nothing
  changed), straight to the origin, the baseline being
- ``full``: readers ignore the ETag (every poll a 200 with the JSON body);
- ``varnish`` (with ``--front varnish``): ``etag`` readers through Varnish with
  the repository's VCL (``deploy/varnish/akhbar.vcl``) in front of the same
  origin. A poll reaches the origin when Varnish answers it ``X-Cache: MISS``
  (readers waiting on the same fetch are answered as hits); straight to the
  origin, every poll does.

Printed per mode (medians and ranges over the rounds): polls per second from
the readers and reaching the origin, origin CPU ms per reader poll, bytes per
poll, p50/p99 time from an entry's commit to the moment a reader has it; then
each mode's ratio to ``full``.

    .venv/bin/python bench/live.py [--readers 1000] [--seconds 60] [--rounds 2]
        [--front varnish]
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import AKHBAR, demo_environment, served, server_cpu_seconds  # noqa: E402

from akhbar.testing.servers import varnish_server  # noqa: E402

POST_EVERY = 10.0

POSTER = """
import os, time
from akhbar.live import services
from akhbar.live.models import LiveEntry, LiveStoryPage
from akhbar.live.text import paragraph_blocks
story = LiveStoryPage.objects.get(pk=int(os.environ["BENCH_LIVE_STORY"]))
number = 0
while True:
    number += 1
    entry = LiveEntry(page=story, body=paragraph_blocks("تحديث تجريبي %d" % number))
    services.entry_save(entry=entry, publish=True)
    print(entry.pk, time.time(), flush=True)
    time.sleep(float(os.environ["BENCH_POST_EVERY"]))
"""


def story_endpoint(base: str) -> tuple[int, str]:
    home = urllib.request.urlopen(base + "/").read().decode()
    link = re.search(r'class="live-now".*?href="([^"]+)"', home, re.S).group(1)
    page = urllib.request.urlopen(base + link).read().decode()
    url = re.search(r'data-live-updates="([^"]+)"', page).group(1)
    return int(re.search(r"/live/(\d+)/", url).group(1)), url


class Reader:
    """One reader's connection and what it has seen."""

    def __init__(self, host, port, path, use_etag):
        self.host, self.port, self.path, self.use_etag = host, port, path, use_etag
        self.etag = None
        self.seen: dict[int, float] = {}
        self.reader = self.writer = None

    async def poll(self, stats):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port
            )
        headers = "Host: %s:%s\r\n" % (self.host, self.port)
        if self.use_etag and self.etag:
            headers += "If-None-Match: %s\r\n" % self.etag
        self.writer.write(("GET %s HTTP/1.1\r\n%s\r\n" % (self.path, headers)).encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"content-length:\s*(\d+)", head, re.I)
        body = await self.reader.readexactly(int(length.group(1))) if length else b""
        now = time.time()
        stats["requests"] += 1
        stats["bytes"] += len(head) + len(body)
        if not re.search(rb"x-cache:\s*hit", head, re.I):
            stats["origin"] += 1
        etag = re.search(rb"etag:\s*(\S+)", head, re.I)
        if etag:
            self.etag = etag.group(1).decode()
        if status == 200:
            data = json.loads(body)
            for change in data["entries"]:
                self.seen.setdefault(change["id"], now)
            return data.get("interval") or 3
        return None


async def run_readers(host, port, path, *, readers, seconds, use_etag):
    stats = {"requests": 0, "bytes": 0, "errors": 0, "origin": 0}
    crowd = [Reader(host, port, path, use_etag) for _ in range(readers)]
    deadline = time.monotonic() + seconds
    interval = 3.0

    async def loop(reader):
        nonlocal interval
        await asyncio.sleep(random.uniform(0, interval))
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                interval = await reader.poll(stats) or interval
            except (OSError, asyncio.IncompleteReadError, ValueError):
                stats["errors"] += 1
                reader.writer = None
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - started)))

    await asyncio.gather(*(loop(reader) for reader in crowd))
    for reader in crowd:
        if reader.writer is not None:
            reader.writer.close()
    return stats, crowd


def one_round(base, env, story_id, path, *, readers, seconds, use_etag, via=None):
    """One mode's round: readers on ``via`` (a cache in front) or ``base``."""
    host, port = (via or base).split("//")[1].split(":")
    poster = subprocess.Popen(
        [*AKHBAR, "shell", "-c", POSTER],
        env={
            **env,
            "BENCH_LIVE_STORY": str(story_id),
            "BENCH_POST_EVERY": str(POST_EVERY),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    cpu_before = server_cpu_seconds(base)
    started = time.monotonic()
    stats, crowd = asyncio.run(
        run_readers(
            host, int(port), path, readers=readers, seconds=seconds, use_etag=use_etag
        )
    )
    elapsed = time.monotonic() - started
    cpu = server_cpu_seconds(base) - cpu_before
    poster.terminate()
    posts = {}
    for line in poster.communicate()[0].splitlines():
        posted = re.fullmatch(r"(\d+) ([\d.]+)", line.strip())
        if posted:
            posts[int(posted[1])] = float(posted[2])
    delays = [
        reader.seen[pk] - at
        for pk, at in posts.items()
        for reader in crowd
        if pk in reader.seen
    ]
    # Only entries every reader had time to see count (posted a full poll before
    # the end), so a late post does not shorten the tail.
    missed = sum(
        1
        for pk, at in posts.items()
        if at < started_wall(started) + seconds - 10
        for reader in crowd
        if pk not in reader.seen
    )
    delays.sort()
    return {
        "rps": stats["requests"] / elapsed,
        "origin": stats["origin"] / elapsed,
        "cpu_ms": 1000 * cpu / max(1, stats["requests"]),
        "bytes": stats["bytes"] / max(1, stats["requests"]),
        "p50": delays[len(delays) // 2] if delays else float("nan"),
        "p99": delays[int(len(delays) * 0.99)] if delays else float("nan"),
        "posts": len(posts),
        "missed": missed,
        "errors": stats["errors"],
    }


_WALL_OFFSET = time.time() - time.monotonic()


def started_wall(monotonic: float) -> float:
    return monotonic + _WALL_OFFSET


def summary(values):
    return "%.2f (%.2f–%.2f)" % (statistics.median(values), min(values), max(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--front", choices=["none", "varnish"], default="none")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    with contextlib.ExitStack() as stack:
        env = stack.enter_context(demo_environment())
        base = stack.enter_context(served(env))
        story_id, path = story_endpoint(base)
        interval = json.loads(urllib.request.urlopen(base + path).read())["interval"]
        shared = urllib.request.urlopen(base + path).headers["Cache-Control"]
        fronts = {"etag": None, "full": None}
        if args.front == "varnish":
            origin = urllib.parse.urlsplit(base)
            fronts["varnish"] = stack.enter_context(
                varnish_server(origin.hostname, origin.port)
            )
            wait_for_front(fronts["varnish"] + path)
        results = {mode: [] for mode in fronts}
        for _round in range(args.rounds):
            for mode, via in fronts.items():
                results[mode].append(
                    one_round(
                        base,
                        env,
                        story_id,
                        path,
                        readers=args.readers,
                        seconds=args.seconds,
                        use_etag=mode != "full",
                        via=via,
                    )
                )
        print(
            "\n%d readers polling %s every %ss (server-set), an entry every %.0fs, "
            "%ss a round, %d rounds, front: %s; Cache-Control: %s"
            % (
                args.readers,
                path,
                interval,
                POST_EVERY,
                args.seconds,
                args.rounds,
                args.front,
                shared,
            )
        )
        keys = [
            ("rps", "reader polls/s"),
            ("origin", "polls/s at origin"),
            ("cpu_ms", "origin CPU ms/poll"),
            ("bytes", "bytes/poll"),
            ("p50", "post-to-seen p50 s"),
            ("p99", "post-to-seen p99 s"),
        ]
        modes = list(results)
        print(
            "%-20s " % "" + "".join("%-24s" % mode for mode in modes) + "ratio to full"
        )
        for key, label in keys:
            rows = {mode: [r[key] for r in results[mode]] for mode in modes}
            full = statistics.median(rows["full"]) or float("nan")
            print(
                "%-20s " % label
                + "".join("%-24s" % summary(rows[mode]) for mode in modes)
                + "  ".join(
                    "%s %.3f" % (mode, statistics.median(rows[mode]) / full)
                    for mode in modes
                    if mode != "full"
                )
            )
        for mode, rows in results.items():
            print(
                "%s: %d posts, %d missed sightings, %d errors"
                % (
                    mode,
                    sum(r["posts"] for r in rows),
                    sum(r["missed"] for r in rows),
                    sum(r["errors"] for r in rows),
                )
            )
        s_maxage = int(re.search(r"s-maxage=(\d+)", shared).group(1))
        print(
            "A cache honouring s-maxage=%d passes at most %.1f polls/s to the "
            "origin for this story (one per %ds), whatever the readers."
            % (s_maxage, 1 / s_maxage, s_maxage)
        )


def wait_for_front(url: str, seconds: float = 60) -> None:
    """Wait until Varnish's health probe finds the origin and it answers ``url``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if urllib.request.urlopen(url, timeout=5).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("Varnish never answered %s" % url)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
