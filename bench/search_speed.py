"""Search speed at 100,000 articles on SQLite and PostgreSQL, and under wrk.

Articles are made by recombining sentences of the ANT news corpus (a headline, a
standfirst and 5-12 body sentences each, fixed seed). For each database the script
prints index build time, index size and the latency of 1,000 queries (the 693 ARCD
questions, then ANT headlines as typed queries) through the site's backend, cold
(new process cache) and warm, next to a WordPress-style search on the same rows
(every word required, LIKE '%word%' on title and body, newest first).

With --wrk it also serves a site (the demo plus --site-articles article pages,
indexed) with ``akhbar serve`` and loads /search/?q= with wrk: distinct questions
each asked for the first time (the ARCD questions, then ANT headlines: every
request is a search), the ARCD questions again in turn (answered from the
caches) and one popular query. Each wrk thread takes its own share of the
questions, so no question is asked twice in the cold run unless wrk goes round
the whole list (then the table says so).

Run: PYTHONPATH=src .venv/bin/python bench/search_speed.py [--articles 100000]
     [--databases sqlite,postgresql] [--wrk] [--site-articles 500]
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ant_records, sentences_of, synthetic_articles  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.test")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/data")
QUESTIONS = SHARED / "arcd-train" / "beir" / "queries.jsonl"
BENCH_ALIAS = "akhbar_search_bench"


def bench_queries(records):
    with open(QUESTIONS, encoding="utf-8") as handle:
        questions = [json.loads(line)["text"] for line in handle]
    headlines = [r["title"] for r in records if r.get("title")]
    return (questions + headlines)[:1000], len(questions)


def distinct_queries(records):
    """The ARCD questions, then every ANT headline, each once."""
    with open(QUESTIONS, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    texts += [r["title"] for r in records if r.get("title")]
    return list(dict.fromkeys(" ".join(t.split()) for t in texts if t.strip()))


def forget_connection():
    from django.db import connections

    connections[BENCH_ALIAS].close()
    del connections[BENCH_ALIAS]


@contextlib.contextmanager
def bench_database(vendor):
    """Yield (alias, size function) of an empty database holding search tables."""
    from django.db import connections

    from akhbar.search.backends import backend_class_for
    from akhbar.search.models import (
        SearchDocument,
        SearchFacet,
        SearchIndexState,
        SearchPosting,
        SearchTerm,
    )

    models = (SearchDocument, SearchFacet, SearchTerm, SearchPosting, SearchIndexState)
    with contextlib.ExitStack() as stack:
        if vendor == "sqlite":
            directory = Path(tempfile.mkdtemp(prefix="akhbar-search-bench-"))
            stack.callback(shutil.rmtree, directory, ignore_errors=True)
            path = directory / "bench.sqlite3"
            config = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
            }

            def size():
                # Fold the write-ahead log into the database file first: it is
                # scratch space, not index.
                with connections[BENCH_ALIAS].cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                return sum(p.stat().st_size for p in directory.iterdir())
        else:
            import environ

            from akhbar.testing.servers import postgres_server

            config = environ.Env.db_url_config(stack.enter_context(postgres_server()))
            config["CONN_MAX_AGE"] = None

            def size():
                with connections[BENCH_ALIAS].cursor() as cursor:
                    cursor.execute(
                        "SELECT sum(pg_total_relation_size(c)) "
                        "FROM unnest(%s::text[]) c",
                        [[m._meta.db_table for m in models]],
                    )
                    return int(cursor.fetchone()[0])

        connections.settings[BENCH_ALIAS] = connections.configure_settings(
            {"default": connections.settings["default"], BENCH_ALIAS: config}
        )[BENCH_ALIAS]
        stack.callback(connections.settings.pop, BENCH_ALIAS, None)
        stack.callback(forget_connection)
        with connections[BENCH_ALIAS].schema_editor() as editor:
            for model in models:
                editor.create_model(model)
            backend_class_for(BENCH_ALIAS).install(editor)
        yield BENCH_ALIAS, size


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latencies(function, queries):
    out = []
    for text in queries:
        started = time.perf_counter()
        function(text)
        out.append(1000 * (time.perf_counter() - started))
    return out


# The ranking stages timed in turn: the first alone, with the proximity bonus,
# with proximity and passage evidence and same-headline discrimination but the
# headline's words not set aside (main before it), the default, with those
# and feedback (on, as rerank.FEEDBACK_DOCUMENTS_ON: 5 documents).
_NO_PASSAGE = {"COVERAGE_WEIGHT": 0.0, "LENGTH_WEIGHT": 0.0}
STAGES = {
    "first": {"PROXIMITY_WEIGHT": 0.0, "FEEDBACK_DOCUMENTS": 0, **_NO_PASSAGE},
    "proximity": {"FEEDBACK_DOCUMENTS": 0, **_NO_PASSAGE},
    "no aside": {"FEEDBACK_DOCUMENTS": 0, "SET_HEADLINE_ASIDE": False},
    "passage": {"FEEDBACK_DOCUMENTS": 0},
    "both": {"FEEDBACK_DOCUMENTS": 5},
}


def interleaved_stages(function, queries):
    """Wall and CPU ms of each query at each of STAGES, taken in turn query by
    query (the order rotating) so that load affects them alike.

    Returns {stage: (wall, cpu)}, lists of ms.
    """
    from akhbar.search import rerank

    names = {name for values in STAGES.values() for name in values}
    saved = {name: getattr(rerank, name) for name in names}
    out = {stage: ([], []) for stage in STAGES}
    stages = list(STAGES)
    for number, text in enumerate(queries):
        shift = number % len(stages)
        for stage in stages[shift:] + stages[:shift]:
            for name, value in saved.items():
                setattr(rerank, name, STAGES[stage].get(name, value))
            cpu, wall = time.process_time(), time.perf_counter()
            function(text)
            out[stage][0].append(1000 * (time.perf_counter() - wall))
            out[stage][1].append(1000 * (time.process_time() - cpu))
    for name, value in saved.items():
        setattr(rerank, name, value)
    return out


def wordpress_search(alias):
    """WordPress's search: every word required, LIKE on title and body."""
    from django.db.models import Q

    from akhbar.search.models import SearchDocument

    def search(text):
        condition = Q()
        for word in text.split():
            word = word.strip("؟?.,،")
            if word:
                condition &= Q(headline__contains=word) | Q(body__contains=word)
        list(
            SearchDocument.objects.using(alias)
            .filter(condition)
            .order_by("-published_at")
            .values_list("pk", flat=True)[:10]
        )

    return search


