"""Named entities (people, places, organisations) in Arabic news text.

Entities come from a gazetteer whose aliases are data (TSV files: the list
derived from NewsFANE, then places.tsv, organisations.tsv, people.tsv and
entities.tsv, then any editor files), plus context rules for names the lists
do not know:

* a title or role ("الرئيس", "المتحدث باسم", "العداء", "الممثلة")
  followed by name-like words marks a person, skipping adjectives, places,
  organisations and common words completing the role in between ("الرئيس
  الروسي فلاديمير بوتين", "وزير الثقافة الإيراني عطاء الله مهاجراني");
* a nationality adjective before rare name-like words marks a person
  ("الإسباني رافاييل نادال");
* a known first name followed by name-like words marks a person;
* a verb of saying before an unknown word and إن marks a speaker ("وقال
  كيربي إن"); "أبو X" is a kunya, with its epithet ("أبو أيوب المصري");
  بن/آل chains stay one name;
* a head word names what follows: places after مدينة, بلدة, محافظة
  ("مدينة [الباب]"), organisations after نادي, صحيفة, شركة ("نادي [النصر]"),
  and organisations including their head after وزارة, حزب, جامعة ...
  ("وزارة الدفاع التركية", "جامعة دمشق", "هيئة كبار العلماء", "الاتحاد
  المصري للمصارعة");
* facility heads stay in the name: "[مطار القاهرة الدولي]", "[مستشفى سانت
  توماس]" (airports, streets, mosques are places; hospitals, schools bodies);
  "الجيش", "الشرطة", "البرلمان" before a nationality adjective name a state
  body ("الجيش اللبناني");
* a short form in brackets after a name is the same entity: an acronym
  ("منظمة العفو الدولية (أمنستي)") or a kunya ("محمود عباس (أبو مازن)");
* a name found once is tagged wherever its words recur in the text;
* once a full name is seen, its last word alone refers to the same person
  anywhere in the text ("بشار الأسد" ... "سقوط الأسد").

A statistical sequence model (a CRF, see ner_model.py) then reads the
tokens with the list and rule decisions as features: it confirms or drops
the rules' guesses and adds names no list or rule knows ("وصل [كافو] إلى").
Listed names always stay. ``Gazetteer.model = False`` turns the model off.
Royal titles stay out of a listed person's mention ("الملك [فهد]"), and a
model person mention does not end in a frequent common word.

A "name-like" word is Arabic, not a stopword and rare in news text (see
data/lexicon.tsv), or a known name. Adjectives of nationality (السورية, الروسي)
are deliberately not tagged as places: they describe, they do not name.
Ambiguous aliases (الأسد, الشرع, سلام) are tagged only when their full name or
a title appears in the same text.
"""

from dataclasses import dataclass
from functools import cache, lru_cache

from . import ner_model, resources
from .normalize import normalize, strip_marks
from .tokenize import word_tokens

__all__ = ["Entity", "Gazetteer", "extract_entities"]

TYPES = ("PER", "LOC", "ORG")
# Clitic prefixes tried on the first word of a match, longest first. "لل" is
# ل + ال with the alef dropped, so the article is put back before matching.
_CLITICS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل",
            "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")  # fmt: skip
