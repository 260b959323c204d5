"""Backup and restore of a site of N articles, against dumpdata and loaddata.

Builds the site the way a large site is built: ``akhbar import-wordpress`` of
a generated Arabic export (bench/import.py's generator; the importer's bulk
path, comments and redirects included, the search index left out as a backup
leaves it out). Then, in interleaved rounds, times

- ``akhbar backup OUT.tar`` and ``akhbar dumpdata`` (the same tables) of that
  site;
- ``akhbar restore OUT.tar`` and ``akhbar loaddata`` of the dump, each into a
  copy of the freshly migrated, empty database;

and prints each figure's median and range, and the ratios to the baselines.
Each figure is a whole command's wall time (Django's start-up included).
SQLite; ``--postgres`` runs a second set on a throwaway PostgreSQL.

    .venv/bin/python bench/backup.py [--articles 1000 10000] [--rounds 3]
"""

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

AKHBAR = str(ROOT / ".venv" / "bin" / "akhbar")
# What a backup leaves out (derived tables), left out of the baseline too.
EXCLUDE = ["sessions", "wagtailsearch", "akhbar_search"]
DUMMY_SEARCH = "akhbar.search.backends.dummy.DummySearchBackend"


def run(env: dict, *args: str) -> float:
    """Run ``akhbar *args``; its wall seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [AKHBAR, *args], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit("akhbar %s failed:\n%s" % (args[0], done.stderr[-3000:]))
    return elapsed


class Site:
    """A data dir (SQLite) or a database name (PostgreSQL) to run commands on."""

    def __init__(self, tmp: Path, name: str, server: str | None):
        self.dir = tmp / name
        self.dir.mkdir()
        self.env = {
            **os.environ,
            "AKHBAR_DATA_DIR": str(self.dir),
            "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.env.pop("DATABASE_URL", None)
        self.server, self.name = server, name
        if server:
            self.env["DATABASE_URL"] = "%s/%s" % (server, name)

    def create_from(self, template: "Site | None") -> None:
        """An empty database: a copy of ``template``'s, or a new one."""
        if self.server:
            import psycopg

            with psycopg.connect(self.server + "/postgres", autocommit=True) as conn:
                conn.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.name)
                conn.execute(
                    'CREATE DATABASE "%s"%s'
                    % (self.name, ' TEMPLATE "%s"' % template.name if template else "")
                )
        elif template:
            shutil.rmtree(self.dir)
            shutil.copytree(template.dir, self.dir)


def measure(
    label: str, articles: int, rounds: int, server: str | None, loaddata_max: int
) -> None:
    generator = importlib.import_module("import")
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-backup-") as tmp:
        tmp = Path(tmp)
        export = tmp / "export.xml"
        generator.generate(export, posts=articles, comments=2)
        empty = Site(tmp, "empty", server)
        empty.create_from(None)
        run(empty.env, "migrate", "--noinput", "-v0")
        source = Site(tmp, "source", server)
        source.create_from(empty)
        started = time.perf_counter()
        run(
            {**source.env, "AKHBAR_SEARCH_BACKEND": DUMMY_SEARCH},
            "import-wordpress", str(export), "--no-reindex", "-v0",
        )  # fmt: skip
        print("%s %d articles: built in %.0f s" % (label, articles,
              time.perf_counter() - started), flush=True)  # fmt: skip
        archive, dump = tmp / "site.tar", tmp / "dump.json"
        times = {"backup": [], "dumpdata": [], "restore": [], "loaddata": []}
        target = Site(tmp, "target", server)
        for _round in range(rounds):
            times["backup"].append(run(source.env, "backup", str(archive), "-v0"))
            excluded = [arg for app in EXCLUDE for arg in ("--exclude", app)]
            times["dumpdata"].append(
                run(source.env, "dumpdata", *excluded, "-o", str(dump), "-v0")
            )
            target.create_from(empty)
            times["restore"].append(run(target.env, "restore", str(archive), "-v0"))
            if articles <= loaddata_max:
                target.create_from(empty)
                times["loaddata"].append(run(target.env, "loaddata", str(dump), "-v0"))
        size = archive.stat().st_size / 1e6
        for name, values in times.items():
            if not values:
                continue
            print(
                "%s %6d articles  %-8s median %6.1f s  (range %.1f-%.1f)"
                % (label, articles, name, statistics.median(values), min(values),
                   max(values)),
                flush=True,
            )  # fmt: skip
        print(
            "%s %6d articles  backup/dumpdata %.2f  restore/loaddata %.2f  "
            "archive %.0f MB"
            % (
                label,
                articles,
                statistics.median(times["backup"])
                / statistics.median(times["dumpdata"]),
                statistics.median(times["restore"])
                / statistics.median(times["loaddata"] or [float("nan")]),
                size,
            ),
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--loaddata-max",
        type=int,
        default=2000,
        help="time loaddata only up to this many articles (it takes minutes "
        "per thousand)",
    )
    options = parser.parse_args()
    for articles in options.articles:
        measure("sqlite", articles, options.rounds, None, options.loaddata_max)
    if options.postgres:
        from akhbar.testing.servers import postgres_server

        with postgres_server() as url:
            server = url.rsplit("/", 1)[0]
            for articles in options.articles:
                measure(
                    "postgresql", articles, options.rounds, server, options.loaddata_max
                )


if __name__ == "__main__":
    main()
