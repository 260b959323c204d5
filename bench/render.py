"""CPU of a render after a publish: the home page and an article, this code
against a baseline revision's, interleaved in one run.

Over one demo site (SQLite), child processes alternate between the two codes
(ABBA: baseline, this, this, baseline…; the baseline is ``git archive REV src``
put first on the path). Before each timed request a publish happens for real,
in another process as the newsroom's do: the newest article is published again
with its title changed, which bumps the tree's version (every fragment keyed by
it is retired, as after any publish) and changes that article's own card. The
request is then timed in CPU milliseconds of the process
(``time.process_time``, steady on a busy machine), with its SQL queries.
Prints medians and ranges per page and code, the ratio this / baseline, and
whether both codes sent the same HTML (the CSP nonce aside) for the last
render of each page.

    .venv/bin/python bench/render.py [--base f1c671e] [--rounds 2] [--renders 12]
                                     [--data-dir DIR]
"""

import argparse
import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Appended: a baseline put first on PYTHONPATH wins over this tree.
sys.path.append(str(Path(__file__).resolve().parent.parent / "src"))

from _server import ROOT, SETTINGS, STATIC_ROOT, demo_environment  # noqa: E402

NONCE = re.compile(rb'nonce="[^"]*"')


def publisher() -> None:
    """Publish the newest article again, its title changed, for every line read;
    answer each with a line once the publish has committed."""
    import django

    django.setup()
    from akhbar.news.models import ArticlePage

    newest = ArticlePage.objects.live().order_by("-first_published_at").first()
    title = newest.title.rstrip(" ·")
    for number, _line in enumerate(sys.stdin):
        newest.title = title + (" ·" if number % 2 else "")
        newest.save_revision().publish()
        print("published", flush=True)


def child(renders: int, out_dir: str, label: str) -> None:
    """Time ``renders`` requests of each page, each after a publish made by
    another process (as the newsroom's are); print JSON."""
    import time

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from akhbar.news.models import ArticlePage

    # Every request renders: the in-app response cache would replay the page.
    settings.AKHBAR_RESPONSE_CACHE = False
    client = Client(HTTP_HOST="127.0.0.1")
    reader = ArticlePage.objects.live().order_by("-first_published_at")[3]
    pages = {"home": "/", "article": reader.url}
    for url in pages.values():
        client.get(url)  # Code, templates and renditions loaded once.
    publishing = subprocess.Popen(
        [sys.executable, __file__, "--publisher"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    result = {}
    try:
        for name, url in pages.items():
            cpu, queries = [], []
            for _ in range(renders):
                publishing.stdin.write("publish\n")
                publishing.stdin.flush()
                assert publishing.stdout.readline().strip() == "published"
                start = time.process_time()
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                cpu.append((time.process_time() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries.append(len(captured.captured_queries))
            body = NONCE.sub(b"", response.content)
            Path(out_dir, "%s-%s.html" % (label, name)).write_bytes(body)
            result[name] = {
                "cpu": cpu,
                "queries": queries,
                "digest": hashlib.sha256(body).hexdigest(),
            }
    finally:
        publishing.stdin.close()
        publishing.wait(60)
    print(json.dumps(result))


def baseline_tree(revision: str, into: str) -> str:
    """The ``src`` folder of ``revision``, exported into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return str(Path(into, "src"))


def run_child(env, source: str | None, renders: int, out_dir: str, label: str):
    env = dict(env)
    if source:
        env["PYTHONPATH"] = source
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(renders), out_dir, label],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode:
        sys.exit("%s failed:\n%s" % (label, output.stderr[-4000:]))
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="f1c671e", help="baseline revision")
    parser.add_argument("--rounds", type=int, default=2, help="ABBA rounds")
    parser.add_argument("--renders", type=int, default=12, help="per page per child")
    parser.add_argument(
        "--data-dir", help="a demo site's data folder to use (made afresh otherwise)"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publisher:
        return publisher()
    if args.child:
        return child(int(args.child[0]), args.child[1], args.child[2])
    with contextlib.ExitStack() as stack:
        work = stack.enter_context(tempfile.TemporaryDirectory(prefix="akhbar-render-"))
        base_src = baseline_tree(args.base, work)
        if args.data_dir:
            env = {**os.environ, "AKHBAR_DATA_DIR": args.data_dir, "DJANGO_DEBUG": "0"}
            env["DJANGO_SETTINGS_MODULE"] = SETTINGS
            env.setdefault("AKHBAR_STATIC_ROOT", str(STATIC_ROOT))
        else:
            env = stack.enter_context(demo_environment())
        with open("/proc/loadavg") as load:
            print("load at start:", load.read().split()[:3])
        codes = {"baseline": base_src, "this": None}
        runs = {"baseline": [], "this": []}
        for _ in range(args.rounds):
            for label in ("baseline", "this", "this", "baseline"):
                runs[label].append(
                    run_child(env, codes[label], args.renders, work, label)
                )
        with open("/proc/loadavg") as load:
            print("load at end:", load.read().split()[:3])
        report(runs, work, args.base)


def report(runs: dict, work: str, base: str) -> None:
    print("CPU ms per render after a publish (median [range]), queries:")
    medians = {}
    for page in ("home", "article"):
        for label in ("baseline", "this"):
            cpu = [ms for run in runs[label] for ms in run[page]["cpu"]]
            queries = sorted({q for run in runs[label] for q in run[page]["queries"]})
            medians[page, label] = median(cpu)
            name = base if label == "baseline" else "this"
            print(
                "  %-8s %-9s %6.1f [%.1f–%.1f]  queries %s"
                % (page, name, median(cpu), min(cpu), max(cpu), queries)
            )
        ratio = medians[page, "this"] / medians[page, "baseline"]
        same = runs["this"][-1][page]["digest"] == runs["baseline"][-1][page]["digest"]
        print(
            "  %-8s this / baseline %.2f; same HTML as the baseline: %s"
            % (page, ratio, "yes" if same else "NO")
        )
        if not same:
            for label in ("baseline", "this"):
                kept = Path(tempfile.gettempdir(), "akhbar-render-%s-%s.html")
                kept = Path(str(kept) % (label, page))
                kept.write_bytes(Path(work, "%s-%s.html" % (label, page)).read_bytes())
                print("    kept:", kept)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    main()