_ARTICLE_CLITICS = frozenset(("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال"))
_LAM_CLITICS = frozenset(("ولل", "فلل", "لل"))
# Words that continue a title without being the name: "وزير الخارجية الروسي".
_TITLE_FILLERS = frozenset(
    normalize(w)
    for w in (
        "باسم الخارجية الداخلية الدفاع الوزراء المالية الاقتصاد العدل الصحة "
        "التربية الإعلام الطاقة النفط السابق الأسبق الحالي الجديد المؤقت "
        "الانتقالي المنتخب العام التنفيذي الأول الثاني الخاص الأممي الدولي "
        "الأعلى العسكري الأمريكي الأميركي المخضرم الشاب الشابة الشهير الشهيرة "
        "المعروف المعروفة الراحل الراحلة المعتزل الدولية السابقة"
    ).split()
)
# Heads of organisation names: "وزارة الخارجية", "حزب البعث".
_ORG_HEADS = frozenset(
    normalize(w)
    for w in (
        "وزارة حزب حركة جامعة منظمة مجلس هيئة جمعية بنك مصرف وكالة "
        "اتحاد جبهة محكمة صندوق مؤسسة مركز تنظيم جماعة كتائب سرايا "
        "ائتلاف تحالف تيار مفوضية أكاديمية لجنة نقابة رابطة معهد كلية "
        "مديرية مرصد"
    ).split()
)
# Definite heads that name a body when an adjective follows: "الاتحاد
# المصري", "المجلس الوطني" (but "المجلس" alone is any council).
_DEFINITE_ORG_HEADS = frozenset(
    normalize(w)
    for w in (
        "الاتحاد المجلس الهيئة المنظمة الحزب الحركة الجبهة المركز المؤسسة "
        "الجمعية اللجنة الوكالة الصندوق البنك المصرف المرصد المعهد"
    ).split()
)
# Definite heads that name a state body only before an adjective of
# nationality: "الجيش اللبناني", "الشرطة البريطانية", "البرلمان العراقي"
# (but not "الشرطة المحلية"). "الحكومة" is left out: on NewsFANE's train
# split it cost precision.
_NATIONAL_ORG_HEADS = frozenset(
    normalize(w) for w in "الجيش الشرطة البرلمان الخارجية".split()
)
_ORG_MAX_WORDS = 5
# Beyond its first word, an organisation's name takes definite words seen at
# least this often in news text (adjectives such as الوطني, العامة), as
# family names like العجمي are frequent in the news of their country.
_ORG_WORD_MIN_COUNT = 50
# Royal and honorific titles left out of a listed person's mention.
_HONORIFICS = frozenset(
    normalize(w)
    for w in "الملك الملكة الأمير الأميرة الشيخ الشيخة السلطان جلالة سمو".split()
)
# Heads that introduce a name without being part of it, as news annotation
# usually has it: "مدينة [حلب]", "نادي [الزمالك]". They also confirm an
# ambiguous listed name ("بلدة [الخيام]", "نادي [النصر]").
_LOC_NAME_HEADS = frozenset(
    normalize(w)
    for w in (
        "مدينة محافظة ولاية إقليم منطقة بلدة قرية جزيرة مخيم حي ناحية قضاء "
        "مقاطعة عاصمة مدينتي بلدتي"
    ).split()
)
# Heads too generic to name an unknown word ("منطقة الجزاء", "منطقة اليورو").
_CONFIRM_ONLY_HEADS = frozenset((normalize("منطقة"), normalize("حي")))
_ORG_NAME_HEADS = frozenset(
    normalize(w) for w in "نادي فريق صحيفة جريدة مجلة شركة قناة".split()
)
# Heads that are part of a facility's name: "مطار [هيثرو]" is not what is
# tagged, "[مطار هيثرو]" is; buildings, streets and airports are places,
# hospitals and schools are bodies (as in ACE-style annotation).
_FACILITY_HEADS = {
    **dict.fromkeys(
        (
            normalize(w)
            for w in "مطار مسجد شارع ميدان قصر سجن جسر ملعب ميناء معبر".split()
        ),
        "LOC",
    ),
    **dict.fromkeys((normalize(w) for w in "مستشفى مدرسة".split()), "ORG"),
}
_ALL_HEADS = (
    _FACILITY_HEADS.keys()
    | _LOC_NAME_HEADS
    | _ORG_NAME_HEADS
    | _ORG_HEADS
    | _DEFINITE_ORG_HEADS
    | _NATIONAL_ORG_HEADS
)
# Article clusters with a clitic (بالوفد, للحكومة) start common nouns, not names.
_CLITIC_ARTICLES = ("بال", "وال", "فال", "كال", "لل", "لال")
_NAME_LINKS = frozenset(("بن", "ابن", "ابو", "عبد", "ال", "بنت"))
# A word seen this often in news text is a common word, not a name.
_COMMON_COUNT = 25
# An indefinite word whose definite form is seen this often is a common noun.
_DEFINITE_COMMON = 3
_MAX_NAME_WORDS = 3
# Common words skipped between a title and the name ("وزير الثقافة الإيراني").
_TITLE_MAX_SKIP = 3
# A word after a nationality adjective starts a name only if rarer than this
# in news text ("الإسباني نادال", not "الإسباني أمس").
_NISBA_NAME_MAX_COUNT = 8
# First names that are also common words (عمر "age", سعيد "happy"): they
# start a name only before a known name word.
_WEAK_FIRST_NAMES = frozenset(
    normalize(w)
    for w in (
        "عمر فارس سعيد كريم أمين عادل صالح جمال كمال حسن نور أمل سلام منير "
        "رشيد هادي سامي وليد ماجد راشد حامد شريف نبيل أنور"
    ).split()
)
# Verbs of saying that introduce a speaker: "وقال كيربي إن".
_SPEECH_VERBS = frozenset(
    normalize(w)
    for w in (
        "قال قالت يقول تقول أكد أكدت أضاف أضافت أوضح أوضحت أشار أشارت صرح "
        "صرحت ذكر ذكرت رأى اعتبر اعتبرت أعلن أعلنت لفت تابع أفاد أفادت "
        "كشف كشفت شدد شددت"
    ).split()
)
# Lowest probability, on each word, that the model gives a mention's type,
# for the mention to be kept, to retype a listed place as an organisation,
# and to extend a listed name; tuned on the NewsFANE train split.
_MODEL_MIN = 0.6
_MODEL_RETYPE = 0.7
_MODEL_EXTEND = 0.9
# An ambiguous alias (الأسد) is tagged on the model's word alone only when it
# is near certain: on a lion ("زأر الأسد") the model still gives 0.8-0.9.
_MODEL_AMBIGUOUS = 0.95
# Pronoun suffixes that mark a possessed noun, longest first; ه is left out
# because ة is normalised to ه and ends many names (أسامة).
_POSSESSIVE_SUFFIXES = ("كما", "هما", "كم", "كن", "هم", "هن", "ها", "ك")
# Tanween marks an indefinite common word (عسكريًا, دعمًا): names do not take
# it, so a model mention with it is a mistake.
_TANWEEN = frozenset("\u064b\u064c\u064d")
# Curated lists, loaded in this order after the derived one (later files win).
CURATED_FILES = ("places.tsv", "organisations.tsv", "people.tsv", "entities.tsv")


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: offsets into the original text and its canonical name."""

    start: int
    end: int
    text: str
    type: str
    canonical: str

    def as_dict(self):
        """Return the mention as a plain dict (for JSON output)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "canonical": self.canonical,
        }


class Gazetteer:
    """Aliases of known entities, keyed by their normalised words.

    Built from TSV files with columns type, canonical, aliases ("|"-separated)
    and ambiguous aliases; later files override earlier ones, so editors can
    correct the shipped lists with their own files.
    """

    def __init__(self):
        self.entries = {}  # tuple of normalised words -> (canonical, type, ambiguous)
        self.first_words = {}  # first normalised word -> longest entry length
        self.titles = set()
        self.max_title = 1
        self.first_names = set()
        self.person_words = set()
        # Content words of listed places and organisations, for the model.
        self.type_words = {kind: set() for kind in TYPES}
        # Every word of every title, for the sequence model's features.
        self.title_words = set()
        # The sequence model: None for the shipped one, False for rules only,
        # or an ner_model.Model (the benchmark sets one trained on its split).
        self.model = None
        # Per-word features of the sequence model and per-word roles in the
        # rules (see _roles), dropped on any change.
        self.feature_cache = {}
        self.roles = {}

    @classmethod
    def load(cls, extra_paths=(), *, include_derived=True, derived_path=None):
        """Return a gazetteer from the shipped lists plus ``extra_paths``.

        ``include_derived`` adds the list derived from NewsFANE (or the one at
        ``derived_path``), loaded first so curated and extra files win.
        """
        gazetteer = cls()
        data = resources.DATA_DIR
        if include_derived:
            gazetteer.load_file(derived_path or data / "newsfane_entities.tsv")
        for name in CURATED_FILES:
            gazetteer.load_file(data / name)
        for path in extra_paths:
            gazetteer.load_file(path)
        for line in resources.read_lines(data / "titles.txt"):
            gazetteer.add_title(line.strip())
        for line in resources.read_lines(data / "first_names.txt"):
            gazetteer.add_first_name(line.strip())
        gazetteer.person_words.update(resources.protected_stems())
        return gazetteer

    @classmethod
    @cache
    def default(cls):
        """Return the shared gazetteer built from the shipped lists."""
        return cls.load()

    def load_file(self, path):
        """Add the entities of one TSV file (see the class docstring)."""
        for line in resources.read_lines(path):
            fields = line.split("\t")
            if len(fields) < 2 or fields[0] not in TYPES:
                continue
            kind, canonical = fields[0], fields[1].strip()
            ambiguous_aliases = fields[3].split("|") if len(fields) > 3 else ()
            # A canonical name listed among its own ambiguous aliases is a
            # common word too (الباب, العين): it is added as ambiguous below.
            if canonical not in ambiguous_aliases:
                self.add_alias(canonical, canonical, kind)
            for column, ambiguous in ((2, False), (3, True)):
                if len(fields) > column:
                    for alias in fields[column].split("|"):
                        if alias.strip():
                            self.add_alias(canonical, alias, kind, ambiguous=ambiguous)

    def add_alias(self, canonical, alias, type, *, ambiguous=False):
        """Map ``alias`` to ``canonical`` of ``type`` ("PER", "LOC", "ORG").

        An ambiguous alias is a common word too; it is tagged only when the
        canonical name or a title supports it in the same text.
        """
        if type not in TYPES:
            raise ValueError(f"type must be one of {TYPES}, not {type!r}")
        key = tuple(normalize(strip_marks(alias)).split())
        if not key:
            return
        self._changed()
        self.entries[key] = (canonical, type, ambiguous)
        if len(key) > self.first_words.get(key[0], 0):
            self.first_words[key[0]] = len(key)
        if not ambiguous:
            self.type_words[type].update(w for w in key if _is_content_word(w))
        if type == "PER":
            self.person_words.update(w for w in key if _is_content_word(w))
            if len(key) > 1 and _is_content_word(key[0]):
                self.first_names.add(key[0])

    def add_title(self, title):
        """Add a title that introduces a person's name."""
        key = tuple(normalize(title).split())
        if key:
            self._changed()
            self.titles.add(key)
            self.title_words.update(key)
            self.max_title = max(self.max_title, len(key))

    def add_first_name(self, name):
        """Add a first name (one or more words, e.g. "عبد الله")."""
        key = normalize(name).split()
        if key:
            self._changed()
            self.first_names.add(key[0])
            self.person_words.update(key)

    def _changed(self):
        self.feature_cache.clear()
        self.roles.clear()


