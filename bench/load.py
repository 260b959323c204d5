"""Load and faults: readers on article pages while the newsroom publishes.

``akhbar serve`` (2 workers, demo site) behind Varnish (the repository's VCL;
``--direct`` for the app alone). wrk's clients ask for the newest article
pages in turn while one article is published per second (in another process,
with the bans of AKHBAR_CACHE_PURGE_URL); for each new story, from its
commit, one watcher asks the front until the home page lists it and another
until its own page answers. Prints the requests, every error (socket errors
and 4xx/5xx), the CPU seconds of the app, Varnish, wrk, the publisher and the
rest of the machine, and the time from the publish's commit to visible:
median, p90, worst, how many took longer than the bound (1 s, the issue's
figure), then where the time went (the ban answered, the fetch of the first
answer with the story began and ended, how Varnish served it).

A story that never shows on the home page is told apart: "displaced before
seen" when an answer rendered after its commit lists a later story of the
run and not it (one publish a second pushes it off the page's lists before a
slow render showed it: a symptom of the latency), "never" otherwise (a stale
copy kept past the ban); for each, the last answer without it (how Varnish
served it, when its fetch began, its age). Progress goes to stderr as it
happens, one line per run and per story.

Varnish runs at nice 10 by default, the CPU priority deploy/ gives it below
the app's (systemd's ``Nice=``/``CPUWeight=``, compose's ``cpu_shares``):
after a publish every reader of a banned page waits for one render, which
Varnish's hits would otherwise starve. ``--varnish-nice 0`` runs without it;
``--compare-varnish-nice PAIRS`` runs both in turn (ABBA) and prints the
ratios. Only Varnish is reniced: the readers (64 clients at full speed) and
the publishing (one a second) are the issue's.

``--nice-wrk 19`` runs the load generator (wrk, and only wrk) at the lowest
CPU priority, so that what is measured is the product's bound rather than
the generator's share of the cores; ``--compare-nice PAIRS`` runs wrk at
nice 19 and 0 in turn on the same server (ABBA) and prints the ratios.

``--layout split`` runs the bench as production is laid out: the 64 readers
are other machines, and only the cache (Varnish, nginx) shares the app's
cores. wrk and the watchers (readers measuring) are pinned to
``--client-cpus`` (CPU 0), the app's workers, Varnish and the publisher (the
newsroom: a publish runs in an app worker) to ``--server-cpus`` (CPU 1), so
the clients cannot take the server's CPU. The watchers are threads of the
publisher's process, each pinned to the client cores on its own. wrk, the
publisher and the app each run in a session of their own and Varnish alone
in the bench's: with the kernel's autogroups each session is one scheduling
group, as each systemd service is one cgroup, so ``--varnish-cpu-weight``
(default 20, deploy/'s ``CPUWeight=``) and ``--app-cpu-weight`` (default 100,
systemd's) set those groups' priorities (``autogroup_nice``: 20 is nice 7).
The default layout (``shared``) is every earlier run's: every process on
every core, Varnish in the bench's group beside wrk and the publisher with
its threads at ``--varnish-nice``. ``--compare-layout PAIRS`` runs both in
turn (ABBA); ``--compare-app-weight PAIRS`` runs the app at CPUWeight 100
and at ``--app-cpu-weight`` (500 if not given) in turn. Each run prints its
layout.

``--kill-worker``: the app alone (the pool is what is under test), and at
half time one of its workers is killed with SIGKILL; prints the errors and
whether the pool is whole again at the end.

    .venv/bin/python bench/load.py [--clients 64] [--seconds 60] [--direct]
                                   [--nice-wrk N | --compare-nice PAIRS]
                                   [--varnish-nice N | --compare-varnish-nice PAIRS]
                                   [--layout split | --compare-layout PAIRS]
                                   [--app-cpu-weight W] [--compare-app-weight PAIRS]
                                   [--kill-worker] [--postgres] [--json]
"""

import argparse
import collections
import concurrent.futures
import contextlib
import dataclasses
import json
import math
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
    session_stats,
)  # noqa: E402

from akhbar.testing.servers import postgres_server, varnish_server  # noqa: E402

