"""Run the test suite on SQLite and on PostgreSQL, both passes at once.

PostgreSQL comes from DATABASE_URL when set; otherwise a throwaway cluster is started
on a free loopback port (while the SQLite pass runs) and stopped afterwards. Each pass
has its own data dir, temporary dir and JUnit report; its output is kept whole and
printed when it ends, so that two passes never interleave. With
``AKHBAR_TESTS_SERIAL=1`` the passes run one after the other with live output (for
``--pdb`` and the like). The last line adds up both passes.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from akhbar.testing.servers import postgres_server  # noqa: E402

RESULTS = ROOT / "var" / "test-results"


class Pass:
    """One pytest run on one database, started in the background."""

    def __init__(self, label: str, env: dict, args: list[str], *, live: bool):
        self.label = label
        self.name = label.split()[0].lower()
        self.report = RESULTS / ("%s.xml" % self.name)
        self.report.unlink(missing_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="akhbar-tests-%s-" % self.name))
        env = {**env, "AKHBAR_DATA_DIR": str(Path(env["AKHBAR_DATA_DIR"]) / self.name)}
        command = [sys.executable, "-m", "pytest", "--junitxml=%s" % self.report]
        if not any(arg.startswith("--basetemp") for arg in args):
            command.append("--basetemp=%s" % (self.tmp / "pytest"))
        self.output = None if live else (self.tmp / "output.txt").open("w+b")
        if live:
            print("\n=== tests on %s ===" % label, flush=True)
        self.started, self.seconds = time.monotonic(), None
        self.process = subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT if self.output else None,
        )

    def wait(self) -> int:
        code = self.process.wait()
        if self.seconds is None:
            self.seconds = time.monotonic() - self.started
        return code

    def show(self):
        """Print the pass's whole output under its heading (when it was kept)."""
        if self.output is not None:
            print("\n=== tests on %s ===" % self.label, flush=True)
            self.output.seek(0)
            shutil.copyfileobj(self.output, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            self.output.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def counts(self) -> dict:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if self.report.exists():
            for suite in ET.parse(self.report).getroot().iter("testsuite"):
                for key in counts:
                    counts[key] += int(suite.get(key, 0))
        return counts


def wait_all(passes: list[Pass]) -> dict[str, int]:
    """Wait for every pass; show each one's output as soon as it ends."""
    codes = {}
    lock = threading.Lock()

    def wait(one):
        code = one.wait()
        with lock:
            one.show()
            codes[one.label] = code

    threads = [threading.Thread(target=wait, args=(one,)) for one in passes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def main(args: list[str]) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    base_env = dict(os.environ)
    base_env.setdefault("AKHBAR_DATA_DIR", str(ROOT / "var" / "test"))
    live = base_env.get("AKHBAR_TESTS_SERIAL") == "1"
    sqlite_env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        if not live:
            print("Running the SQLite and PostgreSQL passes at once; each pass's "
                  "output follows when it ends.", flush=True)  # fmt: skip
        sqlite = Pass("SQLite", sqlite_env, args, live=live)
        if live:
            sqlite.wait()
        # Should the cluster not start, the SQLite pass is not left running alone.
        stack.callback(sqlite.process.terminate)
        if base_env.get("DATABASE_URL"):
            label = "PostgreSQL (DATABASE_URL)"
            postgres_env = base_env
        else:
            label = "PostgreSQL (throwaway cluster)"
            url = stack.enter_context(postgres_server())
            postgres_env = {**base_env, "DATABASE_URL": url}
        postgres = Pass(label, postgres_env, args, live=live)
        codes = wait_all([sqlite, postgres])
    # pytest's exit 5 is "no test ran". The PostgreSQL pass deselects the tests that
    # touch no database, so a folder of only those (tests/deploy) leaves it nothing:
    # that is no failure while the SQLite pass ran them.
    if codes[postgres.label] == 5 and codes[sqlite.label] == 0:
        codes[postgres.label] = 0
    total = {"passed": 0, "failed": 0, "skipped": 0}
    print()
    for one in (sqlite, postgres):
        code, counts = codes[one.label], one.counts()
        failed = counts["failures"] + counts["errors"]
        passed = counts["tests"] - failed - counts["skipped"]
        total["passed"] += passed
        total["failed"] += failed + (1 if code != 0 and not failed else 0)
        total["skipped"] += counts["skipped"]
        print(
            "%s: exit %s, %d passed, %d failed, %d skipped in %.0f s"
            % (one.label.split()[0], code, passed, failed, counts["skipped"],
               one.seconds)
        )  # fmt: skip
    print("(%.0f s in all)" % (time.monotonic() - started))
    print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % total)
    return 0 if all(code == 0 for code in codes.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
