"""MinHash signatures and LSH bands over word shingles, in numpy.

Two texts' signatures agree in each position with probability equal to the
Jaccard similarity of their shingle sets, so the share of equal positions
estimates it. Bands of a few positions, hashed, find the pairs worth comparing
without comparing every pair (locality-sensitive hashing).

Written here rather than taken from ``datasketch``: that library needs scipy
at run time (its LSH tunes bands by numerical integration) for what is some
forty lines of numpy, and its hashes would tie the stored signatures to its
version.
"""

import hashlib

import numpy as np

from akhbar.arabic.search_terms import content_words, word_forms

# 128 positions estimate a similarity within about ±0.09 (two standard errors
# at 0.5); 32 bands of 4 find a pair at 0.5 with probability 0.87 and at 0.7
# with 0.9999, and rarely bring a pair below 0.3.
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
# Three words: long enough that two reports of different events rarely share
# many, short enough that an edit touches only the shingles around it.
SHINGLE_WORDS = 3
# Fewer shingles than this say too little to call two texts copies.
MIN_SHINGLES = 8

_rng = np.random.default_rng(20170611)
# Multiply-shift hashing of 32-bit shingle hashes: odd multipliers, 64-bit
# arithmetic wrapping around, the high 32 bits kept.
_MULTIPLIERS = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) << 1) | 1
_OFFSETS = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    """The word shingles of ``text``: runs of its content words' light stems.

    Stopwords are dropped and clitics stemmed away first, so "وقال الرئيس"
    and "قال رئيس" give the same shingle.
    """
    stems = []
    for word, _, _ in content_words(text):
        forms = word_forms(word)
        if forms:
            stems.append(forms[0][1])
    if len(stems) < SHINGLE_WORDS:
        return {" ".join(stems)} if stems else set()
    return {
        " ".join(stems[i : i + SHINGLE_WORDS])
        for i in range(len(stems) - SHINGLE_WORDS + 1)
    }


def _hash32(value: str) -> int:
    digest = hashlib.blake2b(value.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little")


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` (PERMUTATIONS uint32, packed), or b""
    when the text has fewer than MIN_SHINGLES shingles."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return b""
    values = np.fromiter((_hash32(s) for s in found), dtype=np.uint64)
    with np.errstate(over="ignore"):
        hashed = (values[:, None] * _MULTIPLIERS + _OFFSETS) >> np.uint64(32)
    return hashed.min(axis=0).astype("<u4").tobytes()


def unpack(packed: bytes) -> np.ndarray:
    return np.frombuffer(bytes(packed), dtype="<u4")


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two signatures (0 if either is empty)."""
    if not first or not second:
        return 0.0
    return float(np.mean(unpack(first) == unpack(second)))


def band_keys(packed: bytes) -> list[int]:
    """One signed 64-bit key per band (equal keys: equal band, same position)."""
    if not packed:
        return []
    values = unpack(packed)
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(
            band.to_bytes(1, "little") + chunk.tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
