"""Run the test suite on SQLite, then on PostgreSQL.

PostgreSQL comes from DATABASE_URL when set; otherwise a throwaway cluster is started
on a free loopback port and stopped afterwards.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from akhbar.testing.servers import postgres_server  # noqa: E402


def pytest(label: str, env: dict, args: list[str]) -> int:
    print("\n=== tests on %s ===" % label, flush=True)
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.call(command, cwd=ROOT, env=env)


def main(args: list[str]) -> int:
    base_env = dict(os.environ)
    base_env.setdefault("AKHBAR_DATA_DIR", str(ROOT / "var" / "test"))
    sqlite_env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
    results = {"sqlite": pytest("SQLite", sqlite_env, args)}
    if base_env.get("DATABASE_URL"):
        results["postgresql"] = pytest("PostgreSQL (DATABASE_URL)", base_env, args)
    else:
        with postgres_server() as url:
            results["postgresql"] = pytest(
                "PostgreSQL (throwaway cluster)",
                {**base_env, "DATABASE_URL": url},
                args,
            )
    print(
        "\n"
        + ", ".join(
            "%s: %s" % (k, "passed" if v == 0 else "FAILED") for k, v in results.items()
        )
    )
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
