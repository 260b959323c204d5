"""Statistical sequence model (a linear-chain CRF) for entity mentions.

The rules in :mod:`akhbar.arabic.entities` find listed names and names after
titles or heads; the CRF finds the rest from context ("... وصل [X] إلى ..."),
word shape and affixes. It sees what the rules saw: each token carries the
gazetteer match and the rule decision covering it as features, so the model
learns where the lists and rules are right for the annotation at hand.

The model is a python-crfsuite file shipped in ``data/`` (trained by
:mod:`akhbar.arabic.build.train_ner` on NewsFANE); nothing is downloaded at run
time. Besides word forms, affixes and frequency, a word's features
include its distributional cluster in news text (data/clusters.tsv, see
:mod:`akhbar.arabic.build.build_clusters`) and whether Wikidata knows it as a
person name (data/name_words.tsv), which carry the model to names NewsFANE lacks,
and shape features that tell unlisted names from common words: the
frequency of a word without its clitic ("وبوتين") or article ("السقاف"),
and how many long vowels it writes (names spelt from other languages write
them). Tags are BIO over PER, LOC and ORG, one per token of
:class:`akhbar.arabic.entities.document.Doc` (Arabic and Latin words: numbers and
punctuation only show up as the gap between two words).
"""

import itertools
import math
import tempfile
import threading
from functools import cache

from . import caches, resources
from .lexicon import (
    LOC_NAME_HEADS,
    NAME_LINKS,
    NAME_WORD_MIN_COUNT,
    ORG_HEADS,
    ORG_NAME_HEADS,
    SPEECH_VERBS,
    clitic_forms,
    is_nisba,
    looks_nisba,
    name_word_counts,
)
from .stem import stem
from .wordtable import WordTable

__all__ = [
    "MODEL_PATH",
    "Model",
    "bio_spans",
    "cluster_rows",
    "clusters",
    "default_model",
    "sentence_features",
    "sentence_ranges",
    "word_features",
]

MODEL_PATH = resources.DATA_DIR / "ner.crfsuite"
# Gaps between two words that end a sentence: the CRF tags sentences, as it
# was trained on them.
_SENTENCE_ENDS = frozenset(".!?؟\n")
_QUOTES = frozenset("\"'«»“”()[]{}")


class Model:
    """A trained CRF tagger (``pycrfsuite.Tagger``) opened from a file."""

    def __init__(self, path):
        import pycrfsuite

        self.path = str(path)
        # A tagger keeps the last sequence for marginal(): one thread at a
        # time, from tag() to the last marginal().
        self.lock = threading.Lock()
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(self.path)
        # Features the model has no weight for are dropped before tagging:
        # most of a rare word's features are unknown, and passing them to
        # crfsuite costs more than the rest of tagging.
        self.attributes = _weighted_attributes(self.tagger)

    def spans(self, doc, gazetteer, gazetteer_found, found):
        """Return (start, end, type, confidence) token spans tagged in ``doc``.

        The confidence is the lowest probability, over the span's tokens, that
        the token belongs to a mention of that type (B or I label).

        ``gazetteer_found`` holds the list matches and ``found`` the matches
        after the rules (token index -> entities' internal entry).
        """
        spans = []
        for start, features in sentence_features(
            doc, gazetteer, gazetteer_found, found, self.attributes
        ):
            with self.lock:
                spans.extend(self._tag_sentence(doc, start, features))
        return spans

    def _tag_sentence(self, doc, start, features):
        tagger = self.tagger
        labels = tagger.tag(features)
        merged = []
        for i, j, kind in bio_spans(labels, start):
            if (
                kind == "PER"
                and merged
                and merged[-1][1] == i
                and merged[-1][2] == kind
                and doc.joined[i - 1]
                and not doc.norms[i].startswith(("و", "ف"))
            ):
                # "B-PER B-PER" with only a space between is one name whose
                # second word the model took for a new one, unless the second
                # starts with "and" ("بوتين وترامب").
                i = merged.pop()[0]
            merged.append((i, j, kind))
        return [
            (i, j, kind, _confidence(tagger, start, i, j, kind))
            for i, j, kind in merged
        ]


def _weighted_attributes(tagger) -> frozenset:
    """The attributes that have a weight in ``tagger``'s state features.

    Read line by line from the model's text dump: the tagger's ``info()``
    parses the whole dump into Python objects at once, and the 10 MiB that
    takes stay in the process (8 MiB more than this, measured on the shipped
    model), in every worker that tags a search query.
    """
    attributes = set()
    with tempfile.NamedTemporaryFile("r", encoding="utf-8", suffix=".txt") as dump:
        tagger.dump(dump.name)
        for line in itertools.dropwhile(
            lambda line: not line.startswith("STATE_FEATURES"), dump
        ):
            if line.startswith("}"):
                break
            if " --> " in line:
                # "  (0) w=بوتين --> B-PER: 1.234567"
                attributes.add(line.split(") ", 1)[1].rsplit(" --> ", 1)[0])
    return frozenset(attributes)


