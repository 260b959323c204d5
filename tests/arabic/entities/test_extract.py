"""Tests for akhbar.arabic.entities: mentions found by extract_entities."""

from pathlib import Path

import pytest

from akhbar.arabic import Gazetteer, extract_entities

SEED = Path("/work/shared/seed/page.txt")


def by_canonical(text, gazetteer=None):
    return {(e.canonical, e.type) for e in extract_entities(text, gazetteer)}


def test_offsets_and_clitics():
    """Clitics are outside the mention; offsets slice the original text."""
    text = "زار الوفد لسوريا وموسكو ثم بدمشق"
    found = extract_entities(text)
    assert [(e.text, e.canonical) for e in found] == [
        ("سوريا", "سوريا"),
        ("موسكو", "موسكو"),
        ("دمشق", "دمشق"),
    ]
    for entity in found:
        assert text[entity.start : entity.end] == entity.text


def test_aliases_share_canonical_name():
    """بوتين, فلاديمير بوتين and a titled mention share one canonical name."""
    text = "قال بوتين إن الرئيس الروسي فلاديمير بوتين سيزور سورية."
    assert by_canonical(text) == {("فلاديمير بوتين", "PER"), ("سوريا", "LOC")}


def test_nisba_adjectives_not_places():
    """Adjectives such as السورية and الروسي are not tagged as places.

    "الجيش الروسي" is an organisation (a national army), not a place.
    """
    found = extract_entities("الحكومة السورية والجيش الروسي")
    assert all(e.type != "LOC" for e in found)
    assert [(e.text, e.type) for e in found if e.type == "ORG"] == [
        ("الجيش الروسي", "ORG")
    ]


def test_title_introduces_unknown_person():
    """A title followed by unknown name-like words marks a person."""
    text = "قال وزير الخارجية الفنلندي، يوكا هاكينن، إن الوضع صعب."
    assert ("يوكا هاكينن", "PER") in by_canonical(text)


def test_surname_refers_back_to_full_name():
    """A bare surname takes the canonical name of the full name in the text."""
    text = "التقى سمير قصيباتي بالوفد. وقال قصيباتي إن اللقاء مثمر."
    names = [e.canonical for e in extract_entities(text) if e.type == "PER"]
    assert names == ["سمير قصيباتي", "سمير قصيباتي"]


def test_ambiguous_alias_needs_support():
    """الأسد alone is a lion unless بشار الأسد appears in the same text."""
    assert extract_entities("زأر الأسد في الغابة") == []
    text = "سقط بشار الأسد. وغادر الأسد البلاد."
    assert [e.canonical for e in extract_entities(text)] == ["بشار الأسد"] * 2


def test_editor_supplied_aliases(tmp_path):
    """Aliases are data: extra files and add_alias extend the gazetteer."""
    extra = tmp_path / "extra.tsv"
    extra.write_text("ORG\tأخبار اليوم\tأخبار اليوم الإلكترونية\n", encoding="utf-8")
    gazetteer = Gazetteer.load(extra_paths=[extra])
    gazetteer.add_alias("نيويورك", "التفاحة الكبرى", "LOC")
    text = "نشرت أخبار اليوم الإلكترونية تقريرا عن التفاحة الكبرى"
    assert by_canonical(text, gazetteer) == {
        ("أخبار اليوم", "ORG"),
        ("نيويورك", "LOC"),
    }
    with pytest.raises(ValueError):
        gazetteer.add_alias("س", "س", "MISC")


@pytest.mark.skipif(not SEED.exists(), reason="seed page not available")
def test_seed_page():
    """The seed article yields its people, places and organisations once each."""
    found = by_canonical(SEED.read_text(encoding="utf-8"))
    expected = {
        ("فلاديمير بوتين", "PER"),
        ("أحمد الشرع", "PER"),
        ("دميتري بيسكوف", "PER"),
        ("سيرغي بوغدانوف", "PER"),
        ("بشار الأسد", "PER"),
        ("روسيا", "LOC"),
        ("سوريا", "LOC"),
        ("موسكو", "LOC"),
        ("دمشق", "LOC"),
        ("اللاذقية", "LOC"),
        ("طرطوس", "LOC"),
        ("إدلب", "LOC"),
        ("دير الزور", "LOC"),
        ("لبنان", "LOC"),
        ("الكرملين", "ORG"),
        ("الأونروا", "ORG"),
    }
    assert expected <= found
    extra = found - expected
    assert not extra, extra
    names = {c for c, _ in found}
    assert not names & {"الأسد", "الشرع", "السورية", "الروسي", "بوتين"}


