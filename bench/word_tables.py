"""The shipped word lists as dicts against ``WordTable`` (akhbar.arabic.wordtable).

Every process that analyses text holds the lexicon (corpus counts), the person
name words and the word clusters. A dict keeps one string object per word; a
``WordTable`` keeps the words' hashes in a sorted array and answers by binary
search. In one process, prints:

1. the memory each list takes in each form (tracemalloc: what building it
   leaves allocated);
2. the CPU time of the analysis a publish does to ``--articles`` ANT stories
   (entity extraction, search terms, related stems), both forms interleaved
   over ``--rounds`` rounds, the per-word caches emptied before each run and
   capped at ``AKHBAR_WORD_CACHE_SIZE`` (set it to 2000 for a web worker's
   caches); medians, ranges and the per-round ratio table/dict.

    AKHBAR_WORD_CACHE_SIZE=2000 .venv/bin/python bench/word_tables.py \\
        [--articles 1000] [--rounds 5]
"""

import argparse
import importlib
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from akhbar.arabic import (  # noqa: E402
    caches,
    extract_entities,
    lexicon,
    ner_model,
    resources,
    search_terms,
)
from akhbar.arabic.entities.gazetteer import Gazetteer  # noqa: E402
from akhbar.arabic.normalize import normalize  # noqa: E402
from akhbar.arabic.tokenize import iter_tokens  # noqa: E402
from akhbar.arabic.wordtable import WordTable  # noqa: E402

# Modules, not the functions the package exports under their names.
analyze = importlib.import_module("akhbar.arabic.analyze")
stem = importlib.import_module("akhbar.arabic.stem")
ANT = "/work/shared/data/ant-news/ant_v1.1.jsonl"


def rows():
    """Each list's (word, value) pairs, read by its loader's own reader."""
    return {
        "lexicon": list(resources.lexicon_rows()),
        "name words": list(lexicon.name_word_rows()),
        "clusters": list(ner_model.cluster_rows()),
    }


def built(form, pairs):
    """The list in ``form`` ("dict" or "table") and the bytes building it left,
    its words' strings included (copies, as a loader reading the file makes
    them)."""
    tracemalloc.start()
    fresh = [("".join(word), value) for word, value in pairs]
    table = dict(fresh) if form == "dict" else WordTable(fresh)
    del fresh
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return table, size


def use(tables):
    """Have the analysis read ``tables`` and start with empty per-word caches."""
    resources.lexicon = lambda: tables["lexicon"]
    lexicon.name_word_counts = ner_model.name_word_counts = lambda: tables["name words"]
    ner_model.clusters = lambda: tables["clusters"]
    for cached in (
        analyze.analyze_word,
        stem.stem,
        search_terms.word_forms,
        lexicon.clitic_forms,
    ):
        cached.cache_clear()


def analyse(texts, gazetteer) -> float:
    """CPU seconds of a publish's analysis of ``texts``."""
    gazetteer.feature_cache.clear()
    gazetteer.roles.clear()
    started = time.process_time()
    for text in texts:
        extract_entities(text, gazetteer)
        for token in iter_tokens(text):
            search_terms.word_forms(normalize(token.text))
        analyze.analyze(text)
    return time.process_time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    texts = []
    with open(ANT, encoding="utf-8") as handle:
        for line in handle:
            if len(texts) == args.articles:
                break
            story = json.loads(line)
            texts.append(story["title"] + "\n" + story["body"])
    lists = rows()
    forms = {}
    print("Memory of each list (tracemalloc, what building it left):")
    for name, pairs in lists.items():
        sizes = []
        for form in ("dict", "table"):
            table, size = built(form, pairs)
            forms.setdefault(form, {})[name] = table
            sizes.append(size)
        print(
            "  %-10s %6d words: dict %5.2f MiB, table %5.2f MiB (%.1f%%)"
            % (
                name,
                len(pairs),
                sizes[0] / 2**20,
                sizes[1] / 2**20,
                100 * sizes[1] / sizes[0],
            )
        )
    gazetteer = Gazetteer.default()
    print(
        "\nAnalysis of %d ANT stories, per-word caches of %d words, %d rounds:"
        % (len(texts), caches.WORDS, args.rounds)
    )
    seconds = {"dict": [], "table": []}
    for round_ in range(args.rounds):
        order = ("dict", "table") if round_ % 2 == 0 else ("table", "dict")
        for form in order:
            use(forms[form])
            seconds[form].append(analyse(texts, gazetteer))
        print(
            "  round %d: dict %.2f s, table %.2f s"
            % (round_ + 1, seconds["dict"][-1], seconds["table"][-1]),
            flush=True,
        )
    for form, values in seconds.items():
        print(
            "  %-5s median %.2f s (%.2f-%.2f)"
            % (form, statistics.median(values), min(values), max(values))
        )
    ratios = [t / d for t, d in zip(seconds["table"], seconds["dict"], strict=True)]
    print(
        "  table/dict per round: median %.3f (%.3f-%.3f)"
        % (statistics.median(ratios), min(ratios), max(ratios))
    )


if __name__ == "__main__":
    main()