BOUND_SECONDS = 1.0
# Varnish's CPU priority in deploy/ (systemd's Nice= and CPUWeight=, compose's
# cpu_shares): below the app's, so that the render every reader of a banned
# page waits for is not starved by the hits Varnish serves meanwhile.
VARNISH_NICE = 10
# The split layout (``--layout split``): in production the readers are other
# machines, and only the cache shares the app's cores. The load generator (wrk)
# and the watchers (readers measuring) run on the client cores; the app's
# workers, Varnish and the publisher (the newsroom: a publish runs in an app
# worker behind the admin) on the server cores.
CLIENT_CPUS = "0"
SERVER_CPUS = "1"
# deploy/'s CPU weights (systemd's CPUWeight=; 100, systemd's default, for the
# app): each service is a scheduling group of its own. The split layout runs
# Varnish and the app each in a session of its own, whose autogroup is such a
# group, at the autogroup nice of the same weight (``autogroup_nice``).
VARNISH_CPU_WEIGHT = 20
APP_CPU_WEIGHT = 100
# The app's weight ``--compare-app-weight`` tries against deploy/'s.
APP_CPU_WEIGHT_TRIED = 500
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
# watches each through the front until it is visible: the home page and the
# article's own address each in its own thread, as two readers would, from
# the moment the publish commits (readers do not wait for the publish call to
# finish its other work after the commit: the search index, related lists,
# webhooks). A story
# still unseen after ``give_up`` seconds is "never": long enough for a banned
# page's render to wait its turn behind the readers' on a machine at load 40,
# where the bound (1 s) is far exceeded but the story does show.
#
# Every publish is timed step by step (Unix times, comparable with Varnish's):
# its start, its commit (when the commit's hooks began), the front cache's
# purge called, the bans sent and answered (Varnish has a ban once it answered
# it) and its return; each watcher keeps, for the
# first answer that showed the story, when it was asked and received, how
# Varnish served it (X-Akhbar-Debug: hit, stale, miss, pass) and when the
# fetch that made it began and ended.
PUBLISHER = """
import json, os, re, sys, threading, time, urllib.request
from urllib.parse import quote, urlsplit
from django.db import connections
from akhbar.core import frontcache
from akhbar.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().first()
front, count, interval, give_up = %(front)r, %(count)d, %(interval)f, 60.0
WATCHER_CPUS = %(watcher_cpus)r
stories = []
marks = {}
# Each run's stories are told apart from the runs' before it (numbered alike).
RUN = str(time.time_ns())
NUMBERS = re.compile("خبر عاجل رقم ([0-9]+) من القياس " + RUN + "[^0-9]")

database = connections["default"]
run_hooks = database.run_and_clear_commit_hooks
def timed_hooks():
    marks["hooks"] = time.time()
    run_hooks()
database.run_and_clear_commit_hooks = timed_hooks

purge = frontcache.purge
def timed_purge(*, keys=(), urls=()):
    if "purge" not in marks:
        marks["purge"] = time.time()
        marks["commit"] = marks.get("hooks", marks["purge"])
        story = marks.get("story")
        if story is not None and story["number"] >= 0:
            watch_story(story, marks["commit"])
    return purge(keys=keys, urls=urls)
frontcache.purge = timed_purge

send = frontcache.VarnishBanBackend._send
def timed_send(self, headers, what):
    sent = time.time()
    answered = send(self, headers, what)
    marks["bans"].append({"keys": what, "sent": sent, "acked": time.time(),
                          "ok": answered})
    return answered
frontcache.VarnishBanBackend._send = timed_send

def ask(path):
    request = urllib.request.Request(
        front + quote(path, safe="/%%"), headers={"X-Akhbar-Debug": "1"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read().decode()
    except OSError:
        return None, {}, ""

def newest_shown(body):
    # The number of the newest story of this run that the page lists.
    return max(map(int, NUMBERS.findall(body)), default=None)

def answer(sent, headers, body, status):
    return {"sent": sent, "received": time.time(), "status": status,
            "served": headers.get("X-Akhbar-Served"),
            "fetch": headers.get("X-Akhbar-Fetch"), "age": headers.get("Age"),
            "newest": newest_shown(body)}

def watch(story, where, path, text, committed):
    if WATCHER_CPUS:
        # This thread only (Linux: 0 is the calling thread): the readers'
        # side of the split layout, while publishing stays on the server's.
        os.sched_setaffinity(0, WATCHER_CPUS)
    polls, before, last = 0, None, None
    while time.time() - committed < give_up:
        sent = time.time()
        status, headers, body = ask(path)
        polls += 1
        served = headers.get("X-Akhbar-Served")
        if status == 200 and (text is None or text in body):
            story[where] = {
                "sent": sent, "seen": time.time(), "served": served,
                "fetch": headers.get("X-Akhbar-Fetch"), "age": headers.get("Age"),
                "polls": polls, "before": before,
            }
            progress(story, where, "seen after %%.0f ms" %% (
                1000 * (story[where]["seen"] - committed)))
            return
        before = served or status
        last = answer(sent, headers, body, status)
        # A page that lists a later story but not this one was rendered
        # after this story's commit: the story was pushed off the list by
        # newer ones before a render showed it (a symptom of slow renders,
        # not of a stale copy), and no later answer can show it again.
        if text is not None and (last["newest"] or -1) > story["number"]:
            story[where + "_displaced"] = last
            progress(story, where, "displaced by story %%d before seen" %% (
                last["newest"]))
            break
        time.sleep(0.01)
    story[where] = None
    story[where + "_last"] = last
    if where + "_displaced" not in story:
        progress(story, where, "never seen in %%.0f s" %% give_up)

def progress(story, where, what):
    print("story %%d %%s: %%s" %% (story["number"], where, what),
          file=sys.stderr, flush=True)

threads = []
def watch_story(story, committed):
    for where, path, text in (("home", "/", story["title"]),
                              ("article", story["path"], None)):
        thread = threading.Thread(
            target=watch, args=(story, where, path, text, committed))
        thread.start()
        threads.append(thread)

def publish(number):
    marks.clear()
    marks["bans"] = []
    # The first publish (-1) is no story: a title of its own (a slug drops
    # the minus sign, and would be story 1's).
    title = "خبر عاجل رقم %%d من القياس %%s" %% (number, RUN)
    if number < 0:
        title = "خبر تمهيدي من القياس %%s" %% RUN
    started = time.time()
    article = ArticlePage(title=title, standfirst="مقدمة الخبر", body=[
        {"type": "paragraph", "value": "<p>نص الخبر العاجل.</p>"}])
    section.add_child(instance=article)
    story = {"number": number, "title": title, "id": article.pk,
             "path": urlsplit(article.get_url()).path, "start": started}
    marks["story"] = story
    article.save_revision().publish()
    if "purge" not in marks and number >= 0:
        # No front cache to purge (the app alone): watched from the return.
        watch_story(story, time.time())
    story.update(commit=marks.get("commit"), purge=marks.get("purge"),
                 bans=marks["bans"])
    story["return"] = time.time()
    return story

# A first publish loads what publishing needs (seconds on a loaded machine);
# then wait for the readers.
publish(-1)
print("READY", flush=True)
input()
start = time.perf_counter()
for number in range(count):
    stories.append(publish(number))
    time.sleep(max(0.0, start + (number + 1) * interval - time.perf_counter()))
for thread in threads:
    thread.join()
print("RESULT " + json.dumps({"stories": stories, "cpu_s": time.process_time()}))
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


def autogroup_nice(weight: int) -> int:
    """The autogroup nice whose scheduler weight stands to nice 0's as
    CPUWeight ``weight`` to systemd's default 100 (each step of nice is a
    factor of about 1.25: 20 is nice 7, 500 is nice -7)."""
    return max(-20, min(19, round(math.log(weight / 100) / math.log(0.8))))


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where a run's processes go: ``split`` pins the clients (wrk, the
    watchers) and the server (app, Varnish, publisher) to cores of their own,
    each side's processes in sessions of their own; otherwise everything
    shares every core, as the bench always ran (Varnish in the bench's own
    session with wrk and the publisher, its threads reniced)."""

    split: bool
    client_cpus: str = CLIENT_CPUS
    server_cpus: str = SERVER_CPUS

    def cpus(self, side: str) -> set[int]:
        if not self.split:
            return set(range(os.cpu_count() or 1))
        listed = self.client_cpus if side == "client" else self.server_cpus
        return {int(cpu) for cpu in listed.split(",")}

    def pinned(self, side: str) -> list[str]:
        """A command's prefix that starts it on ``side``'s cores."""
        if not self.split:
            return []
        return ["taskset", "-c", ",".join(map(str, sorted(self.cpus(side))))]

    def describe(self, variant: dict) -> str:
        if not self.split:
            return (
                "shared: every process on every core; Varnish's threads at nice"
                " %d beside wrk's and the publisher's; app CPUWeight %d"
                % (variant["varnish_nice"], variant["app_weight"])
            )
        return (
            "split: clients (wrk, watchers) on CPU %s; server (app, Varnish,"
            " publisher) on CPU %s; CPUWeight app %d, Varnish %d (autogroup nice"
            " %d and %d)"
            % (
                self.client_cpus,
                self.server_cpus,
                variant["app_weight"],
                variant["varnish_weight"],
                autogroup_nice(variant["app_weight"]),
                autogroup_nice(variant["varnish_weight"]),
            )
        )