def bench_database_speed(vendor, count, sentences, queries):
    from akhbar.search.backends import SearchQuery, backend_class_for

    with bench_database(vendor) as (alias, size):
        backend = backend_class_for(alias)({}, using=alias)
        cpu, wall = time.process_time(), time.perf_counter()
        backend.rebuild(
            synthetic_articles(count, sentences), total=count, progress=True
        )
        built_wall, built_cpu = time.perf_counter() - wall, time.process_time() - cpu

        def search(text):
            backend.search(SearchQuery(text=text, limit=10))

        backend.cache.entries.clear()
        backend.cache.generation = None
        cold = latencies(search, queries)
        warm = latencies(search, queries)
        stages = interleaved_stages(search, queries)
        like = latencies(wordpress_search(alias), queries[:100])
        return {
            "vendor": vendor,
            "build_s": built_wall,
            "build_cpu_s": built_cpu,
            "size_mb": size() / 1e6,
            "cold": cold,
            "warm": warm,
            "like": like,
            "stages": stages,
        }


def print_database_table(rows, count):
    print("\n%d articles" % count)
    print(
        "%-10s %9s %9s %9s | %-8s %8s %8s %8s %8s"
        % ("database", "build s", "cpu s", "size MB", "queries", "p50 ms", "p95 ms",
           "p99 ms", "mean ms")
    )  # fmt: skip
    for row in rows:
        for label in ("cold", "warm", "like"):
            values = row[label]
            name = {"cold": "akhbar¹", "warm": "akhbar²", "like": "LIKE³"}[label]
            print(
                "%-10s %9s %9s %9s | %-8s %8.1f %8.1f %8.1f %8.1f"
                % (
                    row["vendor"] if label == "cold" else "",
                    "%.0f" % row["build_s"] if label == "cold" else "",
                    "%.0f" % row["build_cpu_s"] if label == "cold" else "",
                    "%.0f" % row["size_mb"] if label == "cold" else "",
                    name,
                    statistics.median(values),
                    percentile(values, 0.95),
                    percentile(values, 0.99),
                    statistics.fmean(values),
                )
            )
        ratio = percentile(row["like"], 0.95) / percentile(row["warm"], 0.95)
        print("%-10s p95 WordPress-style / akhbar (warm): %.0fx" % ("", ratio))
        for stage, (wall, cpu) in row["stages"].items():
            print(
                "%-10s %s: p50 %.1f ms (p5-p95 %.1f-%.1f), CPU %.2f ms a query "
                "(median %.2f); p95 WordPress-style / this: %.0fx"
                % (
                    "",
                    {
                        "first": "first stage only⁴",
                        "proximity": "+ proximity⁴",
                        "no aside": "+ proximity, passage, no aside⁴",
                        "passage": "+ proximity, passage (default)⁴",
                        "both": "+ proximity, passage, feedback⁴",
                    }[stage],
                    statistics.median(wall),
                    percentile(wall, 0.05),
                    percentile(wall, 0.95),
                    statistics.fmean(cpu),
                    statistics.median(cpu),
                    percentile(row["like"], 0.95) / percentile(wall, 0.95),
                )
            )
    print(
        "¹ first pass, empty postings cache  ² second pass  "
        "³ WordPress-style LIKE, first 100 queries\n"
        "⁴ warm, the stages taken in turn query by query "
        "(akhbar.search.rerank's second stage off / proximity / + passage, "
        "headline not set aside / + passage / + feedback)"
    )


