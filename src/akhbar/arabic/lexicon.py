"""Words that cue a name, shared by the entity rules and the entity model.

The rules of :mod:`akhbar.arabic.entities` act on these words (a head names
what follows, a verb of saying introduces a speaker), and the sequence model
of :mod:`akhbar.arabic.ner_model` reads the same words as features, so both
agree on what a head, a clitic or an adjective of nationality is. Word
counts of news text are :func:`akhbar.arabic.resources.lexicon`; this module
holds the closed word classes and the tests on a word's shape.
"""

from functools import cache, lru_cache

from . import caches, resources
from .normalize import normalize
from .wordtable import WordTable

__all__ = [
    "ALL_HEADS",
    "CLITIC_ARTICLES",
    "CONFIRM_ONLY_HEADS",
    "DEFINITE_ORG_HEADS",
    "FACILITY_HEADS",
    "HONORIFICS",
    "LOC_NAME_HEADS",
    "NAME_LINKS",
    "NAME_WORD_MIN_COUNT",
    "NATIONAL_ORG_HEADS",
    "ORG_HEADS",
    "ORG_NAME_HEADS",
    "SPEECH_VERBS",
    "TITLE_FILLERS",
    "WEAK_FIRST_NAMES",
    "clitic_forms",
    "is_content_word",
    "is_nisba",
    "kunya_clitic",
    "looks_nisba",
    "name_word_counts",
    "name_words",
]

# Clitic prefixes tried on the first word of a match, longest first. "لل" is
# ل + ال with the alef dropped, so the article is put back before matching.
_CLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
            "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")  # fmt: skip
_ARTICLE_CLITICS = frozenset(("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال"))
_LAM_CLITICS = frozenset(("ولل", "فلل", "لل"))

TITLE_FILLERS = frozenset(
    normalize(w)
    for w in (
        "باسم الخارجية الداخلية الدفاع الوزراء المالية الاقتصاد العدل الصحة "
        "التربية الإعلام الطاقة النفط السابق الأسبق الحالي الجديد المؤقت "
        "الانتقالي المنتخب العام التنفيذي الأول الثاني الخاص الأممي الدولي "
        "الأعلى العسكري الأمريكي الأميركي المخضرم الشاب الشابة الشهير الشهيرة "
        "المعروف المعروفة الراحل الراحلة المعتزل الدولية السابقة"
    ).split()
)
"""Words that continue a title without being the name: "وزير الخارجية الروسي"."""

ORG_HEADS = frozenset(
    normalize(w)
    for w in (
        "وزارة حزب حركة جامعة منظمة مجلس هيئة جمعية بنك مصرف وكالة "
        "اتحاد جبهة محكمة صندوق مؤسسة مركز تنظيم جماعة كتائب سرايا "
        "ائتلاف تحالف تيار مفوضية أكاديمية لجنة نقابة رابطة معهد كلية "
        "مديرية مرصد"
    ).split()
)
"""Heads of organisation names, part of the name: "وزارة الخارجية", "حزب البعث"."""

DEFINITE_ORG_HEADS = frozenset(
    normalize(w)
    for w in (
        "الاتحاد المجلس الهيئة المنظمة الحزب الحركة الجبهة المركز المؤسسة "
        "الجمعية اللجنة الوكالة الصندوق البنك المصرف المرصد المعهد"
    ).split()
)
"""Definite heads that name a body when an adjective follows: "الاتحاد المصري",
"المجلس الوطني" (but "المجلس" alone is any council)."""

NATIONAL_ORG_HEADS = frozenset(
    normalize(w) for w in "الجيش الشرطة البرلمان الخارجية".split()
)
"""Definite heads that name a state body only before an adjective of
nationality: "الجيش اللبناني", "الشرطة البريطانية", "البرلمان العراقي" (but
not "الشرطة المحلية"). "الحكومة" is left out: on NewsFANE's train split it
cost precision."""

HONORIFICS = frozenset(
    normalize(w)
    for w in "الملك الملكة الأمير الأميرة الشيخ الشيخة السلطان جلالة سمو".split()
)
"""Royal and honorific titles, left out of a listed person's mention."""

LOC_NAME_HEADS = frozenset(
    normalize(w)
    for w in (
        "مدينة محافظة ولاية إقليم منطقة بلدة قرية جزيرة مخيم حي ناحية قضاء "
        "مقاطعة عاصمة مدينتي بلدتي"
    ).split()
)
"""Heads that introduce a place's name without being part of it, as news
annotation usually has it: "مدينة [حلب]". They also confirm an ambiguous
listed name ("بلدة [الخيام]")."""

CONFIRM_ONLY_HEADS = frozenset((normalize("منطقة"), normalize("حي")))
"""Heads too generic to name an unknown word ("منطقة الجزاء", "منطقة اليورو")."""

ORG_NAME_HEADS = frozenset(
    normalize(w) for w in "نادي فريق صحيفة جريدة مجلة شركة قناة".split()
)
"""Heads that introduce a body's name without being part of it: "نادي
[الزمالك]"; they confirm an ambiguous listed name ("نادي [النصر]")."""

