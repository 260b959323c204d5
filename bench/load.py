"""Load and faults: readers on article pages while the newsroom publishes.

``akhbar serve`` (2 workers, demo site) behind Varnish (the repository's VCL;
``--direct`` for the app alone). wrk's clients ask for the newest article
pages in turn while one article is published per second (in another process,
with the bans of AKHBAR_CACHE_PURGE_URL); for each new story a watcher asks
the front until the home page lists it and its own page answers. Prints the
requests, every error (socket errors and 4xx/5xx), and the time from publish
committed to visible: median, p90, worst, and how many took longer than the
bound (1 s, the issue's figure).

``--kill-worker``: the app alone (the pool is what is under test), and at
half time one of its workers is killed with SIGKILL; prints the errors and
whether the pool is whole again at the end.

    .venv/bin/python bench/load.py [--clients 64] [--seconds 60] [--direct]
                                   [--kill-worker] [--postgres] [--json]
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import (
    _SERVERS,
    AKHBAR,
    READY_SECONDS,
    _ms,
    demo_environment,
    served,
    server_cpu_seconds,
)  # noqa: E402

from akhbar.testing.servers import postgres_server, varnish_server  # noqa: E402

BOUND_SECONDS = 1.0
# wrk's duration: an upper bound, it is stopped when the publisher is done.
WRK_LONGEST = 3600
# Every request Varnish answered with 400 or more, with its backend fetch
# (varnishlog's grouped record): where to look when errors are counted.
VARNISH_LOG = Path(tempfile.gettempdir()) / "akhbar-load-varnish-errors.log"

ARTICLE_PATHS = """
from urllib.parse import urlsplit
from akhbar.news.models import ArticlePage
for page in ArticlePage.objects.live().order_by("-first_published_at")[:%(count)d]:
    print("PATH " + urlsplit(page.get_url()).path)
"""

# Runs in an ``akhbar shell``: publishes ``count`` articles, one every
# ``interval`` seconds (or as fast as publishing goes on a loaded machine), and
# watches each through the front until it is visible. A story still unseen
# after ``give_up`` seconds is "never": long enough for a banned page's render
# to wait its turn behind the readers' on a machine at load 40, where the
# issue's bound (1 s) is far exceeded but the story does show.
PUBLISHER = """
import json, threading, time, urllib.request
from urllib.parse import quote, urlsplit
from akhbar.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().first()
front, count, interval, give_up = %(front)r, %(count)d, %(interval)f, 60.0
results = []

def shows(path, text=None):
    try:
        with urllib.request.urlopen(
            front + quote(path, safe="/%%"), timeout=5
        ) as response:
            return text is None or text in response.read().decode()
    except OSError:
        return False

def watch(title, path, committed):
    seen = {"home": None, "article": None}
    while time.perf_counter() - committed < give_up and None in seen.values():
        if seen["home"] is None and shows("/", title):
            seen["home"] = time.perf_counter() - committed
        if seen["article"] is None and shows(path):
            seen["article"] = time.perf_counter() - committed
        time.sleep(0.01)
    results.append(seen)

def publish(number):
    title = "خبر عاجل رقم %%d من القياس %%d" %% (number, time.time_ns())
    article = ArticlePage(title=title, standfirst="مقدمة الخبر", body=[
        {"type": "paragraph", "value": "<p>نص الخبر العاجل.</p>"}])
    section.add_child(instance=article)
    article.save_revision().publish()
    return title, urlsplit(article.get_url()).path

# A first publish loads what publishing needs (seconds on a loaded machine);
# then wait for the readers.
publish(-1)
print("READY", flush=True)
input()
threads = []
start = time.perf_counter()
for number in range(count):
    title, path = publish(number)
    committed = time.perf_counter()
    thread = threading.Thread(target=watch, args=(title, path, committed))
    thread.start()
    threads.append(thread)
    time.sleep(max(0.0, start + (number + 1) * interval - time.perf_counter()))
for thread in threads:
    thread.join()