def _is_content_word(word):
    # Clitics split off as words (و, ه) and function words never start or make
    # up a name, whatever list they slipped into.
    return len(word) >= 3 and word not in resources.stopwords()


# Words recur across texts; caching their normal form saves a tenth of
# extraction time. The cache is dropped when it grows past _NORMS_LIMIT.
_NORMS = {}
_NORMS_LIMIT = 200_000


def _normalize_word(word):
    if len(_NORMS) > _NORMS_LIMIT:
        _NORMS.clear()
    norm = _NORMS[word] = normalize(word)
    return norm


class _Doc:
    """Tokens of one text with normalised forms, adjacency and word roles."""

    __slots__ = ("text", "tokens", "norms", "joined", "roles")

    def __init__(self, text):
        self.text = text
        self.tokens = word_tokens(text)
        norms = _NORMS
        self.norms = [norms.get(t.text) or _normalize_word(t.text) for t in self.tokens]
        # joined[i]: token i+1 follows token i with only spaces between, so a
        # name may run across them (a comma or full stop ends it).
        self.joined = [
            text[a.end : b.start].isspace()
            for a, b in zip(self.tokens, self.tokens[1:], strict=False)
        ] + [False]
        # roles[i]: what token i may start or head (_LISTED, _TITLE, ...),
        # set by _rule_matches for its gazetteer.
        self.roles = None


# What a word may start or be, as bits: most words are none of these, and the
# rules skip them after one lookup instead of a dozen.
_LISTED = 1  # a clitic-free form starts a listed name
_TITLE = 2  # a form is a word of a title
_SPEECH = 4  # a verb of saying
_KUNYA = 8  # "أبو", maybe after a clitic
_NISBA = 16  # a definite adjective of nationality ending in ي/يه
_FIRST = 32  # a form is a first name
_HEAD = 64  # a form heads a place, facility or organisation
# Words whose roles are cached per gazetteer before the cache is dropped.
_ROLES_LIMIT = 200_000


def _roles(doc, gazetteer):
    """Return the role bits of each token of ``doc``, cached per word."""
    cache = gazetteer.roles
    if len(cache) > _ROLES_LIMIT:
        cache.clear()
    roles = []
    for word in doc.norms:
        bits = cache.get(word)
        if bits is None:
            bits = cache[word] = _word_roles(word, gazetteer)
        roles.append(bits)
    return roles


def _word_roles(word, gazetteer):
    bits = 0
    nisba_shaped = word.endswith(("ي", "يه"))
    for form, _ in _clitic_forms(word):
        if form in gazetteer.first_words:
            bits |= _LISTED
        if form in gazetteer.title_words:
            bits |= _TITLE
        if form in _SPEECH_VERBS:
            bits |= _SPEECH
        if form in gazetteer.first_names:
            bits |= _FIRST
        if form in _ALL_HEADS:
            bits |= _HEAD
        if nisba_shaped and form.startswith("ال") and _is_nisba(form):
            bits |= _NISBA
    if _kunya_clitic(word) is not None:
        bits |= _KUNYA
    return bits


# Cached because every rule asks for the same words' forms again and again;
# it was the hottest function of extraction before.
@lru_cache(maxsize=65536)
def _clitic_forms(word):
    """Return (form, letters of prefix removed) for a word and its clitic-free forms."""
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


def _skip_letters(token_text, letters):
    """Return the offset in ``token_text`` after ``letters`` non-mark characters."""
    if not letters:
        return 0
    seen = 0
    for index, char in enumerate(token_text):
        if char not in _IGNORABLE:
            seen += 1
            if seen == letters:
                return index + 1
    return len(token_text)


