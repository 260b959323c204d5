"""How many words the Arabic analysis keeps analysed, per process.

A word's stem, search terms, clitic forms, rule roles and entity-model
features are each kept in a per-word cache: news text repeats its words, so a
bulk job (an import, a reindex) analyses most tokens with one lookup. Each
cache holds up to ``WORDS`` words, about 3 KB a word over all of them: 10,000
ANT articles (76,000 distinct words) left +232 MiB in one process, growing on
towards the caps.

A web worker analyses a story at a time (a publish, a search question) and
lives for months: ``akhbar serve`` gives its workers a small budget
(``SERVE_WORDS``). ``AKHBAR_WORD_CACHE_SIZE`` in the environment sets the
budget of any process; read once, when this package is first imported.
"""

import os

# Measured on 3,000 ANT articles (per-word caches at these caps): 200,000,
# the bulk default, is the fastest; 2,000 costs 1.4 to 1.65 times the analysis
# time of a story (a few ms) and keeps a worker's caches to a few MiB.
BULK_WORDS = 200_000
SERVE_WORDS = 2_000
VARIABLE = "AKHBAR_WORD_CACHE_SIZE"


def _words() -> int:
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return BULK_WORDS
    if not value.isdigit():
        message = "%s must be a whole number of words (0: none), not %r"
        raise ValueError(message % (VARIABLE, value))
    return int(value)


WORDS = _words()
