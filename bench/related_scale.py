"""Related lists at scale: publish -> lists stored, and the article page's throughput.

For each size (default 10,000 then 100,000 articles) a demo site (SQLite,
DEBUG off) gets that many synthetic stories (bench/synthetic.py) as live
article pages through the importers' bulk writer, then the site search is
rebuilt as ``akhbar reindex`` does (entities included unless
--no-entities). Build seconds (wall and CPU) are printed per stage.

What is built of the related lists: not every story's (``akhbar related
--rebuild`` at 100,000 stories takes hours, see bench/related.py), only the
neighbourhood each measured publish touches: before a round, the stories the
index finds for each article about to be published (60 candidates each) get
their stored profile and list, as a full rebuild would have stored them. The
publish then reads and writes what it would on a fully built site, except
that the candidates' own candidates (read for the mutual-match check) may
have no stored profile.

Then, in interleaved rounds over the sizes:
(a) publish K new articles through the site's publish path (``save_revision``
    and ``publish``: Wagtail's publish, the search index, entities, then the
    related list of the article and of its NEIGHBOURS best matches) and
    report ms per publish (wall, and CPU of this process) and the related
    step alone;
(b) the article page of a just-published article, with its related list,
    under wrk through ``akhbar serve`` (2 workers), req/s, p50 and the
    server's CPU ms per request (bench/pages.py's ``measure``).
Ratios are against the smallest size, taken within each round.

    PYTHONPATH=src .venv/bin/python bench/related_scale.py [--sizes 10000,100000]
        [--rounds 3] [--publishes 5] [--seconds 5] [--no-entities]
"""

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path
from statistics import median
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _server import demo_environment, served  # noqa: E402
from pages import measure, spread  # noqa: E402
from synthetic import ant_records, sentences_of, synthetic_stories  # noqa: E402

NEIGHBOURS = 4  # akhbar.related.services.NEIGHBOURS, for the legend
# Fresh stories to publish come from another seed than the built ones.
PUBLISH_SEED = 7


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings.dev")
    import django

    django.setup()


class Clock:
    """Wall and CPU seconds of named stages."""

    def __init__(self):
        self.stages = {}

    @contextlib.contextmanager
    def stage(self, name):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.stages[name] = (time.perf_counter() - wall, time.process_time() - cpu)


def _article(story, slug):
    from akhbar.news.models import ArticlePage

    return ArticlePage(
        title=story.headline,
        slug=slug,
        standfirst=story.standfirst,
        body=[
            {"type": "paragraph", "value": "<p>%s</p>" % p} for p in story.paragraphs
        ],
    )


def build(count: int) -> dict:
    """Write ``count`` live articles in bulk and rebuild the search index."""
    _setup()
    from django.db import transaction

    from akhbar.importers.drafts import Status
    from akhbar.importers.fast.bulk import BulkWriter
    from akhbar.news.models import SectionPage
    from akhbar.search.services import search_index_rebuild
    from akhbar.search.signal_handlers import indexing_paused

    sentences = sentences_of(ant_records())
    sections = list(SectionPage.objects.live().order_by("pk"))
    clock = Clock()
    with clock.stage("pages"), transaction.atomic(), indexing_paused():
        writer = BulkWriter(send_signals=False)
        for story in synthetic_stories(count, sentences):
            writer.add_page(
                sections[story.section % len(sections)],
                _article(story, "scale-%d" % story.number),
                status=Status.LIVE,
                published_at=story.published_at,
            )
        writer.flush()
    with clock.stage("index"):
        search_index_rebuild()
    return clock.stages


def _neighbourhood(stories, sections) -> int:
    """Store the profile and list of every story the index finds for
    ``stories`` (not yet published), as a full rebuild would; return how many."""
    from akhbar.related import ranking
    from akhbar.related.models import RelatedProfile
    from akhbar.related.services import ARTICLE, related_document_update
    from akhbar.search.backends import IndexDocument, get_search_backend

    backend = get_search_backend()
    wanted = set()
    for story in stories:
        document = IndexDocument(
            kind=ARTICLE,
            object_id="new",
            headline=story.headline,
            standfirst=story.standfirst,
            body="\n".join(story.paragraphs),
        )
        found = backend.similar_documents(
            document, limit=ranking.CANDIDATES, boosts=ranking.FIELD_BOOSTS
        )
        wanted.update(object_id for object_id, _ in found)
    done = set(
        RelatedProfile.objects.filter(kind=ARTICLE, object_id__in=wanted)
        .exclude(candidates=[])
        .values_list("object_id", flat=True)
    )
    missing = sorted(wanted - done)
    for document in backend.stored_documents(ARTICLE, missing):
        related_document_update(document, neighbours=False)
    return len(missing)


def _timed(module, name) -> list:
    """Time every call of ``module.name`` (a service the publish receivers
    call by its module attribute); return the list the seconds go to."""
    seconds = []
    function = getattr(module, name)

    def timed(**kwargs):
        began = time.perf_counter()
        function(**kwargs)
        seconds.append(time.perf_counter() - began)

    setattr(module, name, timed)
    return seconds


