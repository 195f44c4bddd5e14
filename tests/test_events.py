"""Events on sentences written for these tests: places (lists, objects, name-ending nouns, context), triggers
beyond the first verbs, and the trained decider's output through the real pipeline."""
from __future__ import annotations

from spacy.language import Language

from factions.extract.learn.places import document_place, event_places


def _places(nlp: Language, text: str, trigger: str) -> list[str]:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    sent = tok.sent
    return event_places(doc, (sent.start, sent.end), tok)


def test_a_listed_place_gives_every_place_of_the_list(nlp: Language) -> None:
    assert _places(nlp, "Badr fighters battled IS at Amerli, Jurf al-Sakhar, Tikrit and Fallujah last year.",
                   "battled") == ["Amerli", "Jurf al-Sakhar", "Tikrit", "Fallujah"]
    assert _places(nlp, "Kurdish units clashed with the jihadists at Bashir and Taza.", "clashed") == ["Bashir", "Taza"]


def test_a_comma_alone_is_an_apposition_not_a_list(nlp: Language) -> None:
    assert _places(nlp, "Fighting was reported in Aleppo, Syria, on Monday.", "Fighting") == ["Aleppo"]


def test_the_object_of_the_trigger_is_its_place(nlp: Language) -> None:
    assert _places(nlp, "The Taliban entered Zaranj, capital of Nimroz, without a fight.", "entered") == ["Zaranj"]


def test_place_names_keep_their_joined_parts_and_ending_noun(nlp: Language) -> None:
    assert _places(nlp, "US aircraft struck a convoy near al-Razzaza lake on Tuesday.", "struck") == ["al-Razzaza lake"]
    assert _places(nlp, "A bomb exploded in Dasht-e Barchi on Friday.", "exploded") == ["Dasht-e Barchi"]
    assert _places(nlp, "Gunmen attacked the village of Solhan at night.", "attacked") == ["Solhan"]


def test_document_place_is_the_place_named_most(nlp: Language) -> None:
    doc = nlp("Fighting went on in Mosul. Later the army shelled Mosul again, and Erbil was quiet.")
    assert document_place(doc) == "Mosul"


def test_one_extracted_event_per_listed_place(nlp: Language) -> None:
    doc = nlp("Hezbollah fighters clashed with Jabhat al-Nusra near Flita and Jurd Arsal on Sunday.")
    battles = [e for e in doc._.events if e.type == "Battles"]
    assert sorted(e.place for e in battles) == ["Flita", "Jurd Arsal"]
    names = {doc._.clusters[a].name for e in battles for a in e.actors}
    assert {"Hezbollah", "Jabhat al-Nusra"} <= names  # a mutual clash: both sides act, neither is a target
    assert all(not e.targets for e in battles)


def test_a_one_sided_attack_keeps_its_target(nlp: Language) -> None:
    doc = nlp("Al-Shabaab fighters ambushed an African Union convoy near Mogadishu on Monday.")
    attack = next(e for e in doc._.events if e.type == "Battles")
    assert attack.actors and attack.targets and not set(attack.actors) & set(attack.targets)


def test_an_event_without_a_place_of_its_own_takes_the_paragraph_place(nlp: Language) -> None:
    doc = nlp("Islamic State fighters attacked army positions in Ramadi on Sunday. "
              "The next day government forces shelled Islamic State positions for hours.")
    shelling = [e for e in doc._.events if e.type == "Explosions/Remote violence"]
    assert shelling and shelling[0].place == "Ramadi"


def test_new_trigger_words_start_events(nlp: Language) -> None:
    from factions.extract.events import EventReader

    reader = EventReader(nlp)
    for word, etype in [("withdraw", "Strategic developments"), ("raid", "Battles"),
                        ("strike", "Explosions/Remote violence"), ("rally", "Protests")]:
        assert reader.triggers[word][0] == etype
    doc = nlp("Islamic State fighters withdrew from Tal Afar on Tuesday.")
    assert any(e.type == "Strategic developments" for e in doc._.events)


