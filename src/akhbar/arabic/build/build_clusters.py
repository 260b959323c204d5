"""Build distributional word clusters from the ANT news corpus (offline).

Run as ``python -m akhbar.arabic.build.build_clusters [SHARED_DATA_DIR]``; it writes
``data/clusters.tsv``: normalised word, coarse cluster, fine cluster. The
entity CRF (see ner_model.py) uses the clusters as features, so that a word
it never saw in NewsFANE still shares weights with words used the same way in
news text: names of cities with other cities, verbs of saying with others,
foreign first names with others. That is what lets the model generalise
beyond the names of its training set.

Method: each word of count >= ``MIN_COUNT`` is described by the words seen
one and two positions to its left and right (the ``CONTEXTS`` most frequent
words, each position a separate dimension), weighted by positive pointwise
mutual information, reduced to ``DIMENSIONS`` by a truncated SVD and grouped
by k-means twice (``COARSE`` and ``FINE`` clusters). Only cluster ids are
shipped, no text. Needs numpy and scipy, which only this script imports; the
output is deterministic (fixed seeds), so a rebuild shows up as a reviewable
diff.
"""

import collections
import json
import sys
from pathlib import Path

from ..normalize import normalize
from ..resources import DATA_DIR
from ..tokenize import iter_tokens

MIN_COUNT = 5
# Rarer words have too few contexts for a meaningful cluster; they are
# clustered (their contexts help the others) but not written out.
WRITE_MIN_COUNT = 10
CONTEXTS = 1500
DIMENSIONS = 80
COARSE = 64
FINE = 400
WINDOW = (-2, -1, 1, 2)

__all__ = ["build_clusters", "main"]


def _sentences(jsonl_path):
    """Yield lists of normalised tokens per article line (punctuation kept)."""
    with open(jsonl_path, encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            text = f"{article.get('title') or ''}\n{article.get('body') or ''}"
            for paragraph in text.split("\n"):
                words = []
                for token in iter_tokens(paragraph):
                    if token.kind == "arabic":
                        words.append(normalize(token.text))
                    elif token.kind == "latin":
                        words.append("<lat>")
                    elif token.kind == "number":
                        words.append("<num>")
                    else:
                        words.append("<p>")
                if words:
                    yield words


def build_clusters(jsonl_path):
    """Return {word: (coarse id, fine id)} for frequent words of the corpus."""
    import numpy as np
    from scipy import sparse
    from scipy.cluster.vq import kmeans2
    from scipy.sparse.linalg import svds

    sentences = list(_sentences(jsonl_path))
    counts = collections.Counter(w for s in sentences for w in s)
    vocab = sorted(
        (w for w, c in counts.items() if c >= MIN_COUNT and not w.startswith("<")),
        key=lambda w: (-counts[w], w),
    )
    index = {w: i for i, w in enumerate(vocab)}
    contexts = sorted(counts, key=lambda w: (-counts[w], w))[:CONTEXTS]
    context_index = {w: i for i, w in enumerate(contexts)}
    rows, cols = [], []
    for words in sentences:
        padded = ["<s>", "<s>", *words, "<s>", "<s>"]
        for k in range(2, len(padded) - 2):
            row = index.get(padded[k])
            if row is None:
                continue
            for slot, offset in enumerate(WINDOW):
                col = context_index.get(padded[k + offset])
                if col is not None:
                    rows.append(row)
                    cols.append(slot * CONTEXTS + col)
    shape = (len(vocab), len(WINDOW) * CONTEXTS)
    matrix = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape
    ).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sums *= total / col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=shape)
    u, s, _vt = svds(ppmi, k=DIMENSIONS, random_state=0)
    order = np.argsort(-s)
    vectors = u[:, order] * np.sqrt(s[order])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1, norms)
    # Fix the sign of each dimension so the output does not depend on the
    # SVD solver's arbitrary choice.
    vectors *= np.sign(vectors.sum(axis=0) + 1e-12)
    _, coarse = kmeans2(vectors, COARSE, seed=1, minit="++", iter=30)
    _, fine = kmeans2(vectors, FINE, seed=2, minit="++", iter=30)
    return {
        w: (int(coarse[i]), int(fine[i]))
        for i, w in enumerate(vocab)
        if counts[w] >= WRITE_MIN_COUNT
    }


def main(argv=None):
    """Write data/clusters.tsv from SHARED_DATA_DIR/ant-news/ant_v1.1.jsonl."""
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0] if argv else "/work/shared/data")
    clusters = build_clusters(shared / "ant-news" / "ant_v1.1.jsonl")
    with open(DATA_DIR / "clusters.tsv", "w", encoding="utf-8") as out:
        out.write(
            "# Word clusters computed from the ANT Corpus v1.1 (Apache 2.0) by\n"
            "# akhbar.arabic.build.build_clusters: word, coarse id, fine id.\n"
        )
        for word in sorted(clusters):
            coarse, fine = clusters[word]
            out.write(f"{word}\t{coarse}\t{fine}\n")


if __name__ == "__main__":
    main()
