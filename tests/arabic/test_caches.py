"""The per-word caches of the Arabic analysis hold as many words as the
process's environment says (akhbar.arabic.caches)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PROBE = (
    "from akhbar.arabic import caches, lexicon, search_terms; "
    "from akhbar.arabic.analyze import analyze_word; "
    "from akhbar.arabic.stem import stem; "
    "words = ['كلمة%d' % n for n in range(60)]; "
    "[search_terms.word_forms(w) for w in words]; "
    "print(caches.WORDS, *(f.cache_info().maxsize for f in "
    "(stem, analyze_word, search_terms.word_forms, lexicon.clitic_forms)), "
    "max(f.cache_info().currsize "
    "for f in (stem, analyze_word, search_terms.word_forms)))"
)


def probe(value):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("AKHBAR_WORD_CACHE_SIZE", None)
    if value is not None:
        env["AKHBAR_WORD_CACHE_SIZE"] = value
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("value", "words"), [(None, 200_000), ("", 200_000), ("50", 50), (" 7 ", 7)]
)
def test_every_word_cache_holds_the_words_the_environment_gives(value, words):
    run = probe(value)
    assert run.returncode == 0, run.stderr
    budget, *sizes, held = (int(n) for n in run.stdout.split())
    assert budget == words
    assert sizes == [words] * 4
    assert held == min(words, 60)


@pytest.mark.parametrize("value", ["lots", "-1", "2.5"])
def test_a_budget_that_is_no_whole_number_stops_the_process_with_its_name(value):
    run = probe(value)
    assert run.returncode != 0
    assert "AKHBAR_WORD_CACHE_SIZE" in run.stderr
    assert repr(value) in run.stderr