_IGNORABLE = frozenset(
    chr(c) for c in range(0x0600, 0x0700) if normalize(chr(c)) == ""
) | frozenset("\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def _match_at(doc, i, gazetteer):
    """Return (length, skipped letters, (canonical, type, ambiguous)) or None."""
    best = None
    reach = 1
    for form, skipped in _clitic_forms(doc.norms[i]):
        longest = gazetteer.first_words.get(form)
        if not longest:
            continue
        reach = _reach(doc, i, reach, longest)
        for length in range(min(longest, reach), 0, -1):
            key = (form, *doc.norms[i + 1 : i + length])
            hit = gazetteer.entries.get(key)
            if hit:
                if best is None or length > best[0]:
                    best = (length, skipped, hit)
                break
    return best


def _match_title(doc, i, gazetteer):
    """Return the number of words of a title starting at ``i``, or 0."""
    reach = 1
    for form, _ in _clitic_forms(doc.norms[i]):
        if form not in gazetteer.title_words:
            continue
        reach = _reach(doc, i, reach, gazetteer.max_title)
        for length in range(min(gazetteer.max_title, reach), 0, -1):
            if (form, *doc.norms[i + 1 : i + length]) in gazetteer.titles:
                return length
    return 0


def _reach(doc, i, reach, limit):
    """Return how many words from ``i`` run on with only spaces, up to ``limit``.

    ``reach`` is a count already known; the text's last word is never joined
    to a next one, so the count stays inside it.
    """
    joined = doc.joined
    while reach < limit and joined[i + reach - 1]:
        reach += 1
    return reach


def _is_name_like(word, gazetteer):
    if not _is_content_word(word):
        return False
    if word in gazetteer.person_words:
        return True
    if not ("\u0621" <= word[0] <= "\u064a") or word.startswith(_CLITIC_ARTICLES):
        return False
    return resources.lexicon().get(word, 0) < _COMMON_COUNT


def _is_nisba(word):
    """True for adjectives of nationality such as الروسي, السورية."""
    stems = resources.protected_stems()
    if word.startswith("ال"):
        word = word[2:]
    place = stems.get(word)
    return place is not None and place != word and word.endswith(("ي", "يه"))


def _looks_nisba(word):
    """True for a definite adjective ending in ي/يه (الفنلندي), after a title."""
    return word.startswith("ال") and word.endswith(("ي", "يه")) and len(word) > 4


def _name_span(doc, i, gazetteer, limit=_MAX_NAME_WORDS):
    """Return the end index of name-like words from ``i`` (``i`` if none).

    Links (بن, أبو, عبد, آل) do not count towards ``limit``, so "محمد بن راشد
    آل مكتوم" is one name. Words after the first must also pass
    ``_continues_name``, which turns away verbs and common nouns.
    """
    j = i
    words = 0
    n = len(doc.norms)
    while j < n and words < limit + 1:
        word = doc.norms[j]
        if word in _NAME_LINKS and j + 1 < n and doc.joined[j]:
            j += 1
            continue
        if not _is_name_like(word, gazetteer) or _is_nisba(word):
            break
        if j > i and not _continues_name(word, gazetteer):
            break
        j += 1
        words += 1
        if not doc.joined[j - 1]:
            break
    while j > i and doc.norms[j - 1] in _NAME_LINKS:
        # A link ends no name: "محمد بن" before an unknown word is "محمد".
        j -= 1
    return j


def _continues_name(word, gazetteer):
    """True if ``word`` may follow a name word inside the same name.

    Known names always may. Otherwise an imperfect verb (يكتب, يرفع) or an
    indefinite noun whose definite form is common in news (غطاء: الغطاء,
    محادثات: المحادثات) ends the name.
    """
    if word in gazetteer.person_words:
        return True
    if word.startswith(("ي", "لا", "لل")) and len(word) > 3:
        return False
    return resources.lexicon().get("ال" + word, 0) < _DEFINITE_COMMON


def _entity(doc, i, j, skipped, kind, canonical):
    first = doc.tokens[i]
    start = first.start + _skip_letters(first.text, skipped)
    end = doc.tokens[j - 1].end
    return Entity(start, end, doc.text[start:end], kind, canonical)


def extract_entities(text: str, gazetteer=None) -> list[Entity]:
    """Return the entity mentions in ``text`` in order of appearance.

    Each mention carries offsets into ``text`` (clitics such as و or ل before
    the name are excluded), its surface text, its type ("PER", "LOC", "ORG")
    and the canonical name shared by all its variants: "بوتين", "فلاديمير
    بوتين" and "الرئيس الروسي فلاديمير بوتين" all give "فلاديمير بوتين".
    """
    gazetteer = gazetteer or Gazetteer.default()
    doc = _Doc(text)
    listed, found = _rule_matches(doc, gazetteer)
    _apply_model(doc, gazetteer, listed, found)
    _tag_short_forms(doc, gazetteer, found)
    _propagate_mentions(doc, found)
    _resolve_references(doc, found)
    mentions = []
    for i, (end, skipped, kind, canonical, ambiguous) in sorted(found.items()):
        if ambiguous:
            continue
        if kind == "PER":
            start = _after_honorifics(doc, i, end)
            if start > i:
                i, skipped = start, 0
        mentions.append(_entity(doc, i, end, skipped, kind, canonical))
    return mentions


def _after_honorifics(doc, i, end):
    """Return the first token of a person mention after royal titles.

    Listed aliases such as "الملك فهد" or "ولي العهد الأمير الحسين" keep
    their canonical name, but the mention, like one found after any other
    title, is the name alone ("فهد"), as news annotation has it.
    """
    j = i
    while j < end - 1:
        forms = (
            [f for f, _ in _clitic_forms(doc.norms[j])] if j == i else [doc.norms[j]]
        )
        if any(f in _HONORIFICS for f in forms):
            j += 1
        elif (
            j < end - 2
            and doc.norms[j + 1] == "العهد"
            and any(f == "ولي" for f in forms)
        ):
            j += 2
        else:
            break
    return j


def _rule_matches(doc, gazetteer):
    """Return (list matches, matches after the rules) of ``doc``.

    Both map a token index to (end index, letters of clitic skipped, type,
    canonical, ambiguous).
    """
    n = len(doc.norms)
    found = {}  # token index -> (end index, skipped, type, canonical, ambiguous)
    roles = doc.roles = _roles(doc, gazetteer)
    i = 0
    while i < n:
        if not roles[i] & _LISTED:
            i += 1
            continue
        hit = _match_at(doc, i, gazetteer)
        if hit and _longer_after_honorific(doc, i, hit, gazetteer):
            # "الشيخ [تميم بن حمد آل ثاني]": the full name after a listed
            # "الشيخ تميم" wins.
            i += 1
            continue
        if hit:
            length, skipped, (canonical, kind, ambiguous) = hit
            found[i] = (i + length, skipped, kind, canonical, ambiguous)
            i += length
            continue
        i += 1

    listed = dict(found)
    _apply_person_rules(doc, gazetteer, found)
    _apply_org_rule(doc, gazetteer, found)
    return listed, found


def _longer_after_honorific(doc, i, hit, gazetteer):
    """True if a listed name after the honorific at ``i`` outruns ``hit``."""
    if hit[2][1] != "PER" or i + 1 >= len(doc.norms):
        return False
    if not any(f in _HONORIFICS for f, _ in _clitic_forms(doc.norms[i])):
        return False
    after = _match_at(doc, i + 1, gazetteer)
    return after is not None and after[2][1] == "PER" and after[0] >= hit[0]


def _covered(found):
    covered = set()
    for i, (end, *_rest) in found.items():
        covered.update(range(i, end))
    return covered


def _apply_person_rules(doc, gazetteer, found):
    covered = _covered(found)
    n = len(doc.norms)
    roles = doc.roles
    i = 0
    while i < n:
        if i in covered:
            i = _extend_known_first_name(doc, i, gazetteer, found, covered)
            continue
        if not roles[i] & _PERSON_CUES:
            i += 1
            continue
        title = _match_title(doc, i, gazetteer)
        if title:
            # Skip adjectives, places, organisations and fillers after the
            # title, and at most one comma, to reach the name.
            j = i + title
            skipped = 0
            while j < n and (doc.joined[j - 1] or _comma_between(doc, j - 1)):
                word = doc.norms[j]
                if j in found and found[j][2] != "PER":
                    j = found[j][0]
                elif word in _TITLE_FILLERS or _is_nisba(word) or _looks_nisba(word):
                    j += 1
                elif skipped < _TITLE_MAX_SKIP and _is_title_complement(
                    doc, j, gazetteer
                ):
                    # "وزير الثقافة", "مستشار الأمن الوطني", "رئيس تحرير
                    # جريدة الوفاق": common words completing the role.
                    j += 1
                    skipped += 1
                else:
                    break
            if j < n and j in found and found[j][2] == "PER":
                # A known (possibly ambiguous) name after a title is a person.
                entry = found[j]
                found[j] = (*entry[:4], False)
                i = entry[0]
                continue
            if (
                j < n
                and j not in covered
                and (doc.joined[j - 1] or _comma_between(doc, j - 1))
            ):
                end = _name_span(doc, j, gazetteer)
                if end > j:
                    found[j] = (end, 0, "PER", _surface(doc, j, end), False)
                    covered.update(range(j, end))
                    i = end
                    continue
            i += title
            continue
        end = (
            _speaker_span(doc, i, gazetteer, covered)
            or _kunya_span(doc, i, gazetteer, covered)
            or (
                doc.norms[i].endswith(("ي", "يه"))
                and _nisba_person_span(doc, i, gazetteer, covered)
            )
        )
        if end:
            start = i + 1 if end < 0 else i
            end = abs(end)
            # Only a kunya starts at i with a clitic before it ("وأبو").
            skipped = _kunya_clitic(doc.norms[start]) if start == i else 0
            found[start] = (
                end,
                skipped,
                "PER",
                _surface(doc, start, end, skipped),
                False,
            )
            covered.update(range(start, end))
            i = end
            continue
        word = doc.norms[i]
        for form, skipped in _clitic_forms(word):
            if (
                form in gazetteer.first_names
                and i + 1 < n
                and doc.joined[i]
                and not _is_function_word(form, doc.tokens[i].text)
                and (form not in _WEAK_FIRST_NAMES or _known_next(doc, i, gazetteer))
            ):
                end = _name_span(doc, i + 1, gazetteer, limit=_MAX_NAME_WORDS - 1)
                if end > i + 1 and not covered.intersection(range(i, end)):
                    canonical = _surface(doc, i, end, skipped)
                    found[i] = (end, skipped, "PER", canonical, False)
                    covered.update(range(i, end))
                    i = end - 1
                break
        i += 1


# Roles that may start a person rule at a word.
_PERSON_CUES = _TITLE | _SPEECH | _KUNYA | _NISBA | _FIRST


def _is_title_complement(doc, j, gazetteer):
    """True for a common word that completes a role after a title.

    Definite common nouns ("الثقافة" in "وزير الثقافة") and indefinite ones
    in an idafa before a definite word ("تحرير" in "رئيس تحرير الصحيفة")
    do; rare words, which may be the name itself, do not.
    """
    word = doc.norms[j]
    if word in resources.stopwords() or word in gazetteer.person_words:
        return False
    if resources.lexicon().get(word, 0) < _COMMON_COUNT:
        return False
    if word.startswith("ال"):
        return True
    return (
        j + 1 < len(doc.norms)
        and doc.joined[j]
        and doc.norms[j + 1].startswith("ال")
        and word[0] not in "وفي"
    )


def _speaker_span(doc, i, gazetteer, covered):
    """Return -end for "قال X إن" (X unknown and name-like), else 0.

    A verb of saying followed by rare name-like words and then إن/أن, a colon
    or a comma reports what a person said: "وقال كيربي إن".
    """
    if not any(form in _SPEECH_VERBS for form, _ in _clitic_forms(doc.norms[i])):
        return 0
    j = i + 1
    n = len(doc.norms)
    if j >= n or not doc.joined[i] or j in covered:
        return 0
    if doc.norms[j].startswith("ال") or not _is_name_like(doc.norms[j], gazetteer):
        return 0
    end = _name_span(doc, j, gazetteer, limit=1)
    if end == j or covered.intersection(range(j, end)) or end >= n:
        return 0
    gap = doc.text[doc.tokens[end - 1].end : doc.tokens[end].start].strip()
    if doc.norms[end] in ("ان", "انه") and not gap or gap in (":", "،", ","):
        return -end
    return 0


def _kunya_clitic(word):
    """Return the letters of clitic before "أبو" in ``word`` ("وأبو": 1), or None."""
    if word == "ابو":
        return 0
    if word.endswith("ابو") and len(word) <= 5:
        return next((s for f, s in _clitic_forms(word) if f == "ابو"), None)
    return None


def _kunya_span(doc, i, gazetteer, covered):
    """Return the end of "أبو X" (a kunya), else 0.

    A nisba-like epithet right after the kunya belongs to the name, as in
    "أبو أيوب المصري" or "أبو محمد الجولاني".
    """
    if _kunya_clitic(doc.norms[i]) is None:
        return 0
    if i + 1 >= len(doc.norms) or not doc.joined[i]:
        return 0
    end = _name_span(doc, i + 1, gazetteer, limit=1)
    if end == i + 1 or covered.intersection(range(i + 1, end)):
        return 0
    if (
        end < len(doc.norms)
        and doc.joined[end - 1]
        and end not in covered
        and _looks_nisba(doc.norms[end])
        and doc.norms[end] not in _TITLE_FILLERS
    ):
        end += 1
    return end


def _nisba_person_span(doc, i, gazetteer, covered):
    """Return -end for "الإسباني [رافاييل نادال]", else 0.

    A definite adjective of nationality followed by unknown name-like words
    introduces a person in sports and culture news ("البرازيلي كافو"). The
    first word must be rare or a known first name, and the span stops before
    words the lexicon knows as common; the model confirms or drops it.
    """
    if not any(
        form.startswith("ال") and _is_nisba(form)
        for form, _ in _clitic_forms(doc.norms[i])
    ):
        # "والفنلندي كيمي رايكونن": a clitic on the adjective changes nothing.
        return 0
    j = i + 1
    n = len(doc.norms)
    if j >= n or not doc.joined[i] or j in covered:
        return 0
    following = doc.norms[j]
    if following.startswith("ال") or not _is_name_like(following, gazetteer):
        return 0
    if (
        following not in gazetteer.first_names
        and resources.lexicon().get(following, 0) >= _NISBA_NAME_MAX_COUNT
    ):
        return 0
    end = _name_span(doc, j, gazetteer, limit=_MAX_NAME_WORDS - 1)
    if end == j or covered.intersection(range(j, end)):
        return 0
    return -end


def _known_next(doc, i, gazetteer):
    return doc.norms[i + 1] in gazetteer.person_words


def _extend_known_first_name(doc, i, gazetteer, found, covered):
    """Extend a listed one-word name that is a first name ("عمرو" شبانة).

    Return the index to resume scanning from.
    """
    entry = found.get(i)
    if (
        entry is None
        or entry[2] != "PER"
        or entry[0] != i + 1
        or i + 1 >= len(doc.norms)
    ):
        return i + 1
    forms = [form for form, _ in _clitic_forms(doc.norms[i])]
    if not doc.joined[i] or not any(f in gazetteer.first_names for f in forms):
        return i + 1
    if any(f in _WEAK_FIRST_NAMES for f in forms) and not _known_next(
        doc, i, gazetteer
    ):
        return i + 1
    end = _name_span(doc, i + 1, gazetteer, limit=_MAX_NAME_WORDS - 1)
    if end == i + 1 or covered.intersection(range(i + 1, end)):
        return i + 1
    skipped = entry[1]
    found[i] = (end, skipped, "PER", _surface(doc, i, end, skipped), False)
    covered.update(range(i, end))
    return end


def _is_function_word(form, surface):
    """True for stopwords that normalise like names (على → علي)."""
    if form == "علي":
        return strip_marks(surface).endswith("ى")
    return form in resources.stopwords()


def _apply_org_rule(doc, gazetteer, found):
    covered = _covered(found)
    n = len(doc.norms)
    roles = doc.roles
    for i in range(n - 1):
        if not roles[i] & _HEAD or i in covered or not doc.joined[i]:
            # Most words head nothing: skip the lookups below.
            continue
        forms = _clitic_forms(doc.norms[i])
        facility = next(
            ((_FACILITY_HEADS[f], s) for f, s in forms if f in _FACILITY_HEADS), None
        )
        if facility:
            _apply_facility_head(doc, i, *facility, gazetteer, found, covered)
            continue
        kind = next(
            (
                k
                for f, _ in forms
                for k, heads in (("LOC", _LOC_NAME_HEADS), ("ORG", _ORG_NAME_HEADS))
                if f in heads
            ),
            None,
        )
        if kind:
            head_word = next(
                f for f, _ in forms if f in _LOC_NAME_HEADS | _ORG_NAME_HEADS
            )
            _apply_name_head(doc, i + 1, kind, head_word, gazetteer, found, covered)
            continue
        head = next((s for f, s in forms if f in _ORG_HEADS), None)
        if head is None:
            head = _definite_org_head(doc, i, forms)
            if head is None:
                continue
        j = _org_name_end(doc, i, found, covered, gazetteer)
        if j > i + 1:
            for k in [k for k in found if i < k < j]:
                del found[k]
            found[i] = (j, head, "ORG", _surface(doc, i, j, head), False)
            covered.update(range(i, j))


def _apply_facility_head(doc, i, kind, skipped, gazetteer, found, covered):
    """Tag "مطار القاهرة الدولي", "مسجد محمد علي", "مستشفى سانت توماس".

    The name after the head is a listed name, definite words as in an
    organisation's name, or up to two name-like words; adjectives such as
    الدولي or التخصصي then complete it.
    """
    n = len(doc.norms)
    j = i + 1
    entry = found.get(j)
    word = doc.norms[j]
    if entry is not None:
        end = entry[0]
    elif j in covered or _is_nisba(word) or word in resources.stopwords():
        return
    elif word.startswith("ال") and not _looks_nisba(word):
        end = _org_name_end(doc, i, found, covered, gazetteer)
    elif _is_name_like(word, gazetteer) and not word.startswith("ال"):
        end = _name_span(doc, j, gazetteer, limit=2)
    else:
        return
    while (
        end < n
        and end - i < _ORG_MAX_WORDS
        and doc.joined[end - 1]
        and end not in covered
        and _looks_nisba(doc.norms[end])
        and not _is_nisba(doc.norms[end])
    ):
        end += 1
    if end <= j:
        return
    for k in [k for k in found if i < k < end]:
        del found[k]
    found[i] = (end, skipped, kind, _surface(doc, i, end, skipped), False)
    covered.update(range(i, end))


def _definite_org_head(doc, i, forms):
    """Return the clitic letters of "الاتحاد" in "الاتحاد المصري", else None.

    A definite head names a body only with an adjective of nationality or
    scope after it ("المجلس الوطني للأبحاث"); alone it is a common noun.
    """
    head = next((s for f, s in forms if f in _DEFINITE_ORG_HEADS), None)
    if head is not None and _looks_nisba(doc.norms[i + 1]):
        return head
    head = next((s for f, s in forms if f in _NATIONAL_ORG_HEADS), None)
    if head is not None and _is_nisba(doc.norms[i + 1]):
        return head
    return None


def _continues_org(word, gazetteer):
    """True if a definite ``word`` may continue an organisation's name.

    Adjectives of nationality, feminine adjectives and words common in news
    do ("الروسية", "الذرية", "الوطني"); a rarer word or a known name is the
    person after the name ("مجلس نواب الشعب [العجمي الوريمي]").
    """
    if _is_nisba(word) or word.endswith("يه"):
        # Adjectives of nationality and feminine adjectives ("الذرية"),
        # which family names do not take.
        return True
    if word in gazetteer.person_words or word in ner_model.name_words():
        return False
    return resources.lexicon().get(word, 0) >= _ORG_WORD_MIN_COUNT


def _org_name_end(doc, i, found, covered, gazetteer):
    """Return the end of an organisation name whose head is token ``i``.

    The name runs over definite words ("وزارة الخارجية الروسية"), an
    indefinite noun between the head and a definite word ("هيئة كبار
    العلماء", "منظمة حقوق الإنسان"), and a لل complement after an adjective
    ("الاتحاد المصري للمصارعة"); a listed place or body completes it.
    """
    n = len(doc.norms)
    stop = resources.stopwords()
    j = i + 1
    while j < n and j - i <= _ORG_MAX_WORDS and doc.joined[j - 1]:
        if j in found and found[j][2] in ("LOC", "ORG"):
            # "جامعة دمشق", "بنك لبنان": a listed place completes it. A listed
            # body right after the head is the name on its own ("حركة
            # [حماس]", "تنظيم [القاعدة]"), so that it keeps its canonical name.
            if not found[j][1] and found[j][2] == "LOC":
                j = found[j][0]
            break
        word = doc.norms[j]
        if j in covered or word in stop:
            break
        if word.startswith("ال"):
            if j > i + 1 and not _continues_org(word, gazetteer):
                break
            j += 1
        elif (
            j == i + 1
            and j + 1 < n
            and doc.joined[j]
            and doc.norms[j + 1].startswith("ال")
            and doc.norms[j + 1] not in stop
            and not word.startswith(_CLITIC_ARTICLES)
            and word[0] not in "وف"
            and resources.lexicon().get(word, 0) >= _COMMON_COUNT
        ):
            # An indefinite common noun in an idafa chain: "كبار العلماء".
            j += 2
        elif (
            word.startswith("لل")
            and j > i + 1
            and _looks_nisba(doc.norms[j - 1])
            and resources.lexicon().get(word, 0) >= _COMMON_COUNT
        ):
            j += 1
            break
        else:
            break
    return min(j, n)


def _apply_name_head(doc, j, kind, head_word, gazetteer, found, covered):
    """Tag the name after a head word such as مدينة or نادي."""
    entry = found.get(j)
    if entry is not None:
        # A listed name after the head: confirm it if ambiguous; a place after
        # نادي or فريق stays a place (national teams are named by country).
        if entry[4] and (entry[2] == kind or kind == "ORG"):
            found[j] = (entry[0], entry[1], kind, entry[3], False)
        return
    if j in covered or _is_nisba(doc.norms[j]) or _looks_nisba(doc.norms[j]):
        return
    word = doc.norms[j]
    if not _is_name_like(word, gazetteer) or word in _ORG_HEADS:
        return
    if head_word in _CONFIRM_ONLY_HEADS:
        return
    end = _name_span(doc, j, gazetteer, limit=1)
    if end > j and not covered.intersection(range(j, end)):
        found[j] = (end, 0, kind, _surface(doc, j, end), False)
        covered.update(range(j, end))


def _comma_between(doc, i):
    if i + 1 >= len(doc.tokens):
        return False
    gap = doc.text[doc.tokens[i].end : doc.tokens[i + 1].start].strip()
    return gap in ("،", ",")


def _surface(doc, i, j, skipped=0):
    first = doc.tokens[i]
    start = first.start + _skip_letters(first.text, skipped)
    return strip_marks(" ".join(doc.text[start : doc.tokens[j - 1].end].split()))


def _propagate_mentions(doc, found):
    """Tag the other occurrences of a name already tagged in the same text.

    An article names a person or body several times, and the model, which
    reads one sentence at a time, may miss some of them ("[سيابونغا] ...
    سيابونغا"). A name found once is tagged wherever its exact words recur
    (with a clitic on the first: "ولسيابونغا"), with the same type and
    canonical name. Names of one frequent word are left out: the text
    around them decided, and it may not hold elsewhere.
    """
    names = {}
    lexicon = resources.lexicon()
    for i, (end, _skipped, kind, canonical, ambiguous) in found.items():
        key = tuple(doc.norms[i:end])
        if ambiguous or (end - i == 1 and lexicon.get(key[0], 0) >= _COMMON_COUNT):
            continue
        if i in found and found[i][1]:
            # The first word carried a clitic: key on its clitic-free form.
            form = next(
                (f for f, s in _clitic_forms(doc.norms[i]) if s == found[i][1]), None
            )
            if form is None:
                continue
            key = (form, *key[1:])
        names.setdefault(key, (kind, canonical))
    if not names:
        return
    # Name lengths by first word, longest first, so most words cost one lookup.
    lengths = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    lengths = {word: sorted(ls, reverse=True) for word, ls in lengths.items()}
    covered = _covered(found)
    n = len(doc.norms)
    for i in range(n):
        if i in covered:
            continue
        for form, skipped in _clitic_forms(doc.norms[i]):
            for length in lengths.get(form, ()):
                if i + length > n:
                    continue
                hit = names.get((form, *doc.norms[i + 1 : i + length]))
                if (
                    hit
                    and all(doc.joined[i : i + length - 1])
                    and not covered.intersection(range(i, i + length))
                ):
                    found[i] = (i + length, skipped, *hit, False)
                    covered.update(range(i, i + length))
                    break
            if i in covered:
                break


def _tag_short_forms(doc, gazetteer, found):
    """Tag the short form in brackets after a name: "... (أوهرا)", "(أبو مازن)".

    An organisation's acronym or short name, and a person's kunya, often
    follow the full name in brackets; they take its type and canonical name,
    so that :func:`_propagate_mentions` tags them again further on.
    """
    n = len(doc.tokens)
    for end, _skipped, kind, canonical, ambiguous in list(found.values()):
        if ambiguous or kind == "LOC" or end >= n or end in found:
            continue
        if _gap(doc, end - 1) != "(":
            continue
        # The short form has one or two words before the closing bracket.
        close = next((k for k in (end, end + 1) if ")" in _gap(doc, k)), None)
        if close is None or not all(doc.joined[end:close]):
            continue
        words = doc.norms[end : close + 1]
        if kind == "PER":
            if _kunya_clitic(words[0]) != 0 or len(words) != 2:
                continue
        elif not all(
            doc.tokens[k].kind == "arabic" and _is_name_like(doc.norms[k], gazetteer)
            for k in range(end, close + 1)
        ):
            continue
        found[end] = (close + 1, 0, kind, canonical, False)


def _gap(doc, i):
    """Return the text between token ``i`` and the next (or the text's end)."""
    tokens = doc.tokens
    if i >= len(tokens):
        return ""
    end = tokens[i + 1].start if i + 1 < len(tokens) else len(doc.text)
    return doc.text[tokens[i].end : end].strip()


def _resolve_references(doc, found):
    """Give short mentions the canonical name of a fuller one in the text."""
    by_last = {}
    canon_seen = set()
    for i, (end, _skipped, kind, canonical, ambiguous) in sorted(found.items()):
        if ambiguous:
            continue
        canon_seen.add(canonical)
        if kind == "PER" and end - i >= 2:
            last = doc.norms[end - 1]
            by_last.setdefault(last, canonical)
            if last.startswith("ال"):
                by_last.setdefault(last[2:], canonical)
    for i, (end, skipped, kind, canonical, ambiguous) in list(found.items()):
        if kind != "PER" or end - i != 1:
            if ambiguous and canonical in canon_seen:
                found[i] = (end, skipped, kind, canonical, False)
            continue
        target = by_last.get(doc.norms[i])
        if target:
            found[i] = (end, skipped, kind, target, False)
        elif ambiguous and canonical in canon_seen:
            found[i] = (end, skipped, kind, canonical, False)
    covered = _covered(found)
    if not by_last:
        return
    for i, word in enumerate(doc.norms):
        if i in covered:
            continue
        for form, skipped in _clitic_forms(word):
            target = by_last.get(form)
            if target:
                found[i] = (i + 1, skipped, "PER", target, False)
                break


def _apply_model(doc, gazetteer, listed, found):
    """Let the sequence model decide on the rules' guesses and add its own.

    On NewsFANE the rules alone reach about 0.66 precision, the model with
    the rules' output as features about 0.77, so the model has the last word
    except on listed names:

    * a listed name (lists and editor files) stays, with its canonical form;
      the model may only turn a listed place into an organisation (a country
      or city named for its team or government: "فاز المغرب على تايلاند"),
      or extend it to a longer name of the same type ("[فان] نيستلروي");
    * a rule mention (after a title, a head word, a first name) stays only
      if the model tags the same span with the same type;
    * an ambiguous alias is left to the rules (الأسد the lion stays out);
    * the model's other mentions fill the gaps when it is confident enough.
    """
    model = gazetteer.model
    if model is None:
        model = ner_model.default_model()
    if not model or not doc.tokens:
        return
    spans = _split_name_lists(doc, model.spans(doc, gazetteer, listed, found))
    predicted = {(i, j): (kind, p) for i, j, kind, p in spans}
    keep = {}
    for i, entry in found.items():
        if i in listed and not entry[4]:
            kind, p = predicted.get((i, entry[0]), (None, 0.0))
            if kind == "ORG" and entry[2] == "LOC" and p >= _MODEL_RETYPE:
                entry = (entry[0], entry[1], kind, entry[3], False)
            keep[i] = entry
    for i, j, kind, p in spans:
        inside = [k for k, e in keep.items() if i <= k and e[0] <= j]
        if (
            p >= _MODEL_EXTEND
            and inside
            and all(keep[k][2] == kind and (k, keep[k][0]) != (i, j) for k in inside)
            and not any(k < i < e[0] or k < j < e[0] for k, e in keep.items())
        ):
            for k in inside:
                del keep[k]
    owner = set()
    for i, entry in keep.items():
        owner.update(range(i, entry[0]))
    result = dict(keep)
    for i, entry in found.items():
        kind, p = predicted.get((i, entry[0]), (None, 0.0))
        agreed = kind == entry[2]
        if agreed and entry[4] and p >= _MODEL_AMBIGUOUS:
            # An ambiguous alias the model is sure of in its sentence ("وكان
            # [الأسد] قال في خطابه"), with no full name in the text.
            entry = (*entry[:4], False)
        if i not in result and (agreed or entry[4]):
            if not owner.intersection(range(i, entry[0])):
                result[i] = entry
                owner.update(range(i, entry[0]))
    for i, j, kind, p in spans:
        if p < _MODEL_MIN or any(
            _is_possessed(doc.norms[k]) or _TANWEEN.intersection(doc.tokens[k].text)
            for k in range(i, j)
        ):
            continue
        if kind == "PER":
            j = _trim_common_tail(doc, i, _complete_link(doc, j), gazetteer)
        if not owner.intersection(range(i, j)):
            result[i] = _model_entry(doc, i, j, kind, gazetteer)
            owner.update(range(i, j))
    found.clear()
    found.update(result)


_NAME_BREAKS = frozenset("()[]{}«»")


def _split_name_lists(doc, spans):
    """Split model spans at brackets, person spans at "و" + a name.

    The model sometimes runs two people joined by "and" into one mention
    ("فيليبس [وسميث]"); a word that is و before a name word, and no name
    itself (وليد), starts a new one.
    """
    names = ner_model.name_words()
    result = []
    text = doc.text
    tokens = doc.tokens
    for i, j, kind, p in spans:
        for k in range(i + 1, j):
            if _NAME_BREAKS.intersection(text[tokens[k - 1].end : tokens[k].start]):
                # No name runs across a bracket: "[محمود عباس] ([أبو مازن])".
                result.append((i, k, kind, p))
                i = k
        if kind == "PER":
            for k in range(i + 1, j):
                word = doc.norms[k]
                if word.startswith("و") and word not in names and word[1:] in names:
                    result.append((i, k, kind, p))
                    i = k
        result.append((i, j, kind, p))
    return result


def _complete_link(doc, j):
    """Return the end of a model person mention that ends in a link word.

    A name does not end in أبو, بن or عبد; when the model stops there ("[أبو]
    فارس", "[وأبو] السكر"), the name-like word after it completes the name.
    """
    if (
        j < len(doc.norms)
        and doc.joined[j - 1]
        and any(f in _NAME_LINKS for f, _ in _clitic_forms(doc.norms[j - 1]))
        and _is_content_word(doc.norms[j])
        and not _is_nisba(doc.norms[j])
    ):
        return j + 1
    return j


def _trim_common_tail(doc, i, j, gazetteer):
    """Return the end of a model person mention without common words at its end.

    The model sometimes runs a name into the next word ("[هيرمان مؤتمرا]",
    "[فينوجرادوف القول]"); a frequent word that no name list knows ends no
    name.
    """
    lexicon = resources.lexicon()
    names = ner_model.name_words()
    while j - i > 1:
        word = doc.norms[j - 1]
        if (
            lexicon.get(word, 0) < _COMMON_COUNT
            or _looks_nisba(word)
            or word in gazetteer.person_words
            or word in gazetteer.first_words
            or word in names
        ):
            break
        j -= 1
    return j


def _is_possessed(word):
    """True for a common noun with a possessive suffix (بريدك, كتابهم).

    A name does not take "your" or "their"; the model, which has seen few
    such words, sometimes takes a rare possessed noun for a name.
    """
    lexicon = resources.lexicon()
    for suffix in _POSSESSIVE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            rest = lexicon.get(word[: -len(suffix)], 0)
            return rest >= _COMMON_COUNT and lexicon.get(word, 0) * 10 < rest
    return False


def _model_entry(doc, i, j, kind, gazetteer):
    """Return the internal entry for a model mention of tokens ``i:j``.

    A span that is a listed alias takes its canonical name; otherwise a
    clitic (و, ب, لل ...) is cut from the first word when the rest is a
    known name or word, and the surface text is the canonical name.
    """
    rest = doc.norms[i + 1 : j]
    forms = _clitic_forms(doc.norms[i])
    for form, skipped in forms:
        hit = gazetteer.entries.get((form, *rest))
        if hit and hit[1] == kind:
            return (j, skipped, kind, hit[0], False)
    skipped = _clitic_length(doc.norms[i], gazetteer)
    return (j, skipped, kind, _surface(doc, i, j, skipped), False)


def _clitic_length(word, gazetteer):
    """Return the letters of a proclitic to cut from the first word of a name.

    A listed or name word stays whole (بوتين, لبنان); a clitic goes when the
    rest is a listed name, carries the article (وال, لل) or is a much more
    frequent word than the whole (as the stemmer decides).
    """
    if word in gazetteer.first_words or word in gazetteer.person_words:
        return 0
    lexicon = resources.lexicon()
    count = lexicon.get(word, 0)
    for form, letters in _clitic_forms(word)[1:]:
        if (
            form in gazetteer.first_words
            or form in gazetteer.person_words
            or form in ner_model.name_words()
            or (form.startswith("ال") and not word.startswith("ال"))
            or lexicon.get(form, 0) >= max(_COMMON_COUNT, 10 * count)
        ):
            return letters
    return 0
