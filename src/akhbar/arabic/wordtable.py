"""A read-only table of words, in a fraction of a dict's memory.

The shipped word lists (corpus counts, name words, clusters) are read by every
process that analyses text, a web worker included, and a dict of them keeps one
string object per word. A ``WordTable`` keeps each word's ``hash()`` in a
sorted array of 64-bit numbers and its value beside it (an array of whole
numbers, or a tuple of shared objects): 9 to 16 bytes a word. Measured by
bench/word_tables.py: the 50,078 name words take 0.6 MiB against a dict's 6.1,
the lexicon's 31,768 words 0.4 against 3.6. A lookup is a binary search, about
0.7 µs against a dict's 0.05 µs; the per-word caches of the analysis
(``akhbar.arabic.caches``) stand in front of most of them, and a publish's
analysis takes 1.03 to 1.07 times as long.

Two words could share a hash: among 50,000 words and 64-bit hashes the chance
that any word is taken for another is about 3 in 10^15 a lookup.
"""

from array import array
from bisect import bisect_left
from collections.abc import Iterable


class WordTable:
    """Words mapped to values, read like a dict (``get``, ``in``, ``len``).

    Built from ``(word, value)`` pairs; a word given twice keeps its last
    value, as in a dict. Values that are all whole numbers from 0 are kept in
    an array, others in a tuple.
    """

    __slots__ = ("_keys", "_values")

    def __init__(self, items: Iterable[tuple[str, object]]):
        by_key = {hash(word): value for word, value in items}
        keys = sorted(by_key)
        values = [by_key[key] for key in keys]
        del by_key
        self._keys = array("q", keys)
        if all(type(value) is int and value >= 0 for value in values):
            # The narrowest array that holds the largest.
            largest = max(values, default=0)
            code = next(c for c in "BHIQ" if largest < 256 ** array(c).itemsize)
            self._values = array(code, values)
        else:
            self._values = tuple(values)

    def _index(self, word) -> int:
        key = hash(word)
        i = bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return i
        return -1

    def get(self, word, default=None):
        i = self._index(word)
        return default if i < 0 else self._values[i]

    def __getitem__(self, word):
        i = self._index(word)
        if i < 0:
            raise KeyError(word)
        return self._values[i]

    def __contains__(self, word) -> bool:
        return self._index(word) >= 0

    def __len__(self) -> int:
        return len(self._keys)