def test_a_list_of_countries_is_who_fights_not_where(nlp: Language) -> None:
    places = _places(nlp, "The task force of Nigeria, Niger, Chad and Cameroon fought the jihadists near Baga.",
                     "fought")
    assert places == ["Baga"]


def test_a_trigger_noun_in_the_subject_takes_the_place_its_verb_hits(nlp: Language) -> None:
    assert _places(nlp, "A car bomb hit Hodan market on Friday.", "bomb") == ["Hodan market"]


def test_a_compass_word_before_a_name_is_not_part_of_the_place(nlp: Language) -> None:
    assert _places(nlp, "Iraqi troops recaptured the government complex in central Ramadi on Monday.",
                   "recaptured") == ["Ramadi"]


def test_what_a_battle_or_strike_is_aimed_at_is_its_place(nlp: Language) -> None:
    assert _places(nlp, "Kurdish units fought in the battles for Tel Hamis, Tel Brak and al-Hawl.",
                   "fought") == ["Tel Hamis", "Tel Brak", "al-Hawl"]
    assert _places(nlp, "The rebels launched an offensive on Kafr Nabudah at dawn.", "offensive") == ["Kafr Nabudah"]
    assert _places(nlp, "Government jets carried out an air strike on Maarat Misrin yesterday.",
                   "strike") == ["Maarat Misrin"]


def test_a_named_crossing_or_base_taken_is_the_place(nlp: Language) -> None:
    places = _places(nlp, "The rebels seized the Bab al-Salama crossing on the Turkish border.", "seized")
    assert places and places[0].startswith("Bab al-Salama")


def test_a_people_after_a_preposition_is_not_a_place(nlp: Language) -> None:
    places = _places(nlp, "The militants attacked a checkpoint on the Jordanian border.", "attacked")
    assert "Jordanian" not in places


def test_the_place_inside_a_possessive_is_the_more_specific(nlp: Language) -> None:
    assert _places(nlp, "A gunman opened fire at Baghdad's Mutanabbi Street market on Friday.",
                   "opened") == ["Mutanabbi Street market"]


def test_a_place_acted_on_after_the_trigger_beats_the_scene_set_before_it(nlp: Language) -> None:
    assert _places(nlp, "In Jabal al-Akrad, the army shelled the villages of Kabani and Rabia.",
                   "shelled") == ["Kabani", "Rabia"]


def test_a_protest_with_no_named_group_stands_on_its_place(nlp: Language) -> None:
    doc = nlp("On Friday thousands of residents marched in Basra and Nasiriya against power cuts.")
    protests = [e for e in doc._.events if e.type == "Protests"]
    assert sorted(e.place for e in protests) == ["Basra", "Nasiriya"]
    assert not nlp("Thousands of residents marched against power cuts.")._.events  # no group, no place: nothing


def test_two_events_of_a_type_at_two_places_in_one_sentence(nlp: Language) -> None:
    doc = nlp("Al-Shabaab fighters attacked Afgooye on Monday; Somali troops entered Wanlaweyn and fought "
              "the militants there.")
    places = {e.place for e in doc._.events if e.type == "Battles"}
    assert {"Afgooye", "Wanlaweyn"} <= places


def test_through_and_including_introduce_event_places_but_not_peoples(nlp: Language) -> None:
    assert _places(nlp, "The jihadists swept through Bashir and Taza on Tuesday.", "swept") == ["Bashir", "Taza"]
    assert "Turkish" not in _places(nlp, "Police units, including the Turkish-trained commandos, raided Afgooye.",
                                    "raided")


def test_the_city_of_a_sentence_without_a_place_is_the_town_the_report_is_about(nlp: Language) -> None:
    from factions.extract.learn.places import last_town, town_anaphor

    doc = nlp("Taliban fighters besieged Ghazni for five days. Fighting spread from Ghazni to Paktika province. "
              "The militants burned the city's main market.")
    last = list(doc.sents)[-1]
    assert town_anaphor(doc, (last.start, last.end))
    assert last_town(doc, last.start) == "Ghazni"  # named most; a province is no town
    first = list(doc.sents)[0]
    assert not town_anaphor(doc, (first.start, first.end))
