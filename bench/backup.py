"""Backup and restore of a site of N articles: this code against the code
before its bulk paths (commit BEFORE, read with ``git show``), interleaved.

Builds the site the way a large site is built: ``akhbar import-wordpress`` of
a generated Arabic export (bench/import.py's generator; the importer's bulk
path, comments and redirects included, the search index left out as a backup
leaves it out). The PostgreSQL site is that SQLite site restored into a new
PostgreSQL database. Then, in rounds whose order alternates, times

- ``site_backup`` of that site, by the code before and by this code;
- ``site_restore`` of the archive into a copy of the freshly migrated, empty
  database, by each; on PostgreSQL also this code with batched INSERTs in
  place of COPY (``insert``), which is what COPY is measured against;

each in a process of its own (Django's start-up not counted; it is the same
for both), and prints each figure's median and range, wall and CPU seconds,
and the ratios before/after. The two codes write the same archive.

    .venv/bin/python bench/backup.py [--articles 1000 10000] [--rounds 3]
        [--postgres] [--sites DIR]   # DIR keeps the built sites for the next run
"""

import argparse
import importlib
import json
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
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DUMMY_SEARCH = "akhbar.search.backends.dummy.DummySearchBackend"
# The last commit whose backup read rows through Django's converters and
# restored them with per-value field methods and batched INSERTs.
BEFORE = "123be56"
FILES = ("__init__.py", "archive.py", "services.py", "tables.py")

# Run in a process of its own: ``variant action path``; prints wall and CPU.
DRIVER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
variant, action, path = sys.argv[1:4]
if variant == "before":
    from backup_before import services
else:
    from akhbar.backup import services
if variant == "insert":
    from django.db import connection

    def insert(cursor, table, names, rows):
        rows = list(rows)
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            table, names, ", ".join(["%s"] * len(rows[0]) if rows else []))
        for start in range(0, len(rows), services.BATCH):
            cursor.executemany(sql, rows[start:start + services.BATCH])

    services._copy = insert
started, cpu = time.perf_counter(), time.process_time()
if action == "backup":
    services.site_backup(out=Path(path))
else:
    services.site_restore(archive=Path(path))
print(json.dumps({"wall": time.perf_counter() - started,
                  "cpu": time.process_time() - cpu}))
"""


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


def drive(env: dict, variant: str, action: str, path: Path) -> dict:
    """``action`` by ``variant``'s code in a new process: its wall and CPU."""
    done = subprocess.run(
        [PYTHON, "-c", DRIVER, variant, action, str(path)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit("%s %s failed:\n%s" % (variant, action, done.stderr[-3000:]))
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print("  %s %s: %.1f s wall, %.1f s CPU" % (variant, action, figures["wall"],
          figures["cpu"]), flush=True)  # fmt: skip
    return figures


def before_code(tmp: Path) -> Path:
    """The backup package as it was at BEFORE, as ``backup_before``."""
    package = tmp / "before" / "backup_before"
    package.mkdir(parents=True)
    for name in FILES:
        source = subprocess.run(
            ["git", "show", "%s:src/akhbar/backup/%s" % (BEFORE, name)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        (package / name).write_text(source)
    return package.parent


class Site:
    """A data dir (SQLite) or a database name (PostgreSQL) to run commands on."""

    def __init__(self, tmp: Path, name: str, server: str | None):
        self.dir = tmp / name
        self.dir.mkdir(exist_ok=True)
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


def sqlite_site(sites: Path, articles: int) -> tuple[Site, Site]:
    """The migrated empty site and the site of ``articles`` articles, built
    once in ``sites``."""
    home = sites / ("sqlite-%d" % articles)
    built = (home / "built").exists()
    home.mkdir(parents=True, exist_ok=True)
    empty, source = Site(home, "empty", None), Site(home, "source", None)
    if built:
        return empty, source
    generator = importlib.import_module("import")
    export = home / "export.xml"
    generator.generate(export, posts=articles, comments=2)
    run(empty.env, "migrate", "--noinput", "-v0")
    source.create_from(empty)
    run(
        {**source.env, "AKHBAR_SEARCH_BACKEND": DUMMY_SEARCH},
        "import-wordpress", str(export), "--no-reindex", "-v0",
    )  # fmt: skip
    (home / "built").touch()
    return empty, source


def measure(label, articles, rounds, server, sites: Path, tmp: Path) -> None:
    empty, source = sqlite_site(sites, articles)
    archive = tmp / "site.tar"
    variants = ["before", "after"]
    if server:
        # The PostgreSQL site: the SQLite site restored there.
        drive(source.env, "after", "backup", archive)
        empty = Site(tmp, "empty_%d" % articles, server)
        empty.create_from(None)
        run(empty.env, "migrate", "--noinput", "-v0")
        source = Site(tmp, "source_%d" % articles, server)
        source.create_from(empty)
        drive(source.env, "after", "restore", archive)
        variants.append("insert")
    target = Site(tmp, "target", server)
    codes = {"backup": variants[:2], "restore": variants}
    times = {(action, v): [] for action in codes for v in codes[action]}
    for number in range(rounds):
        order = variants if number % 2 == 0 else variants[::-1]
        for variant in order:
            if variant in codes["backup"]:
                times["backup", variant].append(
                    drive(source.env, variant, "backup", archive)
                )
            target.create_from(empty)
            times["restore", variant].append(
                drive(target.env, variant, "restore", archive)
            )
        print("%s %d articles: round %d done" % (label, articles, number + 1),
              flush=True)  # fmt: skip
    for (action, variant), values in times.items():
        for key in ("wall", "cpu"):
            figures = [value[key] for value in values]
            print(
                "%-10s %6d articles  %-7s %-6s %-4s median %6.1f s  (range %.1f-%.1f)"
                % (label, articles, action, variant, key,
                   statistics.median(figures), min(figures), max(figures)),
                flush=True,
            )  # fmt: skip
    for action in codes:
        for key in ("wall", "cpu"):
            ratio(label, articles, "%s before/after %s" % (action, key),
                  times[action, "before"], times[action, "after"], key)  # fmt: skip
    if server:
        insert, copy = times["restore", "insert"], times["restore", "after"]
        ratio(label, articles, "restore insert/copy wall", insert, copy, "wall")
    print("%-10s %6d articles  archive %.0f MB, load %s" % (
        label, articles, archive.stat().st_size / 1e6,
        " ".join("%.1f" % load for load in os.getloadavg())), flush=True)  # fmt: skip


def ratio(label, articles, name, slower, faster, key) -> None:
    """Print the median and range of the round-by-round ratios."""
    ratios = [s[key] / f[key] for s, f in zip(slower, faster, strict=True)]
    print("%-10s %6d articles  %s median %5.2f  (range %.2f-%.2f)"
          % (label, articles, name, statistics.median(ratios), min(ratios),
             max(ratios)), flush=True)  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--sites", type=Path, help="keep the built sites here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-backup-") as tmp:
        tmp = Path(tmp)
        sites = options.sites or tmp / "sites"
        before = before_code(tmp)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(before), os.environ.get("PYTHONPATH", "")]
        )
        print("load at start %s" % " ".join("%.1f" % x for x in os.getloadavg()))
        if options.sqlite:
            for articles in options.articles:
                measure("sqlite", articles, options.rounds, None, sites, tmp)
        if options.postgres:
            from akhbar.testing.servers import postgres_server

            with postgres_server() as url:
                server = url.rsplit("/", 1)[0]
                for articles in options.articles:
                    measure("postgresql", articles, options.rounds, server, sites,
                            tmp)  # fmt: skip


if __name__ == "__main__":
    main()