def test_curated_lists_cover_modern_news():
    """Curated lists know current officials and cities the corpus lacks."""
    text = "زار ماركو روبيو الرياض ثم خاركيف. وعاد ويتكوف إلى الدوحة."
    assert by_canonical(text) == {
        ("ماركو روبيو", "PER"),
        ("ستيف ويتكوف", "PER"),
        ("الرياض", "LOC"),
        ("خاركيف", "LOC"),
        ("الدوحة", "LOC"),
    }


def test_common_word_place_needs_head():
    """الباب is a door unless a head such as مدينة names the town."""
    assert extract_entities("فتح الباب أمام الحوار") == []
    found = extract_entities("سيطرت القوات على مدينة الباب")
    assert [(e.text, e.type) for e in found] == [("الباب", "LOC")]
    assert by_canonical("قصفت الطائرات بلدة الخيام") == {("الخيام", "LOC")}


def test_generic_head_does_not_name_unknown_words():
    """منطقة confirms listed places but does not make منطقة الجزاء a place."""
    assert extract_entities("سدد اللاعب من داخل منطقة الجزاء") == []


def test_club_head_confirms_ambiguous_club():
    """نادي النصر is a club; النصر alone is a victory."""
    assert by_canonical("فاز نادي النصر على ضيفه") == {("النصر", "ORG")}
    assert extract_entities("حقق الجيش النصر") == []


def test_org_head_takes_definite_words_and_places():
    """وزارة/جامعة heads take their definite complements or a listed place."""
    found = extract_entities("أعلنت وزارة الدفاع التركية أن طلاب جامعة دمشق بخير")
    assert [(e.text, e.type) for e in found] == [
        ("وزارة الدفاع التركية", "ORG"),
        ("جامعة دمشق", "ORG"),
    ]


def test_name_stops_at_verb():
    """An imperfect verb after a name is not part of it."""
    found = extract_entities("وصل محمد كريمي يحمل رسالة")
    assert [(e.text, e.type) for e in found] == [("محمد كريمي", "PER")]


def test_weak_first_name_needs_known_name_after_it():
    """عمر is "age" in عن عمر يناهز; it starts a name only before a name."""
    assert extract_entities("توفي عن عمر يناهز 90 عاما") == []
    assert by_canonical("التقى عمر خالد بالوفد") == {("عمر خالد", "PER")}


def test_speaker_after_verb_of_saying():
    """An unknown word between قال and إن is the speaker."""
    assert by_canonical("وقال كيربي إن الإدارة تدرس الأمر") == {("كيربي", "PER")}
    assert extract_entities("وقال المصدر إن الإدارة تدرس الأمر") == []


def test_kunya_and_name_chains():
    """أبو X is a name; بن and آل links do not count towards the length cap."""
    assert by_canonical("التقى أبو خليل بالوفد") == {("أبو خليل", "PER")}
    found = extract_entities("استقبل الشيخ عبد الرحمن بن سعود آل ثاني الوفد")
    assert [e.text for e in found] == ["عبد الرحمن بن سعود آل ثاني"]


def test_listed_first_name_extends_to_surname():
    """A listed one-word first name takes the surname that follows it."""
    gazetteer = Gazetteer.load(include_derived=False)
    gazetteer.add_alias("عمرو", "عمرو", "PER")
    found = extract_entities("فاز عمرو شبانة بالبطولة. وقال شبانة إنه سعيد", gazetteer)
    assert [(e.text, e.canonical) for e in found] == [
        ("عمرو شبانة", "عمرو شبانة"),
        ("شبانة", "عمرو شبانة"),
    ]