def place(pids: list[int], cpus: set[int]) -> None:
    """Pin every thread of the processes ``pids`` to ``cpus`` (threads started
    later inherit their creator's)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            for task in os.listdir("/proc/%d/task" % pid):
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(task), cpus)


def set_autogroup(pid: int, nice: int) -> None:
    """The CPU priority of the scheduling group of ``pid``'s session (an
    autogroup, when the kernel has them: a group's share against other
    groups, as a systemd service's CPUWeight= is)."""
    with contextlib.suppress(OSError):
        Path("/proc/%d/autogroup" % pid).write_text(str(nice))


def own_session() -> None:
    """Go on in a child that leads a session of its own (the parent waits for
    it, passes it SIGINT and SIGTERM and exits with its status): Varnish runs
    in the bench's session, whose scheduling group the split layout gives
    Varnish's CPU weight, and that must not be the group of the shell that
    started the bench (or of anything else it runs)."""
    if os.getsid(0) == os.getpid():
        return
    child = os.fork()
    if child == 0:
        os.setsid()
        return
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda received, _frame: os.kill(child, received))
    _, status = os.waitpid(child, 0)
    sys.stdout.flush()
    os._exit(os.waitstatus_to_exitcode(status))


def note(what: str) -> None:
    """A line of progress on stderr (the report comes on stdout at the end)."""
    print("[%s] %s" % (time.strftime("%H:%M:%S"), what), file=sys.stderr, flush=True)


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


