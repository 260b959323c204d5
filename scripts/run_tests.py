"""Run the test suite on SQLite, then on PostgreSQL.

PostgreSQL comes from DATABASE_URL when set; otherwise a throwaway cluster is started
on a free loopback port and stopped afterwards. The last line adds up both runs.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from akhbar.testing.servers import postgres_server  # noqa: E402

RESULTS = ROOT / "var" / "test-results"


def pytest(label: str, env: dict, args: list[str]) -> tuple[int, dict]:
    print("\n=== tests on %s ===" % label, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / ("%s.xml" % label.split()[0].lower())
    report.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "--junitxml=%s" % report, *args]
    code = subprocess.call(command, cwd=ROOT, env=env)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if report.exists():
        for suite in ET.parse(report).getroot().iter("testsuite"):
            for key in counts:
                counts[key] += int(suite.get(key, 0))
    return code, counts


def main(args: list[str]) -> int:
    base_env = dict(os.environ)
    base_env.setdefault("AKHBAR_DATA_DIR", str(ROOT / "var" / "test"))
    sqlite_env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
    results = {"SQLite": pytest("SQLite", sqlite_env, args)}
    if base_env.get("DATABASE_URL"):
        results["PostgreSQL"] = pytest("PostgreSQL (DATABASE_URL)", base_env, args)
    else:
        with postgres_server() as url:
            env = {**base_env, "DATABASE_URL": url}
            results["PostgreSQL"] = pytest("PostgreSQL (throwaway cluster)", env, args)
    total = {"passed": 0, "failed": 0, "skipped": 0}
    print()
    for label, (code, counts) in results.items():
        failed = counts["failures"] + counts["errors"]
        passed = counts["tests"] - failed - counts["skipped"]
        total["passed"] += passed
        total["failed"] += failed + (1 if code not in (0,) and not failed else 0)
        total["skipped"] += counts["skipped"]
        print(
            "%s: exit %s, %d passed, %d failed, %d skipped"
            % (label, code, passed, failed, counts["skipped"])
        )
    print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % total)
    return 0 if all(code == 0 for code, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