def publish(count: int, round_number: int, size: int) -> dict:
    """Publish ``count`` new articles; return their timings and one URL."""
    _setup()
    from akhbar.news.models import SectionPage
    from akhbar.related import services as related_services
    from akhbar.related.models import RelatedProfile
    from akhbar.search import services as search_services

    sentences = sentences_of(ant_records())
    stories = list(
        synthetic_stories(count, sentences, seed=PUBLISH_SEED + 1000 * round_number)
    )
    sections = list(SectionPage.objects.live().order_by("pk"))
    started = time.perf_counter()
    prepared = _neighbourhood(stories, sections)
    prepare_s = time.perf_counter() - started

    related_seconds = _timed(related_services, "related_article_update")
    search_seconds = _timed(search_services, "search_article_update")
    walls, cpus, urls, short = [], [], [], 0
    for story in stories:
        article = _article(story, "new-%d-%d-%d" % (size, round_number, story.number))
        article.live = False
        sections[story.section % len(sections)].add_child(instance=article)
        revision = article.save_revision()
        wall, cpu = time.perf_counter(), time.process_time()
        revision.publish()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        article.refresh_from_db()
        urls.append(article.url)
        profile = RelatedProfile.objects.get(object_id=str(article.pk))
        short += len(profile.suggestions) < 4
    return {
        "wall_ms": [1000 * s for s in walls],
        "cpu_ms": [1000 * s for s in cpus],
        "related_ms": [1000 * s for s in related_seconds],
        "search_ms": [1000 * s for s in search_seconds],
        "urls": urls,
        "short_lists": short,
        "prepared": prepared,
        "prepare_s": prepare_s,
    }


def warm(url: str) -> None:
    """Request ``url`` until it answers 200 (its first render makes image
    renditions and fills caches: seconds on a loaded machine)."""
    import urllib.request

    for _ in range(3):
        with urllib.request.urlopen(url, timeout=120) as response:
            if response.status != 200:
                raise RuntimeError("%s answered %d" % (url, response.status))


def child(env, *args) -> dict:
    import subprocess

    output = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)],
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")},
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise RuntimeError(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument("--json", help="also write the raw figures there")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *numbers = args.child
        function = {"build": build, "publish": publish}[kind]
        print(json.dumps(function(*map(int, numbers))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with contextlib.ExitStack() as stack:
        envs = {}
        for size in sizes:
            env = stack.enter_context(demo_environment())
            if args.no_entities:
                env["AKHBAR_SEARCH_INDEX_ENTITIES"] = "0"
            stages = child(env, "build", size)
            envs[size] = env
            print(
                "built %d articles: %s"
                % (
                    size,
                    ", ".join(
                        "%s %.0f s (CPU %.0f s)" % (name, wall, cpu)
                        for name, (wall, cpu) in stages.items()
                    ),
                ),
                flush=True,
            )
        bases = {size: stack.enter_context(served(envs[size])) for size in sizes}
        results = {size: [] for size in sizes}
        for round_number in range(args.rounds):
            for size in sizes:
                published = child(
                    envs[size], "publish", args.publishes, round_number, size
                )
                url = quote(published["urls"][0], safe="/%")
                warm(bases[size] + url)
                published["page"] = measure(
                    bases[size], url, args.connections, args.seconds
                )
                results[size].append(published)
                if args.json:
                    Path(args.json).write_text(json.dumps(results))
                print(
                    "round %d, %d articles: publish median %.0f ms, related %.0f ms, "
                    "page %.1f req/s (%d profiles prepared in %.0f s)"
                    % (
                        round_number + 1,
                        size,
                        median(published["wall_ms"]),
                        median(published["related_ms"]),
                        published["page"]["rps"],
                        published["prepared"],
                        published["prepare_s"],
                    ),
                    flush=True,
                )
        report(results, sizes, args)


def report(results, sizes, args):
    base = sizes[0]
    print(
        "\nSQLite, akhbar serve 2 workers, %d connections, %d interleaved rounds of "
        "%d publishes; median (range); page ratios against %d articles within "
        "each round" % (args.connections, args.rounds, args.publishes, base)
    )
    header = "%-9s %17s %17s %17s %17s %15s %15s %14s %6s %6s" % (
        "articles", "publish ms", "publish CPU ms", "search ms", "related ms",
        "page req/s", "page CPU ms/req", "req/s ratio", "errors", "short",
    )  # fmt: skip
    print(header)
    print("-" * len(header))
    for size in sizes:
        rows = results[size]

        def flat(key, rows=rows):
            return [v for row in rows for v in row[key]]

        ratios = [
            row["page"]["rps"] / max(results[base][i]["page"]["rps"], 1e-9)
            for i, row in enumerate(rows)
        ]
        print(
            "%-9d %17s %17s %17s %17s %15s %15s %14s %6d %6d"
            % (
                size,
                spread(flat("wall_ms")),
                spread(flat("cpu_ms")),
                spread(flat("search_ms")),
                spread(flat("related_ms")),
                spread(r["page"]["rps"] for r in rows),
                spread(r["page"]["cpu_ms"] for r in rows),
                spread(ratios),
                sum(r["page"]["errors"] for r in rows),
                sum(r["short_lists"] for r in rows),
            )
        )
    print(
        "search ms: the index update of the publish (with entity extraction "
        "unless --no-entities); "
        "related ms: the article's list and its %d neighbours' lists; short: "
        "published articles with fewer than 4 stored suggestions" % NEIGHBOURS
    )


if __name__ == "__main__":
    main()
