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

    .venv/bin/python bench/memory.py [--rounds 3]
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
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


def measure(env, arrangement: str) -> dict[str, list[int]]:
    """Start serve in ``arrangement``, warm it, return PSS bytes per role."""
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
        time.sleep(2)  # The scheduler's first ticks and any lazy imports.
        roles: dict[str, list[int]] = {}
        for pid, role in sorted(session_processes(process.pid).items()):
            roles.setdefault(role, []).append(pss(pid))
        return roles
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


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
    options = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="akhbar-bench-memory-")
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    totals = {name: [] for name in ARRANGEMENTS}
    per_role: dict[tuple[str, str], list[int]] = {}
    bare_pss = []
    try:
        akhbar("migrate", "--noinput", "-v0", env=env)
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