def test_canonical_listed_as_ambiguous(tmp_path):
    """A canonical name in its own ambiguous column needs support too."""
    extra = tmp_path / "extra.tsv"
    extra.write_text("LOC\tالعين\t\tالعين\n", encoding="utf-8")
    gazetteer = Gazetteer.load(extra_paths=[extra], include_derived=False)
    assert extract_entities("رأت العين ما حدث", gazetteer) == []
    assert by_canonical("وصل إلى مدينة العين", gazetteer) == {("العين", "LOC")}


def rules_only():
    gazetteer = Gazetteer.load()
    gazetteer.model = False
    return gazetteer


def test_profession_titles_introduce_names():
    """Sports and arts roles, with adjectives between, introduce a person."""
    gazetteer = rules_only()
    found = extract_entities("وقال العداء المغربي سعيد عويطة إن السباق صعب", gazetteer)
    assert [(e.text, e.type) for e in found] == [("سعيد عويطة", "PER")]
    found = extract_entities("وتصدى الحارس المخضرم شوفكوفسكي للكرة", gazetteer)
    assert [(e.text, e.type) for e in found] == [("شوفكوفسكي", "PER")]


def test_common_words_between_title_and_name():
    """ "وزير الثقافة" and "مستشار الأمن الوطني" are roles, not names."""
    gazetteer = rules_only()
    text = "وقال وزير الثقافة الإيراني عطاء الله مهاجراني إن الرقابة انتهت"
    assert by_canonical(text, gazetteer) == {("عطاء الله مهاجراني", "PER")}
    text = "وقال مستشار الأمن الوطني موفق الربيعي إن الوضع هادئ"
    assert by_canonical(text, gazetteer) == {("موفق الربيعي", "PER")}
    # A common word after a title with no name after it tags nothing.
    assert extract_entities("وقال وزير الثقافة أمس إن", gazetteer) == []


def test_nationality_adjective_introduces_rare_name():
    """ "الإسباني [نادال]": a nisba before rare name-like words marks a person."""
    gazetteer = rules_only()
    found = extract_entities("وتأهل الإسباني رافاييل نادال إلى الدور الثاني", gazetteer)
    assert [(e.text, e.type) for e in found] == [("رافاييل نادال", "PER")]
    # Common words after the adjective are no name.
    assert extract_entities("وصل الوفد الإسباني أمس إلى المدينة", gazetteer) == []


def test_nationality_adjective_with_clitic_introduces_rare_name():
    """ "والفنلندي [كيمي رايكونن]": و before the adjective changes nothing."""
    found = extract_entities(
        "وحل شوماخر أولا والفنلندي كيمي رايكونن في المركز الثاني", rules_only()
    )
    assert ("كيمي رايكونن", "PER") in {(e.text, e.type) for e in found}


def test_kunya_takes_its_epithet():
    """ "أبو أيوب المصري" is one name; the epithet is not a separate word."""
    found = extract_entities("قتل أبو أيوب المصري في غارة", rules_only())
    assert [(e.text, e.type) for e in found] == [("أبو أيوب المصري", "PER")]
    # A clitic before أبو stays out of the mention.
    found = extract_entities("ووصل وأبو خليل الحلبي إلى المدينة", rules_only())
    assert [(e.text, e.type) for e in found] == [("أبو خليل الحلبي", "PER")]


def test_org_names_with_idafa_and_complement():
    """Organisation names run over idafa chains and a لل complement."""
    gazetteer = rules_only()
    found = extract_entities("وقال عضو هيئة كبار العلماء إن", gazetteer)
    assert [(e.text, e.type) for e in found] == [("هيئة كبار العلماء", "ORG")]
    found = extract_entities("أعضاء منظمة حقوق الإنسان التركية في أنقرة", gazetteer)
    assert ("منظمة حقوق الإنسان التركية", "ORG") in {(e.text, e.type) for e in found}
    found = extract_entities("وأشاد الاتحاد المصري للمصارعة بالفريق", gazetteer)
    assert [(e.text, e.type) for e in found] == [("الاتحاد المصري للمصارعة", "ORG")]
    # A definite head alone is a common noun.
    assert extract_entities("وافق المجلس على القرار", gazetteer) == []