print("RESULT " + json.dumps(results))
"""

# The paths in turn; each thread counts the answers of 400 and more by
# status, printed at the end as "STATUS <code> <count>" lines.
LUA = """
local paths = {%s}
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  failed = {}
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 400 then
    failed[status] = (failed[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("failed")) do
      io.write(string.format("STATUS %%d %%d\\n", status, count))
    end
  end
end
"""


def shell(code: str, env) -> str:
    return subprocess.run(
        [*AKHBAR, "shell", "-c", code],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def warm_up(base: str, front: str, paths: list[str]) -> None:
    """Ask the app for each page twice, two at a time, then the front for each
    once: every worker has loaded its code and templates (a worker's first
    pages take seconds of CPU, past Varnish's first-byte timeout on a loaded
    machine) and the cache holds the pages before the clock starts. What is
    measured is the site while it publishes, not a cold start."""

    def fetch(url):
        with urllib.request.urlopen(url, timeout=READY_SECONDS) as response:
            response.read()

    quoted = [quote(path, safe="/%") for path in paths]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(fetch, [base + path for path in quoted * 2]))
    for path in quoted:
        fetch(front + path)


def publishing(code: str, env) -> subprocess.Popen:
    """An ``akhbar shell`` running ``code`` (the publisher), once it has said
    READY: it starts when told "go" on its input."""
    process = subprocess.Popen(
        [*AKHBAR, "shell", "-c", code],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    line = process.stdout.readline()
    while line and line.strip() != "READY":
        line = process.stdout.readline()
    if not line:
        raise RuntimeError("the publisher did not start:\n%s" % process.stdout.read())
    return process


def wrk_over(base: str, paths: list[str], *, clients: int):
    """Start wrk on ``paths`` in turn, until it is stopped (``wrk_stop``);
    return the process and its script's folder."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    folder = tempfile.mkdtemp(prefix="akhbar-load-")
    script = Path(folder) / "paths.lua"
    # Page URLs come percent-encoded already; "%" stays as it is.
    script.write_text(
        LUA % ", ".join('"%s"' % quote(path, safe="/%") for path in paths)
    )
    process = subprocess.Popen(
        ["wrk", "-t%d" % min(2, clients), "-c%d" % clients, "-d%ds" % WRK_LONGEST,
         "--timeout", "10s", "--latency", "-s", str(script), base + "/"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return process, folder


def wrk_stop(process: subprocess.Popen, *, not_before: float) -> str:
    """Stop wrk (SIGINT: it prints its report, the Lua script's lines too) once
    the clock passes ``not_before`` (a ``time.monotonic()``); its output."""
    time.sleep(max(0.0, not_before - time.monotonic()))
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    return output


def wrk_result(output: str) -> dict:
    """Requests and errors of wrk's report."""
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    statuses = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    names = ("connect", "read", "write", "timeout")
    counts = map(int, sockets.groups()) if sockets else (0, 0, 0, 0)
    errors = dict(zip(names, counts, strict=True))
    errors["http"] = int(statuses.group(1)) if statuses else 0
    failed: dict[str, int] = {}
    for status, count in re.findall(r"^STATUS (\d+) (\d+)$", output, re.M):
        failed[status] = failed.get(status, 0) + int(count)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency_ms(output, "50%"),
        "p99_ms": latency_ms(output, "99%"),
        "errors": errors,
        "statuses": failed,
    }


def latency_ms(output: str, share: str) -> float:
    """A percentile of wrk's latency distribution (``--latency``), in ms."""
    return _ms(re.search(r"^\s*%s\s+(\S+)" % re.escape(share), output, re.M).group(1))


def workers_of(server_pid: int) -> list[int]:
    """The ids of the live processes whose parent is ``server_pid`` (a killed
    worker not yet reaped is a zombie child: not counted)."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path("/proc/%s/stat" % entry).read_text()
                state, parent = stat.rsplit(")", 1)[1].split()[:2]
                if int(parent) == server_pid and state != "Z":
                    children.append(int(entry))
    return children


def kill_one_worker(server_pid: int, after: float, report: dict) -> threading.Thread:
    def kill():
        time.sleep(after)
        workers = workers_of(server_pid)
        report["workers_before"] = len(workers)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            report["killed"] = workers[0]

    thread = threading.Thread(target=kill)
    thread.start()
    return thread


def pool_after(base: str, workers_before: int | None, path: str) -> dict:
    """Once the pool has as many workers as ``workers_before`` again (or
    ``READY_SECONDS`` passed: a respawned worker loads and warms up for tens
    of seconds on a loaded machine), how many it has and whether ``path``
    is served."""
    deadline = time.monotonic() + READY_SECONDS
    while (
        len(workers_of(_SERVERS[base])) < (workers_before or 0)
        and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    try:
        page = base + quote(path, safe="/%")
        urllib.request.urlopen(page, timeout=READY_SECONDS).read()
        answers = True
    except OSError:
        answers = False
    return {"workers_after": len(workers_of(_SERVERS[base])), "answers_after": answers}


def load_average() -> float:
    """The machine's load average over the last minute."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(env, args) -> dict:
    """One run on the demo site of ``env``; the figures as a dict."""
    paths = [
        line.split(" ", 1)[1]
        for line in shell(ARTICLE_PATHS % {"count": 20}, env).splitlines()
        if line.startswith("PATH ")
    ]
    return _run(env, args, paths, direct=args.direct or args.kill_worker)


def _run(env, args, paths, *, direct) -> dict:
    with served(env) as base, contextlib.ExitStack() as stack:
        origin = urlsplit(base)
        front = base
        if not direct:
            front = stack.enter_context(
                varnish_server(origin.hostname, origin.port, error_log=VARNISH_LOG)
            )
            deadline = time.monotonic() + READY_SECONDS / 10
            while True:
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(front + "/healthz", timeout=10)
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("Varnish never found the app healthy")
                time.sleep(0.2)
        warm_up(base, front, ["/", *paths])
        publisher_env = {**env, "AKHBAR_CACHE_PURGE_URL": "" if direct else front}
        # One story a second for the run's seconds; the readers go on until
        # the last is published and seen (publishing slows on a loaded
        # machine: every story is published under the readers' load).
        publisher = publishing(
            PUBLISHER % {"front": front, "count": args.seconds, "interval": 1.0},
            publisher_env,
        )
        report = {}
        report.update(front="app" if direct else "Varnish", clients=args.clients)
        load, folder = wrk_over(front, paths, clients=args.clients)
        started = time.monotonic()
        report["load_before"] = load_average()
        cpu_before = server_cpu_seconds(base)
        publisher.stdin.write("go\n")
        publisher.stdin.flush()
        killer = None
        if args.kill_worker:
            killer = kill_one_worker(_SERVERS[base], args.seconds / 2, report)
        try:
            published, _ = publisher.communicate(timeout=READY_SECONDS)
            if publisher.returncode:
                raise RuntimeError("the publisher failed:\n%s" % published[-3000:])
            output = wrk_stop(load, not_before=started + args.seconds)
            report["load_after"] = load_average()
            report["server_cpu_s"] = server_cpu_seconds(base) - cpu_before
        finally:
            for process in (load, publisher):
                if process.poll() is None:
                    process.kill()
            shutil.rmtree(folder, ignore_errors=True)
        if killer:
            killer.join()
            report.update(pool_after(base, report.get("workers_before"), paths[0]))
        report.update(wrk_result(output))
        stories = json.loads(published.split("RESULT ", 1)[1].splitlines()[0])
        report["stories"] = stories
        return report


def print_report(report: dict) -> None:
    print(
        "%d clients on %d article pages through %s, one publish a second"
        % (report["clients"], 20, report["front"])
    )
    errors = report["errors"]
    print(
        "  requests %d (%.0f/s), errors %d (%s)"
        % (
            report["requests"],
            report["rps"],
            sum(errors.values()),
            ", ".join("%s %d" % item for item in errors.items()),
        )
    )
    print(
        "  latency p50 %.1f ms, p99 %.1f ms; answers of 400 and more by status: %s"
        % (
            report["p50_ms"],
            report["p99_ms"],
            ", ".join("%s × %d" % item for item in report["statuses"].items())
            or "none",
        )
    )
    print(
        "  the app's CPU %.1f s over the run; machine load %.1f at the start,"
        " %.1f at the end (2 cores)"
        % (report["server_cpu_s"], report["load_before"], report["load_after"])
    )
    if report["statuses"] and report["front"] == "Varnish":
        print("  Varnish's record of each: %s" % VARNISH_LOG)
    for where in ("home", "article"):
        times = [
            story[where] for story in report["stories"] if story[where] is not None
        ]
        missed = len(report["stories"]) - len(times)
        if not times:
            print("  %-8s never visible (%d stories)" % (where, missed))
            continue
        late = sum(1 for value in times if value > BOUND_SECONDS)
        print(
            "  publish → visible on %-7s median %.0f ms, p90 %.0f ms, worst %.0f ms;"
            " %d of %d over %.0f s, %d never"
            % (
                where,
                1000 * statistics.median(times),
                1000 * percentile(times, 0.90),
                1000 * max(times),
                late,
                len(report["stories"]),
                BOUND_SECONDS,
                missed,
            )
        )
    if "killed" in report or "workers_before" in report:
        print(
            "  worker %s killed at half time: workers %s before, %s after; the app"
            " %s afterwards"
            % (
                report.get("killed"),
                report.get("workers_before"),
                report.get("workers_after"),
                "answers" if report.get("answers_after") else "does NOT answer",
            )
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--direct", action="store_true", help="no Varnish in front")
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", action="store_true", help="a JSON line at the end")
    args = parser.parse_args()
    VARNISH_LOG.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(postgres_server()) if args.postgres else None
        env = stack.enter_context(demo_environment(database))
        report = run(env, args)
    print_report(report)
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