def _confidence(tagger, start, i, j, kind):
    begin, inside = "B-" + kind, "I-" + kind
    return min(
        tagger.marginal(begin, k - start) + tagger.marginal(inside, k - start)
        for k in range(i, j)
    )


@cache
def default_model():
    """Return the shipped model, or None if its file is missing."""
    if not MODEL_PATH.exists():
        return None
    return Model(MODEL_PATH)


def sentence_ranges(doc):
    """Yield (start, end) token ranges of the sentences (and lines) of ``doc``."""
    start = 0
    n = len(doc.tokens)
    text = doc.text
    tokens = doc.tokens
    for i in range(n - 1):
        a, b = tokens[i].end, tokens[i + 1].start
        if doc.joined[i]:
            if text.find("\n", a, b) < 0:
                continue
        elif _SENTENCE_ENDS.isdisjoint(text[a:b]):
            continue
        yield start, i + 1
        start = i + 1
    if start < n:
        yield start, n


def bio_spans(labels, offset=0):
    """Return (start, end, type) spans of BIO ``labels``, ``offset`` added.

    An I label without a B before it starts a span, as crfsuite may tag it.
    """
    spans = []
    start = kind = None
    for index, label in enumerate([*labels, "O"]):
        prefix, _, label_kind = label.partition("-")
        if start is not None and (prefix != "I" or label_kind != kind):
            spans.append((offset + start, offset + index, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = index, label_kind
    return spans


def _bucket(count):
    # Log-scale buckets of corpus frequency: rare words are likelier names.
    return str(min(int(math.log2(count + 1)), 12))


def word_features(word, is_latin, gazetteer):
    """Return (own, previous, next, second previous, second next) features."""
    lexicon = resources.lexicon()
    stop = resources.stopwords()
    names = name_word_counts()
    forms = [form for form, _ in clitic_forms(word)]
    core = word if is_latin else stem(word)
    flags = []
    if is_latin:
        flags.append("lat")
    if word in stop:
        flags.append("sw")
    if not gazetteer.first_names.isdisjoint(forms):
        flags.append("fn")
    if not gazetteer.person_words.isdisjoint(forms):
        flags.append("pw")
    if not gazetteer.title_words.isdisjoint(forms):
        flags.append("ti")
    if not SPEECH_VERBS.isdisjoint(forms):
        flags.append("sv")
    if not ORG_HEADS.isdisjoint(forms):
        flags.append("oh")
    if not LOC_NAME_HEADS.isdisjoint(forms):
        flags.append("lh")
    if not ORG_NAME_HEADS.isdisjoint(forms):
        flags.append("nh")
    if word in NAME_LINKS:
        flags.append("ln")
    if is_nisba(word) or looks_nisba(word):
        flags.append("ni")
    if any(f.startswith("ال") for f in forms):
        flags.append("al")
    attested = max([names.get(f, 0) for f in forms])
    if attested >= NAME_WORD_MIN_COUNT:
        # A person name word in Wikidata, by how often it is attested.
        flags.append("nw" + str(min(int(math.log2(attested)) // 2, 5)))
    elif attested:
        flags.append("nwr")
    if not is_latin and len(core) > 3:
        # Names spelt from other languages write their vowels (ريكونن,
        # هيتزفيلد); Arabic words mostly do not.
        vowels = sum(c in "اوي" for c in core[1:])
        flags.append("v" + str(min(4 * vowels // (len(core) - 1), 3)))
    for kind, mark in (("LOC", "gl"), ("ORG", "go")):
        # A word of a listed place or organisation ("الأمن" in "مجلس الأمن"),
        # even where the whole name is not matched.
        if not gazetteer.type_words[kind].isdisjoint(forms):
            flags.append(mark)
    freq = "f" + _bucket(lexicon.get(word, 0))
    if len(forms) > 1:
        # The clitic-free form's frequency: "وبوتين" is rare, "بوتين" is not.
        flags.append("g" + _bucket(max(lexicon.get(f, 0) for f in forms[1:])))
    bare = next((f[2:] for f in forms if f.startswith("ال") and len(f) > 4), None)
    if bare is not None:
        # A family name is an article on a rare word (السقاف: سقاف), a common
        # noun one on a common word (الرئيس: رئيس).
        flags.append("u" + _bucket(lexicon.get(bare, 0)))
        if bare in names:
            flags.append("un")
    # Distributional clusters from news text (see build/build_clusters.py): the
    # word itself, else its clitic-free form ("وبوتين" -> "بوتين").
    table = clusters()
    cluster = next((c for f in forms if (c := table.get(f))), None)
    coarse, fine = cluster or ("-", "-")
    own = [
        "w=" + word,
        "s=" + core,
        "p3=" + word[:3],
        "x2=" + word[-2:],
        "x3=" + word[-3:],
        "c=" + coarse,
        "k=" + fine,
        freq,
        "l" + str(min(len(word), 7)),
        *flags,
    ]
    if not word.startswith("ال"):
        own.append("d" + _bucket(lexicon.get("ال" + word, 0)))
    previous = [
        "w-1=" + word,
        "s-1=" + core,
        "k-1=" + fine,
        "c-1=" + coarse,
        "-" + freq,
        *["-" + f for f in flags],
    ]
    following = [
        "w+1=" + word,
        "s+1=" + core,
        "k+1=" + fine,
        "c+1=" + coarse,
        "+" + freq,
        *["+" + f for f in flags],
    ]
    # Two words away only triggers count: "العداء المغربي [X]".
    triggers = [f for f in flags if f in _FAR_FLAGS]
    return (
        tuple(own),
        tuple(previous),
        tuple(following),
        ("s-2=" + core, "c-2=" + coarse, *("--" + f for f in triggers)),
        ("s+2=" + core, "c+2=" + coarse),
    )


_FAR_FLAGS = frozenset(("ti", "sv", "oh", "lh", "nh", "fn"))


@cache
def clusters():
    """Return normalised word -> (coarse, fine) cluster ids from data/clusters.tsv.

    A table of words (13,173), equal pairs of ids one tuple (2,860 pairs): 0.3
    MiB against a dict's 1.6 (bench/word_tables.py)."""
    return WordTable(cluster_rows())


def cluster_rows():
    """Yield (normalised word, (coarse, fine)) of data/clusters.tsv, equal
    pairs of ids as one tuple."""
    pairs = {}
    for word, coarse, fine in resources.read_fields(
        resources.DATA_DIR / "clusters.tsv"
    ):
        yield word, pairs.setdefault((coarse, fine), (coarse, fine))


def _gap_feature(text):
    gap = text.strip()
    if not gap:
        return "sp"
    if "\n" in text:
        return "nl"
    if not _SENTENCE_ENDS.isdisjoint(gap):
        return "end"
    if "،" in gap or "," in gap:
        return "com"
    if not _QUOTES.isdisjoint(gap):
        return "q"
    if any(c.isdigit() for c in gap):
        return "num"
    return "pun"


def _span_tags(doc, found, prefix):
    tags = [prefix + "O"] * len(doc.tokens)
    for i, (end, _skipped, kind, _canonical, ambiguous) in found.items():
        mark = "a" if ambiguous else ""
        tags[i] = prefix + "B" + kind + mark
        for k in range(i + 1, end):
            tags[k] = prefix + "I" + kind + mark
    return tags


def sentence_features(doc, gazetteer, gazetteer_found, found, attributes=None):
    """Yield (index of first token, feature lists) for each sentence of ``doc``.

    ``gazetteer_found`` and ``found`` map a token index to the entry of a
    list match and of a rule decision (see :mod:`akhbar.arabic.entities`).
    Word features outside ``attributes`` (when given) are left out. Features
    are UTF-8 bytes, which crfsuite takes without converting them again.
    """
    cache = gazetteer.feature_cache.setdefault(attributes, {})
    if len(cache) > caches.WORDS:  # Dropped whole: a process stays small.
        cache.clear()
    words = []
    for token, word in zip(doc.tokens, doc.norms, strict=True):
        entry = cache.get(word)
        if entry is None:
            entry = cache[word] = _encoded(
                word_features(word, token.kind == "latin", gazetteer), attributes
            )
        words.append(entry)
    text = doc.text
    gaps = ["nl"] + [
        "sp" if doc.joined[i] else _gap_feature(text[a.end : b.start])
        for i, (a, b) in enumerate(zip(doc.tokens, doc.tokens[1:], strict=False))
    ]
    gaps.append("nl")
    context = [
        _context(gaz, rule)
        for gaz, rule in zip(
            _span_tags(doc, gazetteer_found, "g"),
            _span_tags(doc, found, "r"),
            strict=True,
        )
    ]
    for start, end in sentence_ranges(doc):
        features = []
        for i in range(start, end):
            item = [
                *words[i][0],
                *context[i][0],
                _GAPS[0][gaps[i]],
                _GAPS[1][gaps[i + 1]],
            ]
            if i > start:
                item += words[i - 1][1]
                item += context[i - 1][1]
                if i > start + 1:
                    item += words[i - 2][3]
            else:
                item.append(b"BOS")
            if i + 1 < end:
                item += words[i + 1][2]
                item += context[i + 1][2]
                if i + 2 < end:
                    item += words[i + 2][4]
            else:
                item.append(b"EOS")
            features.append(item)
        yield start, features


def _encoded(parts, attributes):
    if attributes is None:
        return tuple([tuple([f.encode() for f in part]) for part in parts])
    return tuple(
        [tuple([f.encode() for f in part if f in attributes]) for part in parts]
    )


_GAP_NAMES = ("sp", "nl", "end", "com", "q", "num", "pun")
_GAPS = (
    {g: ("<" + g).encode() for g in _GAP_NAMES},
    {g: (">" + g).encode() for g in _GAP_NAMES},
)


@cache
def _context(gaz, rule):
    """Return the list and rule features of a token as itself and neighbours."""
    return (
        (gaz.encode(), rule.encode()),
        (("-" + rule).encode(),),
        (("+" + rule).encode(),),
    )