FACILITY_HEADS = {
    **dict.fromkeys(
        (
            normalize(w)
            for w in "مطار مسجد شارع ميدان قصر سجن جسر ملعب ميناء معبر".split()
        ),
        "LOC",
    ),
    **dict.fromkeys((normalize(w) for w in "مستشفى مدرسة".split()), "ORG"),
}
"""Heads that are part of a facility's name, with the name's type: "مطار
[هيثرو]" is not what is tagged, "[مطار هيثرو]" is; buildings, streets and
airports are places, hospitals and schools are bodies (as in ACE-style
annotation)."""

ALL_HEADS = (
    FACILITY_HEADS.keys()
    | LOC_NAME_HEADS
    | ORG_NAME_HEADS
    | ORG_HEADS
    | DEFINITE_ORG_HEADS
    | NATIONAL_ORG_HEADS
)
"""Every head word above: a word that heads a place, facility or body."""

CLITIC_ARTICLES = ("بال", "وال", "فال", "كال", "لل", "لال")
"""Article clusters with a clitic (بالوفد, للحكومة): they start common nouns,
not names."""

NAME_LINKS = frozenset(("بن", "ابن", "ابو", "عبد", "ال", "بنت"))
"""Words that link the parts of one name (normalised): "محمد بن راشد آل مكتوم"."""

WEAK_FIRST_NAMES = frozenset(
    normalize(w)
    for w in (
        "عمر فارس سعيد كريم أمين عادل صالح جمال كمال حسن نور أمل سلام منير "
        "رشيد هادي سامي وليد ماجد راشد حامد شريف نبيل أنور"
    ).split()
)
"""First names that are also common words (عمر "age", سعيد "happy"): they start
a name only before a known name word."""

SPEECH_VERBS = frozenset(
    normalize(w)
    for w in (
        "قال قالت يقول تقول أكد أكدت أضاف أضافت أوضح أوضحت أشار أشارت صرح "
        "صرحت ذكر ذكرت رأى اعتبر اعتبرت أعلن أعلنت لفت تابع أفاد أفادت "
        "كشف كشفت شدد شددت"
    ).split()
)
"""Verbs of saying that introduce a speaker: "وقال كيربي إن"."""

NAME_WORD_MIN_COUNT = 3
"""Wikidata attestations for a person name word to count as a name for the
rules; words attested less often only make a weaker feature of the model."""


# Cached because every rule asks for the same words' forms again and again;
# it was the hottest function of extraction before.
@lru_cache(maxsize=caches.WORDS)
def clitic_forms(word):
    """Return (form, letters of prefix removed) for a word and its clitic-free forms.

    The word itself comes first; a clitic cluster ending in the article
    ("وال", "لل") gives a form with the article put back ("للحكومة" →
    "الحكومة").
    """
    forms = [(word, 0)]
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            rest = word[len(clitic) :]
            if clitic in _ARTICLE_CLITICS:
                forms.append(("ال" + rest, len(clitic) - 2))
            elif clitic in _LAM_CLITICS:
                forms.append(("ال" + rest, len(clitic)))
            else:
                forms.append((rest, len(clitic)))
    return tuple(forms)


def is_content_word(word):
    """True for a normalised word that may start or make up a name.

    Clitics split off as words (و, ه) and function words never do, whatever
    list they slipped into.
    """
    return len(word) >= 3 and word not in resources.stopwords()


def is_nisba(word):
    """True for adjectives of nationality such as الروسي, السورية."""
    stems = resources.protected_stems()
    if word.startswith("ال"):
        word = word[2:]
    place = stems.get(word)
    return place is not None and place != word and word.endswith(("ي", "يه"))


def looks_nisba(word):
    """True for a definite adjective ending in ي/يه (الفنلندي), after a title."""
    return word.startswith("ال") and word.endswith(("ي", "يه")) and len(word) > 4


def kunya_clitic(word):
    """Return the letters of clitic before "أبو" in ``word`` ("وأبو": 1), or None."""
    if word == "ابو":
        return 0
    if word.endswith("ابو") and len(word) <= 5:
        return next((s for f, s in clitic_forms(word) if f == "ابو"), None)
    return None


@cache
def name_words():
    """Return person name words attested at least NAME_WORD_MIN_COUNT times.

    Maps normalised word -> attestations; the entity rules treat these as
    names.
    """
    return {
        word: count for word, count in name_word_rows() if count >= NAME_WORD_MIN_COUNT
    }


@cache
def name_word_counts():
    """Return normalised person name word -> attestations, from
    data/name_words.tsv (a ``WordTable``: 50,078 words)."""
    return WordTable(name_word_rows())


def name_word_rows():
    """Yield (normalised person name word, attestations) of data/name_words.tsv."""
    path = resources.DATA_DIR / "name_words.tsv"
    return ((word, int(count)) for word, count in resources.read_fields(path))
