"""The analysis a search index is built with cannot change unnoticed.

An index keeps the terms its documents were analysed into; after an upgrade
that analyses words differently, queries stop meeting some of them until
``akhbar reindex``. The index is stamped with ``ANALYSIS_VERSION`` and
``akhbar check`` compares the stamp (akhbar_search.W003), which only works if
every change of the analysis bumps the version: this fingerprint of the terms
of a fixed list of words fails on any such change.
"""

import hashlib

from akhbar.arabic.normalize import normalize
from akhbar.arabic.search_terms import ANALYSIS_VERSION, word_forms

# Stems and clitics, nisba forms (accusative, dual, plural), present-tense
# verbs with ت and ي, hamza and madda, ة/ه, digits, names, a stopword.
PROBES = (
    "الحكومة وبالمدرسة فسيكتبونها لسوريا السورية سوريين مصريا مصريان لبنانيين "
    "اللبنانيتين تقع يقع تحد يحدها تتقدم تعديل تقدم تونس يونس تامر أحمد إسرائيل "
    "آثار مسؤول رئيس مدرسه مدرسة معارك معركة تأسيس تأسست قبلة قبل 2026 ٢٠٢٦ "
    "كوفيد19 واشنطن من"
).split()

# Changed the analysis? Bump ANALYSIS_VERSION and record the new fingerprint.
FINGERPRINTS = {
    1: "fbfb83e194406f6e355d08b60b41737f339112f945acd6fa6dad4dfad679d747",
}


def fingerprint() -> str:
    lines = []
    for probe in PROBES:
        word = normalize(probe)
        lines.append(
            "%s\t%s" % (word, " ".join(tag + form for tag, form in word_forms(word)))
        )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_the_analysis_matches_the_fingerprint_of_its_version():
    assert fingerprint() == FINGERPRINTS[ANALYSIS_VERSION], (
        "the Arabic analysis changed: bump ANALYSIS_VERSION in "
        "akhbar.arabic.search_terms and record the new fingerprint here"
    )