def publishing(code: str, env, *, placed: "Layout") -> subprocess.Popen:
    """An ``akhbar shell`` running ``code`` (the publisher), once it has said
    READY: it starts when told "go" on its input."""
    process = subprocess.Popen(
        [*placed.pinned("server"), *AKHBAR, "shell", "-c", code],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, start_new_session=placed.split,
    )  # fmt: skip
    line = process.stdout.readline()
    while line and line.strip() != "READY":
        line = process.stdout.readline()
    if not line:
        raise RuntimeError("the publisher did not start:\n%s" % process.stdout.read())
    return process


def wrk_over(
    base: str, paths: list[str], *, clients: int, nice: int = 0, placed: "Layout"
):
    """Start wrk on ``paths`` in turn, until it is stopped (``wrk_stop``), at
    the CPU priority ``nice`` (19: the lowest), where ``placed`` puts the
    clients; return the process and its script's folder."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    folder = tempfile.mkdtemp(prefix="akhbar-load-")
    script = Path(folder) / "paths.lua"
    # Page URLs come percent-encoded already; "%" stays as it is.
    script.write_text(
        LUA % ", ".join('"%s"' % quote(path, safe="/%") for path in paths)
    )
    process = subprocess.Popen(
        [*placed.pinned("client"), "nice", "-n", str(nice),
         "wrk", "-t%d" % min(2, clients), "-c%d" % clients, "-d%ds" % WRK_LONGEST,
         "--timeout", "10s", "--latency", "-s", str(script), base + "/"],
        stdout=subprocess.PIPE, text=True, start_new_session=placed.split,
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


def run(env, args) -> list[dict]:
    """The runs on the demo site of ``env`` (one, or the niced and not niced
    ones of ``--compare-nice`` in turn); the figures of each as a dict."""
    paths = [
        line.split(" ", 1)[1]
        for line in shell(ARTICLE_PATHS % {"count": 20}, env).splitlines()
        if line.startswith("PATH ")
    ]
    base = {
        "wrk_nice": args.nice_wrk,
        "varnish_nice": args.varnish_nice,
        "layout": args.layout,
        "app_weight": args.app_cpu_weight,
        "varnish_weight": args.varnish_cpu_weight,
    }
    other = None
    if args.compare_nice:
        base["wrk_nice"], other = 19, {"wrk_nice": 0}
    elif args.compare_varnish_nice:
        other = {"varnish_nice": 0}
    elif args.compare_layout:
        base["layout"], other = "shared", {"layout": "split"}
    elif args.compare_app_weight:
        tried = args.app_cpu_weight
        if tried == APP_CPU_WEIGHT:
            tried = APP_CPU_WEIGHT_TRIED
        base["app_weight"], other = APP_CPU_WEIGHT, {"app_weight": tried}
    variants = [base]
    pairs = (
        args.compare_nice
        or args.compare_varnish_nice
        or args.compare_layout
        or args.compare_app_weight
    )
    if other:
        # ABBA: a trend in the machine's other load weighs on both alike.
        first, second = base, {**base, **other}
        variants = [first, second, second, first] * (pairs // 2) + [
            first,
            second,
        ] * (pairs % 2)
    return _run(env, args, paths, variants, direct=args.direct or args.kill_worker)


def _run(env, args, paths, variants, *, direct) -> list[dict]:
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
        note("server up at %s, front %s; warming up" % (base, front))
        warm_up(base, front, ["/", *paths])
        reports = []
        try:
            for number, variant in enumerate(variants, 1):
                layout = Layout(
                    variant["layout"] == "split", args.client_cpus, args.server_cpus
                )
                note(
                    "run %d of %d: %d clients (wrk at nice %d), %d publishes;"
                    " layout %s"
                    % (number, len(variants), args.clients, variant["wrk_nice"],
                       args.seconds, layout.describe(variant))
                )  # fmt: skip
                arrange(layout, variant, base, None if direct else front)
                reports.append(
                    _phase(env, args, paths, base, front, variant=variant,
                           layout=layout, direct=direct)
                )  # fmt: skip
                reports[-1].update(variant)
                reports[-1]["layout_text"] = layout.describe(variant)
                if direct:
                    reports[-1]["varnish_nice"] = None
                note("run %d done: %.0f req/s" % (number, reports[-1]["rps"]))
        finally:
            # The bench's own session is Varnish's group: back to the default.
            set_autogroup(os.getpid(), 0)
        return reports


def arrange(layout: Layout, variant: dict, base: str, front: str | None) -> None:
    """Put the app and Varnish (``front``, None with no Varnish) where the run
    ``variant`` wants them: their cores, their threads' nice and their
    groups' priorities."""
    server = layout.cpus("server")
    app = list(session_stats(_SERVERS[base]))
    place(app, server)
    set_autogroup(_SERVERS[base], autogroup_nice(variant["app_weight"]))
    if front is None:
        return
    varnish = varnish_pids(front)
    place(varnish, server)
    renice(varnish, variant["varnish_nice"])
    # Varnish runs in the bench's session: in the split layout alone in it
    # (wrk and the publisher have sessions of their own), so that group's
    # priority is Varnish's service weight; shared, wrk and the publisher
    # are in it too, and it stays at the default as it always ran.
    weight = autogroup_nice(variant["varnish_weight"]) if layout.split else 0
    for pid in varnish:
        set_autogroup(pid, weight)


