"""Entities off the publishing path: what a publish costs, and how soon it shows.

On a throwaway SQLite site of real ANT stories (pages, search index, related
lists) plus index rows standing for three months of other articles (their
entity names copied from the real ones: what counting found names scans),
prints, in one run:

(Names are counted, not made into entities: ``AKHBAR_ENTITIES_MIN_ARTICLES``
is set out of reach, so every run times the count itself.)

1. publish time, interleaved rounds: "counted on publish" (the former
   on-commit work: ``entities_promote_found`` for the article's names, which
   scans 90 days of indexed articles) against "job" (publish alone; the
   scheduler's job counts at most once per ``AKHBAR_ENTITIES_FOUND_SECONDS``).
   Wall and CPU seconds, medians, ranges and the per-round ratio;
2. what one run of the found-names job costs (what moved off the publish);
3. publish -> visible over real HTTP (a WSGI server in a thread): seconds from
   the start of a publish until the story's page shows its related list, a
   neighbour's page lists the story, and the page of an entity central to the
   story lists it (the target: <= 1 s);
4. re-linking after an editor's change: seconds per article, which sets how
   many a request may do itself (``relinking.SYNCHRONOUS_UP_TO``);
5. the first count over the backlog with names that reach
   ``AKHBAR_ENTITIES_MIN_ARTICLES`` (``--backlog-min``): every unlisted name
   made an entity "one at a time" (the former loop, kept here as the
   baseline: ``entity_create`` and ``entity_add_aliases`` per name) against
   "batched" (``entities_promote_found``), interleaved rounds, each from the
   same copy of the database; wall and CPU seconds, medians and ranges.

Section 3 publishes ``--publishes`` stories one after another and prints the
load average of the machine before and after, as the figures depend on it.

    .venv/bin/python bench/entities.py [--stories 150] [--indexed 20000]
                                       [--rounds 12] [--publishes 10]
                                       [--backlog-rounds 3] [--backlog-min 3]
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
ANT = "/work/shared/data/ant-news/ant_v1.1.jsonl"


def django_site(data_dir: str) -> None:
    os.environ.update(
        AKHBAR_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="akhbar.settings.test"
    )
    os.environ.pop("DATABASE_URL", None)
    # The copies make many names frequent: counting them is what is timed, not
    # making hundreds of entities at once, which a real site does one by one.
    os.environ["AKHBAR_ENTITIES_MIN_ARTICLES"] = str(10**9)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def ant_records(count: int, seed: int = 7) -> list[dict]:
    with open(ANT, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    records = [r for r in records if len(r["body"].split()) > 80]
    return random.Random(seed).sample(records, count)


def page_of(section, record, *, publish: bool):
    from akhbar.news.models import ArticlePage

    paragraphs = [p for p in record["body"].split("\n") if p.strip()][:12]
    article = ArticlePage(
        title=record["title"][:250],
        standfirst="",
        body=[{"type": "paragraph", "value": "<p>%s</p>" % p} for p in paragraphs],
    )
    section.add_child(instance=article)
    if publish:
        article.save_revision().publish()
    return article


def fill_index(count: int) -> None:
    """Index rows for ``count`` other articles of the last 90 days, each with
    the entity names of a real story (no postings: search and related never
    see them, counting found names does)."""
    from django.utils import timezone

    from akhbar.search.models import SearchDocument
    from akhbar.search.services import ARTICLE

    names = list(
        SearchDocument.objects.filter(kind=ARTICLE)
        .exclude(entities="")
        .values_list("entities", flat=True)
    )
    rng = random.Random(3)
    now = timezone.now()
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                kind=ARTICLE,
                object_id=str(10**8 + i),
                headline="خبر",
                entities=rng.choice(names),
                published_at=now - datetime.timedelta(days=rng.uniform(0, 89)),
                in_main=True,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve_site():
    """The site over real HTTP on a free loopback port; returns its base URL."""
    from django.core.wsgi import get_wsgi_application

    from akhbar.testing.servers import free_port

    class ThreadedServer(WSGIServer):
        daemon_threads = True

    port = free_port()
    server = make_server(
        "127.0.0.1",
        port,
        get_wsgi_application(),
        server_class=ThreadedServer,
        handler_class=QuietHandler,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d" % port


def fetch(base: str, path: str) -> str:
    from urllib.parse import quote

    with urllib.request.urlopen(base + quote(path, safe="/%"), timeout=30) as response:  # noqa: S310 - loopback
        return response.read().decode()


def shown(base, article) -> dict[str, bool]:
    """Whether the story's own related list, a neighbour's and an entity page
    show what its publish changed, read over HTTP."""
    from akhbar.entities.selectors import central_entities
    from akhbar.related.models import RelatedProfile

    link = 'href="%s"' % article.url
    html = fetch(base, article.url)
    related = re.search(r'<section class="related".*?</section>', html, re.S)
    result = {"own related list": bool(related and related.group().count("<article"))}
    neighbours = [
        int(object_id)
        for object_id, suggestions in RelatedProfile.objects.values_list(
            "object_id", "suggestions"
        )
        if object_id.isdigit()
        and any(str(s[0]) == str(article.pk) for s in suggestions[:5])
    ]
    if neighbours:
        from akhbar.news.models import ArticlePage

        neighbour = ArticlePage.objects.get(pk=neighbours[0])
        result["a neighbour's list"] = link in fetch(base, neighbour.url)
    entities = central_entities(article)
    if entities:
        result["entity page"] = link in fetch(base, entities[0].url)
    return result


def publish_visible(base, section, record) -> tuple[dict, dict, dict]:
    """The publish's own wall and CPU seconds ("publish call"), then the
    seconds from its start until each page first showed it (polled over HTTP
    every 20 ms, 10 s at most; "all shown" when every page did), and what
    showed."""
    started = time.perf_counter()
    article, wall, cpu = timed(lambda: page_of(section, record, publish=True))
    first: dict[str, float] = {}
    while True:
        found = shown(base, article)
        elapsed = time.perf_counter() - started
        for what, ok in found.items():
            if ok:
                first.setdefault(what, elapsed)
        if all(found.values()) or elapsed > 10:
            first["all shown"] = elapsed
            return {"wall": wall, "CPU": cpu}, first, found


def relink_seconds_per_article(count: int) -> tuple[float, float]:
    """Wall and CPU seconds per article to re-link ``count`` articles through
    the queue, in one run."""
    from akhbar.entities import relinking
    from akhbar.news import selectors as news

    ids = list(news.live_articles().values_list("pk", flat=True)[:count])
    task = relinking.EntityRelink.objects.create(
        article_ids=ids, queued_at=datetime.datetime.now(datetime.UTC)
    )
    _result, wall, cpu = timed(lambda: relinking.relink_run(task_id=task.pk))
    return wall / len(ids), cpu / len(ids)


def promote_one_at_a_time() -> int:
    """The former first count (the baseline): each name that reaches the
    threshold made an entity by itself, its spellings added after."""
    from django.conf import settings
    from django.db import transaction

    from akhbar.entities import found
    from akhbar.entities.catalogue import catalogue
    from akhbar.entities.models import Entity
    from akhbar.entities.services import (
        EntityChangeError,
        entity_add_aliases,
        entity_create,
    )

    made = 0
    least = max(1, settings.AKHBAR_ENTITIES_MIN_ARTICLES)
    for group in found.found_names().values():
        if len(group.articles) < least or group.name in catalogue().by_name:
            continue
        try:
            with transaction.atomic():
                entity = entity_create(
                    name=group.name,
                    type=found.found_type(group),
                    source=Entity.Source.MODEL,
                )
                if len(group.spellings) > 1:
                    entity_add_aliases(entity=entity, aliases=group.spellings)
        except EntityChangeError:
            continue
        made += 1
    return made


def promote_batched() -> int:
    from akhbar.entities.services import entities_promote_found

    return len(entities_promote_found())


def database_snapshot():
    """Save the database now; return a function that puts it back (and makes
    the process forget what it cached of it)."""
    import sqlite3

    from django.core.cache import caches
    from django.db import connection

    from akhbar.entities import catalogue
    from akhbar.news.selectors import forget_cached_reads

    path = connection.settings_dict["NAME"]
    saved = sqlite3.connect(":memory:")
    connection.close()
    with sqlite3.connect(path) as live:
        live.backup(saved)

    def restore():
        connection.close()
        with sqlite3.connect(path) as live:
            saved.backup(live)
        for alias in ("default", "fragments"):
            caches[alias].clear()
        forget_cached_reads()
        catalogue.cache_clear()

    return restore


def backlog_rounds(rounds: int, least: int) -> dict:
    """Wall and CPU seconds of each way over ``rounds`` interleaved rounds,
    each run from the same database; and how many entities each made."""
    from django.test import override_settings

    restore = database_snapshot()
    ways = {"one at a time": promote_one_at_a_time, "batched": promote_batched}
    results = {way: ([], [], []) for way in ways}
    with override_settings(AKHBAR_ENTITIES_MIN_ARTICLES=least):
        for number in range(rounds):
            order = list(ways)
            random.Random(100 + number).shuffle(order)
            for way in order:
                made, wall, cpu = timed(ways[way])
                restore()
                for values, value in zip(results[way], (wall, cpu, made), strict=True):
                    values.append(value)
            print("backlog round %d done" % (number + 1), flush=True)
    return results


def summary(label, values, baseline=None, against="job"):
    line = "%-28s median %7.1f ms  range %7.1f-%7.1f ms" % (
        label,
        statistics.median(values) * 1000,
        min(values) * 1000,
        max(values) * 1000,
    )
    if baseline is not None:
        ratios = [v / b for v, b in zip(values, baseline, strict=True)]
        line += "  x%.3g of %s (per-round ratios %.3g-%.3g)" % (
            statistics.median(ratios),
            against,
            min(ratios),
            max(ratios),
        )
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=150)
    parser.add_argument("--indexed", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--publishes", type=int, default=10)
    parser.add_argument("--backlog-rounds", type=int, default=3)
    parser.add_argument("--backlog-min", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="akhbar-bench-entities-") as data_dir:
        django_site(data_dir)
        from django.core.cache import cache
        from tests.news.factories import ensure_home, make_section

        from akhbar.entities import schedule
        from akhbar.entities.relinking import SYNCHRONOUS_UP_TO as SYNC
        from akhbar.entities.services import entities_promote_found
        from akhbar.related.services import related_rebuild
        from akhbar.search.services import search_index_rebuild
        from akhbar.search.signal_handlers import indexing_paused

        records = ant_records(args.stories + 2 * args.rounds + args.publishes + 1)
        section = make_section(ensure_home(), "أخبار")
        print("Building %d stories..." % args.stories, flush=True)
        with indexing_paused():
            for record in records[: args.stories]:
                page_of(section, record, publish=True)
        search_index_rebuild()
        related_rebuild()
        fill_index(args.indexed)
        print("... and %d other indexed articles." % args.indexed, flush=True)
        fresh = iter(records[args.stories :])
        page_of(section, next(fresh), publish=True)  # Warm caches, untimed.

        modes = {"counted on publish": ([], []), "job": ([], [])}
        job_times = []
        for number in range(args.rounds):
            order = list(modes)
            random.Random(number).shuffle(order)
            for mode in order:
                record = next(fresh)

                def publish(record=record, mode=mode):
                    article = page_of(section, record, publish=True)
                    if mode == "counted on publish":
                        entities_promote_found(article_ids=[article.pk])

                _result, wall, cpu = timed(publish)
                modes[mode][0].append(wall)
                modes[mode][1].append(cpu)
            _result, wall, _cpu = timed(
                lambda: schedule.found_run_due(datetime.datetime.now(datetime.UTC))
            )
            job_times.append(wall)
            cache.delete(schedule.STATE_KEY)  # Each round's run is full.
            print("round %d done" % (number + 1), flush=True)

        print()
        print("1. Publish (%d rounds, interleaved), wall:" % args.rounds)
        for mode, (walls, _cpus) in modes.items():
            summary(mode, walls, modes["job"][0])
        print("   CPU of this process:")
        for mode, (_walls, cpus) in modes.items():
            summary(mode, cpus, modes["job"][1])
        print()
        print("2. One run of the found-names job (off the publish):")
        summary("found_run_due", job_times)

        base = serve_site()
        fetch(base, section.url)
        calls: dict[str, list[float]] = {"wall": [], "CPU": []}
        firsts: dict[str, list[float]] = {}
        missing = []
        load_before = os.getloadavg()
        for _ in range(args.publishes):
            call, first, found = publish_visible(base, section, next(fresh))
            for what, seconds in call.items():
                calls[what].append(seconds)
            for what, at in first.items():
                firsts.setdefault(what, []).append(at)
            missing += [what for what, ok in found.items() if not ok]
        load_after = os.getloadavg()
        print()
        print("3. Publish -> own related list, a neighbour's list and an entity")
        print(
            "   page show the story, over HTTP, %d publishes (target <= 1 s);"
            % args.publishes
        )
        print("   the publish call itself does the on-commit work (index, lists):")
        for what, values in calls.items():
            summary("publish call (%s)" % what, values)
        for what, values in sorted(firsts.items()):
            summary("start -> %s" % what, values)
        # What is left once the publish call returned: reading the pages.
        summary(
            "call returned -> all shown",
            [a - w for a, w in zip(firsts["all shown"], calls["wall"], strict=True)],
        )
        print(
            "   load average before %.1f %.1f %.1f, after %.1f %.1f %.1f (%d cores)"
            % (*load_before, *load_after, os.cpu_count())
        )
        if missing:
            print("   not shown within 10 s: %s" % ", ".join(sorted(set(missing))))

        print()
        wall, cpu = relink_seconds_per_article(args.stories)
        print(
            "4. Re-linking %d articles: %.1f ms wall, %.1f ms CPU per article; "
            "%d articles done in a request (relinking.SYNCHRONOUS_UP_TO) take "
            "%.2f s wall" % (args.stories, wall * 1000, cpu * 1000, SYNC, SYNC * wall)
        )

        if args.backlog_rounds:
            backlog = backlog_rounds(args.backlog_rounds, args.backlog_min)
            print()
            print(
                "5. First count over the backlog, names in >= %d articles made "
                "entities (%d rounds, interleaved; made: %s):"
                % (
                    args.backlog_min,
                    args.backlog_rounds,
                    ", ".join(
                        "%s %s" % (way, sorted(set(made)))
                        for way, (_w, _c, made) in backlog.items()
                    ),
                )
            )
            baseline = backlog["one at a time"]
            for way, (walls, _cpus, _made) in backlog.items():
                summary(way + " (wall)", walls, baseline[0], "one at a time")
            for way, (_walls, cpus, _made) in backlog.items():
                summary(way + " (CPU)", cpus, baseline[1], "one at a time")


if __name__ == "__main__":
    main()
