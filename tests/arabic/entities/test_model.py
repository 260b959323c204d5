"""Tests for akhbar.arabic.entities.model: the CRF's say on the rules' mentions."""

from akhbar.arabic import Gazetteer, extract_entities
from akhbar.arabic.entities.document import Doc
from akhbar.arabic.entities.model import (
    clitic_length,
    complete_link,
    is_possessed,
    split_name_lists,
    trim_common_tail,
)


def rules_only():
    gazetteer = Gazetteer.load()
    gazetteer.model = False
    return gazetteer


def test_model_drops_rule_mistakes():
    """A rule guess the model rejects is dropped ("بنظيره" is no name)."""
    text = "التقى وزير الخارجية بنظيره كامبوسيا برتوي في العاصمة."
    rule_texts = {e.text for e in extract_entities(text, rules_only())}
    assert "بنظيره كامبوسيا برتوي" in rule_texts
    assert [e.text for e in extract_entities(text)] == ["كامبوسيا برتوي"]


def test_listed_names_keep_their_canonical_name():
    """With the model on, listed names keep type and canonical name."""
    text = "وقال المتحدث باسم الكرملين دميتري بيسكوف إن بوتين سيزور دمشق."
    found = {(e.canonical, e.type) for e in extract_entities(text)}
    assert found == {
        ("الكرملين", "ORG"),
        ("دميتري بيسكوف", "PER"),
        ("فلاديمير بوتين", "PER"),
        ("دمشق", "LOC"),
    }


def test_model_offsets_exclude_clitics():
    """Model mentions slice the text; a clitic goes when the rest is known."""
    text = "والتقى الوزير بأنوشه أنصاري في موسكو."
    for entity in extract_entities(text):
        assert text[entity.start : entity.end] == entity.text
    gazetteer = rules_only()
    assert clitic_length("بلبنان", gazetteer) == 1
    assert clitic_length("لبنان", gazetteer) == 0
    assert clitic_length("بوتين", gazetteer) == 0
    assert clitic_length("والمرصد", gazetteer) == 1


def test_possessed_nouns_are_not_names():
    """A common noun with "your"/"their" is no name; names ending in ك are."""
    assert is_possessed("بريدك")
    assert not is_possessed("مبارك")
    text = "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها"
    assert extract_entities(text) == []


def test_words_with_tanween_are_not_names():
    """Indefinite words marked with tanween (عسكريًا) never make a name."""
    text = (
        "كانت روسيا الداعم الأساسي لنظام بشار الأسد لسنوات طويلة، حيث قدمت له"
        " دعمًا سياسيًا وعسكريًا واقتصاديًا. ولكن بعد سقوط نظامه في 8 ديسمبر"
        " الماضي، بدأت موسكو إعادة تقييم علاقاتها مع الحكومة السورية الجديدة."
    )
    found = {(e.text, e.type) for e in extract_entities(text)}
    assert found == {("روسيا", "LOC"), ("بشار الأسد", "PER"), ("موسكو", "LOC")}


def test_model_mention_drops_trailing_common_word():
    """A model person mention does not end in a frequent common word."""
    gazetteer = rules_only()
    doc = Doc("عقدت هيرمان أمس مؤتمرا")
    assert trim_common_tail(doc, 1, 3, gazetteer) == 2
    doc = Doc("وصل محمود عباس أمس")
    assert trim_common_tail(doc, 1, 3, gazetteer) == 3
    # Family names are frequent in the news of their country (الحرشاني).
    doc = Doc("وأكد فرحات الحرشاني أن")
    assert trim_common_tail(doc, 1, 3, gazetteer) == 3


def test_model_person_span_splits_at_and_before_a_name():
    """ "فيليبس وشيفا" is two people; "وليد" is a name, not "and ليد"."""
    doc = Doc("المهاجمون رايت فيليبس وسميث ودروغبا")
    assert split_name_lists(doc, [(1, 4, "PER", 0.9)]) == [
        (1, 3, "PER", 0.9),
        (3, 4, "PER", 0.9),
    ]
    doc = Doc("وصل محمد وليد أمس")
    assert split_name_lists(doc, [(1, 3, "PER", 0.9)]) == [(1, 3, "PER", 0.9)]


def test_model_person_mention_does_not_end_in_a_link():
    """ "[أبو] فارس": a mention ending in أبو or بن takes the next word."""
    doc = Doc("وكان أبو فارس قد اعتقل")
    assert complete_link(doc, 2) == 3
    doc = Doc("وكان وأبو السكر قد اعتقل")
    assert complete_link(doc, 2) == 3
    # A name not ending in a link, or a link before a comma, stays as it is.
    doc = Doc("وكان محمد فارس قد اعتقل")
    assert complete_link(doc, 2) == 2
    doc = Doc("وكان أبو، فارس")
    assert complete_link(doc, 2) == 2


def test_ambiguous_alias_confirmed_by_a_sure_model():
    """An ambiguous alias is tagged where the model is sure of it in context."""
    gazetteer = Gazetteer.load()
    text = "وقال جنبلاط إن الأسد يسعى إلى استعادة نفوذه في لبنان"
    assert ("بشار الأسد", "PER") in {
        (e.canonical, e.type) for e in extract_entities(text, gazetteer)
    }
    # The animal in a sentence about animals stays out.
    text = "هرب الأسد من حديقة الحيوان في المدينة"
    assert "PER" not in {e.type for e in extract_entities(text, gazetteer)}