def _phase(env, args, paths, base, front, *, variant, layout, direct) -> dict:
    """One run of the readers and the publisher on the served site."""
    publisher_env = {**env, "AKHBAR_CACHE_PURGE_URL": "" if direct else front}
    # One story a second for the run's seconds; the readers go on until
    # the last is published and seen (publishing slows on a loaded
    # machine: every story is published under the readers' load).
    publisher = publishing(
        PUBLISHER
        % {
            "front": front,
            "count": args.seconds,
            "interval": 1.0,
            "watcher_cpus": layout.cpus("client") if layout.split else None,
        },
        publisher_env,
        placed=layout,
    )
    if layout.split:
        # A publish runs in an app worker (the admin's request): its group
        # has the app's priority.
        set_autogroup(publisher.pid, autogroup_nice(variant["app_weight"]))
    report = {"front": "app" if direct else "Varnish", "clients": args.clients}
    nice = variant["wrk_nice"]
    report["wrk_nice"] = nice
    load, folder = wrk_over(
        front, paths, clients=args.clients, nice=nice, placed=layout
    )
    started = time.monotonic()
    report["load_before"] = load_average()
    cpu = CpuSplit(base, front, wrk=load.pid, publisher=publisher.pid)
    publisher.stdin.write("go\n")
    publisher.stdin.flush()
    killer = None
    if args.kill_worker:
        killer = kill_one_worker(_SERVERS[base], args.seconds / 2, report)
    try:
        published, _ = publisher.communicate(timeout=READY_SECONDS)
        if publisher.returncode:
            raise RuntimeError("the publisher failed:\n%s" % published[-3000:])
        cpu.read_wrk()
        output = wrk_stop(load, not_before=started + args.seconds)
        report["load_after"] = load_average()
        report["cpu_s"] = cpu.used()
        report["server_cpu_s"] = report["cpu_s"]["app"]
    finally:
        for process in (load, publisher):
            if process.poll() is None:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)
    if killer:
        killer.join()
        report.update(pool_after(base, report.get("workers_before"), paths[0]))
    report.update(wrk_result(output))
    result = json.loads(published.split("RESULT ", 1)[1].splitlines()[0])
    report["cpu_s"]["publisher"] = result["cpu_s"]
    report["stories"] = [story_times(story) for story in result["stories"]]
    return report


