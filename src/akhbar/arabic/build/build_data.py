"""Rebuild the derived word lists in ``data/`` from the shared source corpora.

Run as ``python -m akhbar.arabic.build.build_data SHARED_DATA_DIR``, where the
directory holds ``ant-news/ant_v1.1.jsonl`` and ``arabic-entities/``. The
outputs are deterministic so that a rebuild shows up as a reviewable diff.
``python -m akhbar.arabic.build.build_data --clean-entities`` only applies the
lists' rules (``akhbar.arabic.entities.listed``) to the shipped
``newsfane_entities.tsv``, without the corpora.
"""

import collections
import json
import sys
from pathlib import Path

from ..entities.listed import clean_listed_name, is_date_name
from ..normalize import normalize
from ..resources import DATA_DIR, stopwords
from ..tokenize import iter_tokens

# Words seen fewer times than this are left out: the stemmer treats an unknown
# remainder like a rare one, and the file stays small.
LEXICON_MIN_COUNT = 3
# Person names attested at least this often in the Wikidata pairs; rarer ones
# include one-off transliteration noise.
NAME_MIN_COUNT = 30


def build_lexicon(jsonl_path):
    """Return a Counter of normalised Arabic words in the ANT news corpus."""
    counts = collections.Counter()
    with open(jsonl_path, encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            text = f"{article.get('title') or ''}\n{article.get('body') or ''}"
            for token in iter_tokens(text):
                if token.kind == "arabic":
                    counts[normalize(token.text)] += 1
    return counts


def _name_pairs(tsv_path):
    """Yield (Arabic name, attestations) per line of the Wikidata pairs file."""
    with open(tsv_path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            arabic, _, rest = line.rstrip("\n").partition("\t")
            yield arabic, int(rest.rpartition("\t")[2] or 0)


def build_person_names(tsv_path):
    """Return sorted single-word Arabic person names from the Wikidata pairs."""
    totals = collections.Counter()
    for arabic, count in _name_pairs(tsv_path):
        if " " not in arabic and "." not in arabic:
            totals[arabic] += count
    return sorted(name for name, n in totals.items() if n >= NAME_MIN_COUNT)


# Single name words attested at least this often in the Wikidata pairs go
# into name_words.tsv, a feature of the entity model only (the stemmer keeps
# using the stricter person_names.txt). All are kept: the model tells words
# attested once or twice apart (see lexicon.NAME_WORD_MIN_COUNT), and they
# cover a third of the unlisted names it missed on NewsFANE.
NAME_WORD_MIN_COUNT = 1


def build_name_words(tsv_path):
    """Return sorted (word, count) of normalised name words in the Wikidata pairs."""
    totals = collections.Counter()
    for arabic, count in _name_pairs(tsv_path):
        word = normalize(arabic)
        if " " not in word and "." not in word and len(word) >= 3:
            totals[word] += count
    stop = stopwords()
    return sorted(
        (w, n) for w, n in totals.items() if n >= NAME_WORD_MIN_COUNT and w not in stop
    )


# NewsFANE fine types -> coarse types. GPE, LOC and FAC (countries, cities,
# regions, seas, buildings, airports) all become LOC, because a reader and a
# tag page treat them alike. PER-Group (العرب, المسلمين: peoples, not persons),
# PRODUCT, VEH and WEA have no counterpart and are left out.
COARSE_TYPES = {
    **dict.fromkeys(
        "Politician Athlete Artist Other_PER Religious_PER Scientist Businessperson "
        "Police Lawyer Engineer".split(),
        "PER",
    ),
    **dict.fromkeys(
        "Nation Population-Center State-or-Province GPE-Cluster Continent "
        "County-or-District Water-Body Land Land-Region-Natural Celestial "
        "Building-Grounds Airport Path Subarea-Facility".split(),
        "LOC",
    ),
    **dict.fromkeys(
        "Government Non-Governmental Media Sports Commercial Educational "
        "Entertainment Medical-Science Religious_ORG".split(),
        "ORG",
    ),
}
# A surface is listed only if at least this share of its occurrences in the
# corpus is tagged as an entity: keeps "الامل" or "فتح" out when they are
# mostly common words.
ENTITY_MIN_RATIO = 0.5


def read_newsfane(path):
    """Return the sentences of a NewsFANE file as lists of (token, tag)."""
    sentences, current = [], []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            token, _, tag = line.rstrip("\r\n").partition("\t")
            token = token.replace("\u200e", "").strip()
            if not token:
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def newsfane_spans(sentence):
    """Return (start, end, coarse type or None) token spans of one sentence."""
    spans = []
    start = kind = None
    for index, (_token, tag) in enumerate([*sentence, ("", "O")]):
        prefix, _, fine = tag.partition("-")
        if start is not None and prefix != "I":
            spans.append((start, index, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = index, COARSE_TYPES.get(fine)
    return spans


def build_newsfane_entities(sentences, min_ratio=ENTITY_MIN_RATIO):
    """Return sorted (type, surface, count) for entities in ``sentences``.

    Surfaces are kept when their tagged share is at least ``min_ratio``
    (counting every untagged occurrence of the same word sequence).
    """
    tagged = collections.Counter()
    types = collections.defaultdict(collections.Counter)
    for sentence in sentences:
        for start, end, kind in newsfane_spans(sentence):
            if kind:
                surface = " ".join(t for t, _ in sentence[start:end])
                key = normalize(surface)
                tagged[key] += 1
                types[key][(kind, surface)] += 1
    seen = collections.Counter()
    lengths = {len(k.split()) for k in tagged}
    for sentence in sentences:
        words = [normalize(t) for t, _ in sentence]
        for length in lengths:
            for i in range(len(words) - length + 1):
                key = " ".join(words[i : i + length])
                if key in tagged:
                    seen[key] += 1
    rows = []
    for key, count in tagged.items():
        if count < min_ratio * seen[key] or key in stopwords():
            continue
        (kind, surface), _ = types[key].most_common(1)[0]
        rows.append((kind, surface, count))
    return clean_entity_rows(rows)


def clean_entity_rows(rows):
    """Sorted (type, name, count) rows as the lists' rules keep them: names
    without stray punctuation (``clean_listed_name``), dates and names with
    nothing left out, the counts of a type's surfaces that clean to one name
    added together."""
    counts = collections.Counter()
    for kind, surface, count in rows:
        name = clean_listed_name(surface)
        if name and not is_date_name(name) and normalize(name) not in stopwords():
            counts[kind, name] += count
    rows = [(kind, name, count) for (kind, name), count in counts.items()]
    return sorted(rows, key=lambda r: (r[0], -r[2], r[1]))


def read_entities(path):
    """The (type, surface, count) rows of a file ``write_entities`` wrote."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            rows.append((fields[0], fields[1], int(fields[4])))
    return rows


def write_entities(rows, path):
    """Write (type, surface, count) rows in the gazetteer TSV format."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            "# Derived from NewsFANE Gold 2014 (CC BY-SA 3.0), see SOURCE.md.\n"
            "# type\tcanonical\taliases\tambiguous\tcount\n"
        )
        for kind, surface, count in rows:
            out.write(f"{kind}\t{surface}\t\t\t{count}\n")


def write_name_words(rows, path=None):
    """Write (word, count) rows to data/name_words.tsv (or ``path``)."""
    with open(path or DATA_DIR / "name_words.tsv", "w", encoding="utf-8") as out:
        out.write(
            "# Person name words from Wikidata via NETransliteration (CC0 1.0):\n"
            "# normalised word, attestations.\n"
        )
        out.writelines(f"{word}\t{count}\n" for word, count in rows)


def main(argv=None):
    """Write lexicon.tsv, person_names.txt, name_words.tsv, newsfane_entities.tsv."""
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--clean-entities"]:
        path = DATA_DIR / "newsfane_entities.tsv"
        write_entities(clean_entity_rows(read_entities(path)), path)
        return
    shared = Path(argv[0] if argv else "/work/shared/data")
    counts = build_lexicon(shared / "ant-news" / "ant_v1.1.jsonl")
    with open(DATA_DIR / "lexicon.tsv", "w", encoding="utf-8") as out:
        for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= LEXICON_MIN_COUNT:
                out.write(f"{word}\t{count}\n")
    names = build_person_names(
        shared / "arabic-entities" / "person_name_transliteration_variants.tsv"
    )
    with open(DATA_DIR / "person_names.txt", "w", encoding="utf-8") as out:
        out.write("# Derived from Wikidata via NETransliteration (CC0 1.0).\n")
        out.writelines(f"{name}\n" for name in names)
    write_name_words(
        build_name_words(
            shared / "arabic-entities" / "person_name_transliteration_variants.tsv"
        )
    )
    sentences = read_newsfane(
        shared / "arabic-entities" / "raw" / "NewsFANE_Gold_2014_170K.txt"
    )
    write_entities(
        build_newsfane_entities(sentences), DATA_DIR / "newsfane_entities.tsv"
    )


if __name__ == "__main__":
    main()
