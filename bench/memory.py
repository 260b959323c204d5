"""Memory of ``akhbar serve --workers 2``: PSS per process and in total.

Three arrangements, started in turn (interleaved over the rounds) on one
migrated data directory and warmed with the same requests:

- ``no scheduler``: ``--no-scheduler``, the reference;
- ``process``: ``--scheduler-process``, the scheduler as a process of its own
  (the arrangement before the scheduler moved into the workers);
- ``in workers``: the default, a scheduler thread in each worker under the lock.

PSS (proportional set size, from /proc/PID/smaps_rollup) shares pages that
processes have in common among them, so the totals add up to what the server
really costs. A bare ``django.setup()`` process with Wagtail imported is measured
alongside, for scale. Prints medians and ranges, and each arrangement's cost
over the reference as MiB and as a ratio.

A worker lives for months, and what it learns on the way stays: with
``--publish N`` (and ``--searches M``) the default arrangement is also measured
after N stories (ANT texts) were written and published through the JSON API
and M distinct questions (ARCD) searched, all through the workers, as a
newsroom's day does.

    .venv/bin/python bench/memory.py [--rounds 3] [--publish 600 --searches 600]
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import AKHBAR, akhbar, session_stats  # noqa: E402

from akhbar.testing.servers import free_port  # noqa: E402

ARRANGEMENTS = {
    "no scheduler": ["--no-scheduler"],
    "process": ["--scheduler-process"],
    "in workers": [],
}
WARM_PATHS = ["/", "/robots.txt", "/search/?q=%D8%AE%D8%A8%D8%B1", "/admin/login/"]
BARE = (
    "import django, time; django.setup(); "
    "import wagtail.models, wagtail.admin.urls; print('ready', flush=True); "
    "time.sleep(600)"
)
MIB = 1024 * 1024
SHARED = Path("/work/shared/data")
# A desk and a token that writes and publishes, in the bench's data dir;
# prints the token's secret and the section's id.
DESK = (
    "from django.contrib.auth import get_user_model; "
    "from wagtail.models import APIToken; "
    "from akhbar.api.models import Scope, TokenGrant; "
    "from akhbar.news.models import SectionPage; "
    "user = get_user_model().objects.create_superuser('bench', 'b@example.org', 'x'); "
    "token, secret = APIToken.create_token(user=user, name='bench'); "
    "TokenGrant.objects.create(token=token, scopes=[s.value for s in Scope]); "
    "print(secret, SectionPage.objects.live().first().pk)"
)


def pss(pid: int) -> int:
    """Bytes of PSS of ``pid`` (0 if it has gone)."""
    try:
        with open("/proc/%d/smaps_rollup" % pid) as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def session_processes(session: int) -> dict[int, str]:
    """Process id to a role name, for every process of ``session``."""
    found = {}
    for pid, fields in session_stats(session).items():
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as cmdline:
                argv = cmdline.read().split(b"\0")
        except OSError:
            continue
        ppid = int(fields[1])
        if b"worker" in argv:
            found[pid] = "scheduler process"
        elif pid == session:
            found[pid] = "granian main"
        elif ppid == session:
            found[pid] = "granian worker"
        else:
            found[pid] = "other"
    return found


def scheduler_ready(data_dir: str, session: int, arrangement: str) -> bool:
    if arrangement == "no scheduler":
        return True
    lock = Path(data_dir) / "scheduler.lock"
    try:
        holder = int(lock.read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    return holder in session_processes(session)


def measure(env, arrangement: str, day=None) -> dict[str, list[int]]:
    """Start serve in ``arrangement``, warm it (and put it through ``day``, a
    function of the server's address), return PSS bytes per role."""
    port = free_port()
    process = subprocess.Popen(
        [*AKHBAR, "serve", "--port", str(port), "--workers", "2"]
        + ARRANGEMENTS[arrangement],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=5).read()
                if scheduler_ready(env["AKHBAR_DATA_DIR"], process.pid, arrangement):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("akhbar serve (%s) did not start" % arrangement)
            time.sleep(0.5)
        for _ in range(10):  # Enough requests to reach both workers.
            for path in WARM_PATHS:
                try:
                    urllib.request.urlopen(base + path, timeout=30).read()
                except urllib.error.HTTPError:
                    pass
        if day is not None:
            day(base)
        time.sleep(2)  # The scheduler's first ticks and any lazy imports.
        roles: dict[str, list[int]] = {}
        for pid, role in sorted(session_processes(process.pid).items()):
            roles.setdefault(role, []).append(pss(pid))
        return roles
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def newsroom_day(secret: str, section: int, stories: int, questions: int):
    """Publish ``stories`` ANT stories through the JSON API, then search
    ``questions`` distinct ARCD questions, one request at a time."""
    texts, asked = [], []
    with open(SHARED / "ant-news" / "ant_v1.1.jsonl", encoding="utf-8") as lines:
        for line in lines:
            if len(texts) == stories:
                break
            story = json.loads(line)
            if any(letter.isalpha() for letter in story["body"]):  # Some are empty.
                texts.append((story["title"], story["body"]))
    questions_file = SHARED / "arcd-train" / "beir" / "queries.jsonl"
    with open(questions_file, encoding="utf-8") as lines:
        for line in lines:
            if len(asked) == questions:
                break
            asked.append(json.loads(line)["text"])
    headers = {"Authorization": "Bearer " + secret, "Content-Type": "application/json"}

    def post(url, body):
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError("%s: %s" % (error, error.read()[:500])) from None

    def day(base):
        for number, (title, body) in enumerate(texts):
            paragraphs = [
                {"type": "paragraph", "value": {"html": "<p>%s</p>" % escape(part)}}
                for part in body.split("\n")
                if any(letter.isalpha() for letter in part)
            ]
            draft = post(
                base + "/api/v1/drafts",
                {"title": "%s (%d)" % (title, number), "section": section,
                 "standfirst": title, "body": paragraphs},
            )  # fmt: skip
            post(base + "/api/v1/drafts/%d/publish" % draft["id"], {})
        for question in asked:
            urllib.request.urlopen(
                base + "/search/?q=" + urllib.parse.quote(question), timeout=120
            ).read()

    return day


def bare(env) -> int:
    process = subprocess.Popen(
        [sys.executable, "-c", BARE], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        process.stdout.readline()
        return pss(process.pid)
    finally:
        process.kill()
        process.wait()


def spread(values) -> str:
    return "%6.1f MiB (%.1f–%.1f)" % (
        statistics.median(values) / MIB,
        min(values) / MIB,
        max(values) / MIB,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--publish", type=int, default=0, metavar="N")
    parser.add_argument("--searches", type=int, default=0, metavar="M")
    options = parser.parse_args()
    working = options.publish or options.searches
    data_dir = tempfile.mkdtemp(prefix="akhbar-bench-memory-")
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # The day's writes and questions come from one address, as fast as served.
    for limit in ("API_WRITES_PER_TOKEN", "API_WRITES_PER_IP", "SEARCH_RATE_PER_IP"):
        env["AKHBAR_" + limit] = "0"
    totals = {name: [] for name in ARRANGEMENTS}
    per_role: dict[tuple[str, str], list[int]] = {}
    bare_pss = []
    try:
        akhbar("migrate", "--noinput", "-v0", env=env)
        day = None
        if working:
            akhbar("demo", env=env)
            desk = subprocess.run(
                [*AKHBAR, "shell", "-c", DESK], env=env, check=True,
                capture_output=True, text=True,
            ).stdout.splitlines()[-1].split()  # fmt: skip
            day = newsroom_day(desk[0], int(desk[1]), options.publish, options.searches)
        for round_number in range(options.rounds):
            for name in ARRANGEMENTS:
                roles = measure(env, name)
                totals[name].append(sum(sum(v) for v in roles.values()))
                for role, values in roles.items():
                    for value in values:
                        per_role.setdefault((name, role), []).append(value)
                print(
                    "round %d %-12s %s"
                    % (
                        round_number + 1,
                        name,
                        ", ".join(
                            "%s %s" % (role, "+".join("%.0f" % (v / MIB) for v in vs))
                            for role, vs in roles.items()
                        ),
                    ),
                    flush=True,
                )
            if day is not None:
                roles = measure(env, "in workers", day)
                worked = per_role.setdefault(("after a day", "granian worker"), [])
                worked.extend(roles.get("granian worker", []))
                print(
                    "round %d after a day: workers %s" % (round_number + 1,
                    "+".join("%.0f" % (v / MIB) for v in roles["granian worker"])),
                    flush=True,
                )  # fmt: skip
            bare_pss.append(bare(env))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(
        "\nakhbar serve --workers 2, PSS (median, range over %d rounds)"
        % (options.rounds)
    )
    for (name, role), values in sorted(per_role.items()):
        print("  %-12s %-18s each %s" % (name, role, spread(values)))
    reference = statistics.median(totals["no scheduler"])
    for name, values in totals.items():
        added = statistics.median(values) - reference
        print(
            "  %-12s total %s  scheduler adds %+6.1f MiB  ratio to no scheduler %.2f"
            % (name, spread(values), added / MIB, statistics.median(values) / reference)
        )
    print("  bare django.setup() + Wagtail process: %s" % spread(bare_pss))
    process_added = statistics.median(totals["process"]) - reference
    thread_added = statistics.median(totals["in workers"]) - reference
    if process_added > 0:
        print(
            "  scheduler cost, in workers / as a process: %.2f"
            % (thread_added / process_added)
        )


if __name__ == "__main__":
    main()
