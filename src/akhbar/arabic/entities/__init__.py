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

A statistical sequence model (a CRF, see :mod:`akhbar.arabic.ner_model`) then
reads the tokens with the list and rule decisions as features: it confirms or
drops the rules' guesses and adds names no list or rule knows ("وصل [كافو] إلى").
Listed names always stay. ``Gazetteer.model = False`` turns the model off.
Royal titles stay out of a listed person's mention ("الملك [فهد]"), and a
model person mention does not end in a frequent common word.

A "name-like" word is Arabic, not a stopword and rare in news text (see
data/lexicon.tsv), or a known name. Adjectives of nationality (السورية, الروسي)
are deliberately not tagged as places: they describe, they do not name.
Ambiguous aliases (الأسد, الشرع, سلام) are tagged only when their full name or
a title appears in the same text.

Modules, in the order extraction runs them: ``gazetteer`` (the lists),
``document`` (one text's tokens, normal forms and word roles), ``rules``
(list matches, then ``people`` and ``organisations``, helped by ``names``),
``model`` (the CRF's say), ``references`` (repeats, short forms, last names)
and ``extract`` (the entry point). The words the rules and the model share
are in :mod:`akhbar.arabic.lexicon`.
"""

from .extract import Entity, extract_entities
from .gazetteer import CURATED_FILES, TYPES, Gazetteer

__all__ = ["CURATED_FILES", "TYPES", "Entity", "Gazetteer", "extract_entities"]