def run_wrk(url, *, seconds, connections_count, script=None):
    """Return (req/s, errors, p50, p99, requests) of one wrk run."""
    command = ["wrk", "-t2", "-c%d" % connections_count, "-d%ds" % seconds, "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.M)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return (
        rate,
        int(errors.group(1)) if errors else 0,
        p50.group(1) if p50 else "?",
        p99.group(1) if p99 else "?",
        requests,
    )


def write_paths_script(path, paths, threads=2):
    """A wrk script that requests ``paths`` in turn, each thread its own share."""
    path.write_text(
        "local paths = {%s}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * math.floor(#paths / %d))\n"
        "  threads = threads + 1\n"
        "end\n"
        "local i = nil\n"
        "request = function()\n"
        "  if i == nil then i = offset end\n"
        "  i = i %% #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n" % (", ".join(json.dumps(p) for p in paths), threads)
    )


def bench_wrk(site_articles, sentences, questions, cold_questions, seconds):
    """Serve a demo site with indexed article pages and load its search page."""
    from urllib.parse import quote

    from akhbar.testing.servers import free_port

    data = Path(tempfile.mkdtemp(prefix="akhbar-search-wrk-"))
    env = {
        **os.environ,
        "AKHBAR_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "akhbar.settings.dev",
        "AKHBAR_SEARCH_INDEX_ENTITIES": "0",
    }
    env.pop("DATABASE_URL", None)
    akhbar = [str(ROOT / ".venv" / "bin" / "akhbar")]
    server = None
    try:
        for args in (["migrate", "-v0"], ["demo"]):
            subprocess.run(akhbar + args, env=env, check=True, capture_output=True)
        code = (
            "import sys, json\n"
            "from bench.search_speed import make_site_articles\n"
            "make_site_articles(int(sys.argv[1]), json.load(open(sys.argv[2])))\n"
        )
        sentences_file = data / "sentences.json"
        sentences_file.write_text(json.dumps(sentences[:20000], ensure_ascii=False))
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code,
             str(site_articles), str(sentences_file)],
            env={**env, "PYTHONPATH": "%s:%s" % (ROOT / "src", ROOT)},
            check=True,
        )  # fmt: skip
        subprocess.run(akhbar + ["reindex", "-v0"], env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            akhbar + ["serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = "http://127.0.0.1:%d" % port
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                 base + "/search/?q=test"],
                capture_output=True, text=True,
            )  # fmt: skip
            if probe.stdout == "200":
                break
            time.sleep(0.5)

        def script(name, texts):
            path = data / name
            write_paths_script(path, ["/search/?q=" + quote(q) for q in texts])
            return path

        popular = base + "/search/?q=" + quote("الحكومة")
        cold = script("cold.lua", cold_questions)
        warm = script("warm.lua", questions)
        # Warm up the workers (imports, postings of common words) on a query
        # the runs below do not ask.
        run_wrk(base + "/search/?q=" + quote("اختبار"), seconds=2, connections_count=8)
        results = [
            ("%d distinct questions, cold" % len(cold_questions),
             run_wrk(base + "/", seconds=seconds, connections_count=32, script=cold),
             len(cold_questions)),
        ]  # fmt: skip
        # Both workers see every question once more before the warm run.
        run_wrk(base + "/", seconds=3, connections_count=8, script=warm)
        results += [
            ("%d questions in turn, warm" % len(questions),
             run_wrk(base + "/", seconds=seconds, connections_count=32, script=warm),
             None),
            ("one popular query (page cache)",
             run_wrk(popular, seconds=seconds, connections_count=32), None),
        ]  # fmt: skip
        print(
            "\nsearch page under wrk (akhbar serve, 2 workers, 32 connections, "
            "%d site articles)" % site_articles
        )
        print(
            "%-36s %8s %7s %9s %9s %8s"
            % ("load", "req/s", "errors", "p50", "p99", "x WP 33")
        )
        for label, (rate, errors, p50, p99, requests), pool in results:
            print(
                "%-36s %8.0f %7d %9s %9s %8.1f"
                % (label, rate, errors, p50, p99, rate / 33)
            )
            if pool is not None and requests > pool:
                print("  (wrk went round the list: %d requests)" % requests)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(data, ignore_errors=True)


