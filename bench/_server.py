"""Helpers shared by the benchmarks: a demo site served by ``akhbar serve``, and wrk."""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from akhbar.testing.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
AKHBAR = [sys.executable, "-m", "akhbar.cli"]
# The benches' servers share one folder of collected static files, collected
# once before the first server starts (about a minute of CPU, several on a
# loaded machine) and found up to date afterwards (akhbar.core.static), so
# ``akhbar serve`` starts without that work inside its ready timeout.
STATIC_ROOT = ROOT / "var" / "bench-static"
# How long a server may take to answer: minutes when the machine is loaded.
READY_SECONDS = 600
COLLECT_STATIC = "from akhbar.core.static import collect_static; collect_static()"
# What ``akhbar`` runs with when nothing is set (akhbar.cli): the demo app is
# installed, DEBUG comes from the environment.
SETTINGS = "akhbar.settings.dev"


def akhbar(*args, env):
    subprocess.run([*AKHBAR, *args], env=env, check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def demo_environment(database_url: str | None = None):
    """A migrated data directory with the demo site; yields the environment."""
    data_dir = tempfile.mkdtemp(prefix="akhbar-bench-")
    env = {**os.environ, "AKHBAR_DATA_DIR": data_dir, "DJANGO_DEBUG": "0"}
    # The settings an operator's demo runs with, whoever started the bench: a
    # bench run by a test inherits the test settings otherwise, whose media
    # folder and caches are each process's own (the demo's images vanish with
    # it, a publish's cache bumps reach no server) and whose logging hides
    # the server's errors.
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    env.setdefault("AKHBAR_STATIC_ROOT", str(STATIC_ROOT))
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    try:
        akhbar("migrate", "--noinput", "-v0", env=env)
        akhbar("shell", "-c", COLLECT_STATIC, env=env)
        akhbar("demo", env=env)
        yield env
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


_SERVERS: dict[str, int] = {}


def server_cpu_seconds(base: str) -> float:
    """CPU time (user + system) used so far by the server at ``base`` and its workers.

    Read from /proc for every process of the server's session. Divided by the
    requests served, it gives the CPU cost of a page, a figure that does not
    depend on what else the machine is running at the time.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    # Fields after the command: state ppid pgrp session ... utime(12) stime(13)
    fields = session_stats(_SERVERS[base]).values()
    return sum(int(f[11]) + int(f[12]) for f in fields) / ticks


def session_stats(session: int) -> dict[int, list[str]]:
    """Process id to the fields of /proc/PID/stat after the command (state,
    ppid, pgrp, session, ...), for every process of ``session``."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:
            found[int(entry)] = fields
    return found


@contextlib.contextmanager
def served(env, *, workers=2):
    """``akhbar serve`` (``workers`` workers, no scheduler) on a free port; yields
    its base URL once ``/healthz`` answers. Its output goes to a file whose end
    is shown if it never answers within ``READY_SECONDS`` or if the block
    fails."""
    port = free_port()
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below.
        prefix="akhbar-bench-serve-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            *AKHBAR,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-scheduler",
        ],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = "http://127.0.0.1:%d" % port
    _SERVERS[base] = process.pid
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    output = Path(log_file.name).read_text(errors="replace")
                    raise RuntimeError(
                        "akhbar serve did not answer in %d s (exit status %s):\n%s"
                        % (READY_SECONDS, process.poll(), output[-3000:])
                    ) from None
                time.sleep(0.5)
        try:
            yield base
        except BaseException:
            # What the server said (a 500's traceback) goes with the failure.
            output = Path(log_file.name).read_text(errors="replace")
            sys.stderr.write("akhbar serve's output, last part:\n%s\n" % output[-6000:])
            raise
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            # granian kills a worker that ignores SIGTERM after its timeout
            # (serve's WORKERS_KILL_TIMEOUT_SECONDS); a loaded machine may
            # take longer still to stop the rest.
            process.wait(READY_SECONDS / 10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 9)
            process.wait(30)
        log_file.close()
        os.unlink(log_file.name)


def stop_server(base: str) -> None:
    """Stop the server at ``base`` (its whole process group) and wait until
    its port refuses connections."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(_SERVERS[base], 9)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
        except OSError:
            return
        time.sleep(0.1)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(
    url: str,
    *,
    connections: int,
    seconds: int = 10,
    threads: int = 2,
    headers: tuple[str, ...] = (),
) -> dict:
    """Run wrk against ``url`` (with ``headers``, each "Name: value") and return
    req/s, p50 and p99 in milliseconds."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    output = subprocess.run(
        ["wrk", "-t%d" % min(threads, connections), "-c%d" % connections,
         "-d%ds" % seconds, "--latency", "--timeout", "10s",
         *(arg for header in headers for arg in ("-H", header)), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    return {
        "requests": int(requests.group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"^\s*50%\s+(\S+)", output, re.M).group(1)),
        "p99": _ms(re.search(r"^\s*99%\s+(\S+)", output, re.M).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def each_database(postgres: bool):
    """Yield (label, database URL): SQLite (None), then with ``postgres`` a
    throwaway PostgreSQL cluster, stopped after its turn."""
    yield "SQLite", None
    if postgres:
        from akhbar.testing.servers import postgres_server

        with postgres_server() as url:
            yield "PostgreSQL", url


def probed(script: str, env) -> dict:
    """The JSON that ``script --probe`` prints last, run in a child process with
    ``env`` (each benchmark's probe sets Django up afresh for its database)."""
    import json

    output = subprocess.run(
        [sys.executable, script, "--probe"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])