def renice(pids: list[int], nice: int) -> None:
    """Set the CPU priority of every thread of the processes ``pids`` (Linux
    keeps one per thread; threads started later inherit their creator's)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            for task in os.listdir("/proc/%d/task" % pid):
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, int(task), nice)


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread) used so far by process ``pid``;
    0 once it is gone."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (every core, every process)."""
    fields = [int(field) for field in Path("/proc/stat").read_text().split()[1:9]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def varnish_pids(front: str) -> list[int]:
    """The varnishd processes (manager and cache child) listening at ``front``."""
    listen = ("127.0.0.1:%d" % urlsplit(front).port).encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                arguments = Path("/proc/%s/cmdline" % entry).read_bytes().split(b"\0")
                if b"varnishd" in arguments[0] and listen in arguments:
                    found.append(int(entry))
    return found


class CpuSplit:
    """Who used the CPU during a run: the app, Varnish, wrk, the publisher
    (its own count), and everything else on the machine (other engineers)."""

    def __init__(self, base: str, front: str, *, wrk: int, publisher: int):
        self.base, self.wrk = base, wrk
        self.varnish = varnish_pids(front) if front != base else []
        self.app = server_cpu_seconds(base)
        self.machine = machine_busy_seconds()
        self.wall = time.monotonic()
        self.varnish_before = sum(map(process_cpu_seconds, self.varnish))
        self.wrk_used = 0.0

    def read_wrk(self) -> None:
        """wrk's CPU, read before it is stopped (its /proc entry goes with it)."""
        self.wrk_used = process_cpu_seconds(self.wrk)

    def used(self) -> dict:
        split = {
            "app": server_cpu_seconds(self.base) - self.app,
            "varnish": sum(map(process_cpu_seconds, self.varnish))
            - self.varnish_before,
            "wrk": self.wrk_used,
            "machine": machine_busy_seconds() - self.machine,
            "wall": time.monotonic() - self.wall,
        }
        return split


def _fetch_times(seen: dict) -> tuple[float | None, float | None, bool]:
    """(start, end, background) of the fetch that made the answer ``seen``."""
    parts = (seen.get("fetch") or "").split()
    if len(parts) < 2:
        return None, None, False
    return float(parts[0]), float(parts[1]), "background" in parts[2:]


def story_times(story: dict) -> dict:
    """One story's steps, in seconds, for the home page and its own address:
    ``home``/``article`` are commit → seen (None: never seen); the rest break
    them down (see ``STEPS``)."""
    commit = story["commit"] or story["purge"] or story["return"]
    times = {"publish_call": story["return"] - story["start"]}
    times["commit_after_start"] = commit - story["start"]
    for where, key in (("home", "home"), ("article", "article-%d" % story["id"])):
        seen = story.get(where)
        times[where] = None if seen is None else seen["seen"] - commit
        if seen is None:
            times[where + "_unseen"] = unseen(story, where, commit)
            continue
        bans = [ban for ban in story["bans"] if key in ban["keys"].split()]
        ban = bans[0] if bans else None
        start, end, background = _fetch_times(seen)
        times[where + "_steps"] = {
            "purge_called": None if story["purge"] is None else story["purge"] - commit,
            "ban_answered": None if ban is None else ban["acked"] - commit,
            "fetch_began": None if start is None else start - commit,
            "fetch_ended": None if end is None else end - commit,
            "asked": seen["sent"] - commit,
            "seen": seen["seen"] - commit,
            "returned": story["return"] - commit,
            "served": seen["served"] or "direct",
            "background": background,
            "before": seen["before"],
            "polls": seen["polls"],
        }
    return times


def unseen(story: dict, where: str, commit: float) -> dict:
    """Why a story never showed at ``where``: pushed off the page's lists by
    newer stories first ("displaced": an answer rendered after its commit
    listed a later story and not it), or not ("never"); and the last answer
    without it: how Varnish served it, when the fetch that made it began
    (after the commit, or before it: a copy that escaped the ban), its age,
    and the newest story of the run it listed."""
    last = story.get(where + "_displaced") or story.get(where + "_last") or {}
    start, end, background = _fetch_times(last)
    return {
        "why": "displaced" if story.get(where + "_displaced") else "never",
        "asked": None if not last else last["sent"] - commit,
        "served": last.get("served") or str(last.get("status")),
        "fetch_began": None if start is None else start - commit,
        "background": background,
        "age": last.get("age"),
        "newest": last.get("newest"),
        "number": story["number"],
    }


# A story's steps after its commit (story_times): the front cache's purge
# called (the commit's hooks before it), its ban answered by Varnish, the
# fetch of the answer that first showed it began and ended, that answer asked
# and received; and the publish call's return (its work after the commit).
STEPS = (
    "purge_called",
    "ban_answered",
    "fetch_began",
    "fetch_ended",
    "asked",
    "seen",
    "returned",
)


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
    cpu = report["cpu_s"]
    ours = cpu["app"] + cpu["varnish"] + cpu["wrk"] + cpu["publisher"]
    print(
        "  wrk at nice %d, Varnish at nice %s; machine load %.1f at the start,"
        " %.1f at the end"
        " (2 cores); CPU seconds over %.0f s: app %.1f, Varnish %.1f, wrk %.1f,"
        " publisher and watchers %.1f, everything else on the machine %.1f"
        % (
            report["wrk_nice"],
            report.get("varnish_nice"),
            report["load_before"],
            report["load_after"],
            cpu["wall"],
            cpu["app"],
            cpu["varnish"],
            cpu["wrk"],
            cpu["publisher"],
            max(0.0, cpu["machine"] - ours),
        )
    )
    print("  layout %s" % report.get("layout_text", "shared"))
    if report["statuses"] and report["front"] == "Varnish":
        print("  Varnish's record of each: %s" % VARNISH_LOG)
    stories = report["stories"]
    print(
        "  publish call median %.0f ms (commit at %.0f ms)"
        % (
            1000 * statistics.median(story["publish_call"] for story in stories),
            1000 * statistics.median(story["commit_after_start"] for story in stories),
        )
    )
    for where in ("home", "article"):
        print_visibility(where, stories)
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


def print_visibility(where: str, stories: list[dict]) -> None:
    """Commit → visible at ``where``: the figure, then each step's median and
    p90 (ms after the commit), and how the first answer with the story was
    served."""
    times = [story[where] for story in stories if story[where] is not None]
    unseen = [story[where + "_unseen"] for story in stories if story[where] is None]
    displaced = sum(1 for each in unseen if each["why"] == "displaced")
    missed = len(unseen) - displaced
    if not times:
        print("  %-8s never visible (%d stories)" % (where, len(unseen)))
        print_unseen(unseen)
        return
    late = sum(1 for value in times if value > BOUND_SECONDS)
    print(
        "  commit → visible on %-7s median %.0f ms, p90 %.0f ms, worst %.0f ms;"
        " %d of %d over %.0f s, %d displaced before seen, %d never"
        % (
            where,
            1000 * statistics.median(times),
            1000 * percentile(times, 0.90),
            1000 * max(times),
            late,
            len(stories),
            BOUND_SECONDS,
            displaced,
            missed,
        )
    )
    print_unseen(unseen)
    steps = [story[where + "_steps"] for story in stories if story[where] is not None]
    parts = []
    for step in STEPS:
        values = [each[step] for each in steps if each[step] is not None]
        if values:
            parts.append(
                "%s %.0f/%.0f"
                % (
                    step,
                    1000 * statistics.median(values),
                    1000 * percentile(values, 0.9),
                )
            )
    print("    ms after commit, median/p90: " + ", ".join(parts))
    served = collections.Counter(
        each["served"] + (" (background fetch)" if each["background"] else "")
        for each in steps
    )
    before = collections.Counter(str(each["before"]) for each in steps)
    print(
        "    first answer with it: %s; the answer before it: %s"
        % (
            ", ".join("%s %d" % item for item in served.most_common()),
            ", ".join("%s %d" % item for item in before.most_common()),
        )
    )


def print_unseen(unseen: list[dict]) -> None:
    """The last answer without each story that never showed."""
    for each in unseen:
        fetched = each["fetch_began"]
        print(
            "    story %d %s: last answer asked %s ms after the commit, %s%s,"
            " its fetch began %s ms after the commit, age %s s, newest story listed %s"
            % (
                each["number"],
                each["why"],
                "?" if each["asked"] is None else "%.0f" % (1000 * each["asked"]),
                each["served"],
                " (background fetch)" if each["background"] else "",
                "?" if fetched is None else "%.0f" % (1000 * fetched),
                each["age"],
                each["newest"],
            )
        )


# What a comparison varies, how to name its values, and whether the variant
# tried is the first run's (the nice comparisons, as they always printed: the
# niced runs over the plain ones) or the second's.
COMPARED = (
    ("wrk_nice", "wrk at nice %s", True),
    ("varnish_nice", "Varnish at nice %s", True),
    ("layout", "layout %s", False),
    ("app_weight", "app CPUWeight %s", False),
)


def print_comparison(reports: list[dict]) -> None:
    """Two variants (wrk's or Varnish's CPU priority, the layout, the app's
    CPU weight) from runs taken in turn: each run's medians, then the ratio
    of the medians over the runs of each kind (the variant tried over the
    other)."""
    what, name, tried_first = next(
        (key, name, tried_first)
        for key, name, tried_first in COMPARED
        if len({str(report[key]) for report in reports}) > 1
    )
    first, second = reports[0][what], reports[1][what]
    if tried_first:
        first, second = second, first
    print(
        "%s against %s (runs in turn, same server and Varnish):"
        % (name % second, name % first)
    )
    kinds: dict[object, dict[str, list[float]]] = {}
    for report in reports:
        figures = {"req/s": report["rps"], "app CPU s": report["cpu_s"]["app"]}
        for where in ("home", "article"):
            times = [s[where] for s in report["stories"] if s[where] is not None]
            figures[where + " ms"] = 1000 * statistics.median(times) if times else 0
            figures[where + " over 1 s"] = sum(1 for t in times if t > BOUND_SECONDS)
            figures[where + " never"] = len(report["stories"]) - len(times)
        for figure, value in figures.items():
            kinds.setdefault(report[what], {}).setdefault(figure, []).append(value)
        print(
            "  %s: %s"
            % (
                name % report[what],
                ", ".join("%s %.0f" % item for item in figures.items()),
            )
        )
    if len(kinds) == 2:
        for figure in kinds[first]:
            plain, tried = kinds[first][figure], kinds[second][figure]
            base = statistics.median(plain)
            print(
                "  %s: %s / %s = %s (%s range %.0f-%.0f, %s %.0f-%.0f)"
                % (
                    figure,
                    second,
                    first,
                    "%.2f" % (statistics.median(tried) / base) if base else "n/a",
                    second,
                    min(tried),
                    max(tried),
                    first,
                    min(plain),
                    max(plain),
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
    parser.add_argument(
        "--nice-wrk", type=int, default=0, help="wrk's CPU priority (19: lowest)"
    )
    parser.add_argument(
        "--compare-nice",
        type=int,
        default=0,
        metavar="PAIRS",
        help="PAIRS runs with wrk at nice 19 and at 0, in turn (ABBA)",
    )
    parser.add_argument(
        "--varnish-nice",
        type=int,
        default=VARNISH_NICE,
        help="Varnish's CPU priority (default %d: deploy/'s, the app first)"
        % VARNISH_NICE,
    )
    parser.add_argument(
        "--compare-varnish-nice",
        type=int,
        default=0,
        metavar="PAIRS",
        help="PAIRS runs with Varnish at --varnish-nice and at 0, in turn (ABBA)",
    )
    parser.add_argument(
        "--layout",
        choices=("shared", "split"),
        default="shared",
        help="shared (default, as every earlier run): every process on every"
        " core; split: the clients (wrk, watchers) on --client-cpus, the server"
        " (app, Varnish, publisher) on --server-cpus, as in production where"
        " the readers are other machines",
    )
    parser.add_argument("--client-cpus", default=CLIENT_CPUS, metavar="LIST")
    parser.add_argument("--server-cpus", default=SERVER_CPUS, metavar="LIST")
    parser.add_argument(
        "--compare-layout",
        type=int,
        default=0,
        metavar="PAIRS",
        help="PAIRS runs shared and split, in turn (ABBA)",
    )
    parser.add_argument(
        "--app-cpu-weight",
        type=int,
        default=APP_CPU_WEIGHT,
        help="the app's CPUWeight= (default %d, systemd's: deploy/'s unit sets"
        " none); its session's autogroup priority" % APP_CPU_WEIGHT,
    )
    parser.add_argument(
        "--varnish-cpu-weight",
        type=int,
        default=VARNISH_CPU_WEIGHT,
        help="Varnish's CPUWeight= in the split layout (default %d, deploy/'s)"
        % VARNISH_CPU_WEIGHT,
    )
    parser.add_argument(
        "--compare-app-weight",
        type=int,
        default=0,
        metavar="PAIRS",
        help="PAIRS runs with the app at CPUWeight %d and at --app-cpu-weight"
        " (%d if not given), in turn (ABBA)" % (APP_CPU_WEIGHT, APP_CPU_WEIGHT_TRIED),
    )
    args = parser.parse_args()
    own_session()
    VARNISH_LOG.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(postgres_server()) if args.postgres else None
        note("building the demo site")
        env = stack.enter_context(demo_environment(database))
        reports = run(env, args)
    for report in reports:
        print_report(report)
    if len(reports) > 1:
        print_comparison(reports)
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else {"runs": reports}))


if __name__ == "__main__":
    main()