def test_listed_body_after_head_keeps_its_name(tmp_path):
    """ "حركة [X]": a listed body after a head is the mention on its own."""
    extra = tmp_path / "extra.tsv"
    extra.write_text("ORG\tالعسكر الطيبة\t\t\n", encoding="utf-8")
    gazetteer = Gazetteer.load(extra_paths=[extra], include_derived=False)
    gazetteer.model = False
    found = extract_entities("نفذوا التفجيرات بمساعدة حركة العسكر الطيبة", gazetteer)
    assert [(e.text, e.canonical) for e in found] == [
        ("العسكر الطيبة", "العسكر الطيبة")
    ]


def test_royal_titles_stay_out_of_listed_mentions():
    """ "الملك فهد" keeps its canonical name; the mention is the name alone."""
    text = "أجرى الوفد مباحثات مع الملك فهد في الرياض"
    found = [(e.text, e.canonical) for e in extract_entities(text) if e.type == "PER"]
    assert found == [("فهد", "الملك فهد")]


def test_org_name_stops_before_a_person():
    """A frequent family name after an organisation is not part of it."""
    found = extract_entities(
        "وقال رئيس مجلس نواب الشعب العجمي الوريمي إن", rules_only()
    )
    assert ("مجلس نواب الشعب", "ORG") in {(e.text, e.type) for e in found}


def test_full_name_after_honorific_wins():
    """ "الشيخ تميم بن حمد آل ثاني" is the full listed name, not "الشيخ تميم"."""
    found = extract_entities("لأمير قطر الشيخ تميم بن حمد آل ثاني على وكالة الأنباء")
    people = [(e.text, e.canonical) for e in found if e.type == "PER"]
    assert people == [("تميم بن حمد آل ثاني", "تميم بن حمد آل ثاني")]


def test_national_bodies_before_nationality_adjective():
    """الجيش or الشرطة with a nationality adjective names a body; alone not."""
    rules = Gazetteer.load()
    rules.model = False
    assert ("الشرطة البريطانية", "ORG") in by_canonical(
        "وقالت الشرطة البريطانية إنها اعتقلت رجلين", rules
    )
    assert by_canonical("وانتشرت الشرطة المحلية في الشوارع", rules) == set()


def test_name_found_once_is_tagged_at_its_other_occurrences():
    """A name found once (after a title) is tagged where it recurs, clitics off."""
    rules = Gazetteer.load()
    rules.model = False
    text = (
        "وقال المدرب فلانوفيتش للصحفيين أمس. "
        "وغادر فلانوفيتش الملعب مبكرا. وكان لفلانوفيتش رأي آخر."
    )
    found = extract_entities(text, rules)
    assert [(e.text, e.type) for e in found] == [("فلانوفيتش", "PER")] * 3
    for entity in found:
        assert text[entity.start : entity.end] == entity.text


def test_frequent_one_word_names_are_not_propagated():
    """A frequent single word tagged once by context is not tagged elsewhere."""
    rules = Gazetteer.load()
    rules.model = False
    text = "وقال المدرب أمس إن الفريق جاهز. وكان أمس يوما طويلا."
    assert all(e.text != "أمس" for e in extract_entities(text, rules))


def test_curated_clubs_companies_and_media():
    """Curated lists know clubs, companies (also in Latin letters) and media."""
    text = (
        "فاز خيتافي على أوساسونا، وأعلنت شركة IBM وصحيفة يديعوت أحرونوت "
        "ومنظمة اليونيسيف ذلك."
    )
    assert {
        ("خيتافي", "ORG"),
        ("أوساسونا", "ORG"),
        ("آي بي إم", "ORG"),
        ("يديعوت أحرونوت", "ORG"),
        ("اليونيسف", "ORG"),
    } <= by_canonical(text)