def make_site_articles(count, sentences):
    """Publish ``count`` article pages (run inside the served site's settings)."""
    from django.utils import timezone

    from akhbar.news.models import ArticlePage, SectionPage

    rng = random.Random(7)
    sections = list(SectionPage.objects.live())
    for i in range(count):
        words = rng.choice(sentences).split()
        article = ArticlePage(
            title=" ".join(words[: rng.randint(6, 12)]),
            slug="bench-%d" % i,
            standfirst=rng.choice(sentences),
            body=[
                {"type": "paragraph", "value": "<p>%s</p>" % rng.choice(sentences)}
                for _ in range(rng.randint(3, 8))
            ],
            first_published_at=timezone.now() - datetime.timedelta(hours=i),
        )
        rng.choice(sections).add_child(instance=article)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--wrk", action="store_true")
    parser.add_argument("--site-articles", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    records = ant_records()
    sentences = sentences_of(records)
    queries, question_count = bench_queries(records)
    print(
        "%d ANT sentences; %d queries (%d ARCD questions, then ANT headlines)"
        % (len(sentences), len(queries), question_count)
    )
    rows = [
        bench_database_speed(vendor, args.articles, sentences, queries)
        for vendor in args.databases.split(",")
        if vendor
    ]
    if rows:
        print_database_table(rows, args.articles)
    if args.wrk:
        bench_wrk(
            args.site_articles,
            sentences,
            queries[:question_count],
            distinct_queries(records),
            args.seconds,
        )


if __name__ == "__main__":
    main()