def test_club_listing_keeps_the_city_a_place():
    """A club named with its city keeps the city alone a place."""
    assert by_canonical("فاز سبارتاك موسكو أمس") >= {("سبارتاك موسكو", "ORG")}
    assert ("موسكو", "LOC") in by_canonical("وصل الوفد إلى موسكو أمس")


def test_facility_heads_are_part_of_the_name():
    """Facility heads stay in the name: an airport, a hospital."""
    rules = Gazetteer.load()
    rules.model = False
    text = "نقل من مطار القاهرة الدولي إلى مستشفى سانت توماس"
    assert [(e.text, e.type) for e in extract_entities(text, rules)] == [
        ("مطار القاهرة الدولي", "LOC"),
        ("مستشفى سانت توماس", "ORG"),
    ]
    assert extract_entities("نقل إلى المستشفى ثم إلى المطار", rules) == []


def test_short_form_in_brackets_takes_the_full_name():
    """ "منظمة العفو الدولية (أمنستي)": the short form is the same body."""
    text = (
        "أعلنت منظمة العفو الدولية (أمنستي) أنها سترسل وفدا. "
        "وقالت أمنستي إن الوفد سيصل غدا."
    )
    found = [(e.text, e.type, e.canonical) for e in extract_entities(text)]
    assert found.count(("أمنستي", "ORG", "منظمة العفو الدولية")) == 2
    # A person's kunya in brackets is the person; any other word is not.
    text = "وقال الرئيس الفلسطيني محمود عباس (أبو مازن) إن الوضع صعب."
    assert [(e.text, e.canonical) for e in extract_entities(text)] == [
        ("محمود عباس", "محمود عباس"),
        ("أبو مازن", "محمود عباس"),
    ]
    text = "وقال الرئيس الفلسطيني محمود عباس (الفرنسية) إن الوضع صعب."
    assert [e.text for e in extract_entities(text)] == ["محمود عباس"]


ROLES_TEXT = (
    "قال وزير الخارجية الروسي زنكور بلتاني إن موسكو مستعدة. "
    "وقال دوريفانو إن واشنطن تتابع، وأعلن أبو زهيرون بيانا. "
    "وسجل البرازيلي فيتورينو كاسترالدو هدفا في ملعب القاهرة الدولي، "
    "واستقبلت وزارة الصحة اللبنانية محمد زنكلاوي في بيروت."
)


@pytest.mark.parametrize("model", [False, None], ids=["rules", "rules+CRF"])
def test_word_roles_only_skip_what_no_rule_starts_at(monkeypatch, model):
    """The role bits are a shortcut: with every role on every word, the rules
    try everything everywhere and find the same mentions."""
    from akhbar.arabic.entities import rules

    gazetteer = Gazetteer.load()
    gazetteer.model = model
    expected = extract_entities(ROLES_TEXT, gazetteer)
    assert {e.type for e in expected} == {"PER", "LOC", "ORG"}
    people = model is False and {
        "زنكور بلتاني",  # after a title
        "دوريفانو",  # after a verb of saying
        "أبو زهيرون",  # a kunya
        "فيتورينو كاسترالدو",  # after a nationality
        "محمد زنكلاوي",  # a first name
    }
    assert not people or people <= {e.text for e in expected}
    monkeypatch.setattr(rules, "token_roles", lambda doc, _: [-1] * len(doc.norms))
    gazetteer = Gazetteer.load()
    gazetteer.model = model
    assert extract_entities(ROLES_TEXT, gazetteer) == expected


def test_roles_follow_gazetteer_changes():
    """Roles are cached per word and dropped when the lists change."""
    gazetteer = Gazetteer.load()
    gazetteer.model = False
    text = "وصل زبرجد المرجاني إلى المدينة"
    assert extract_entities(text, gazetteer) == []
    gazetteer.add_alias("زبرجد المرجاني", "زبرجد المرجاني", "PER")
    assert [e.text for e in extract_entities(text, gazetteer)] == ["زبرجد المرجاني"]
