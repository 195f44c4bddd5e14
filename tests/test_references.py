"""References an actor is not named by: plural phrases, descriptions, pronouns, "X's Syrian branch".

The real pipeline (spaCy model + factions components) reads short texts written
for these tests; each checks which actors a reference stands for, or the
relation that only a resolved reference can give. The negative cases matter as
much: a reference resolved by guess creates a false relation.
"""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from factions.extract.learn.pairs import sentence_pairs
from factions.extract.pipeline import build_pipeline, extract
from factions.extract.plural import PLURAL_RECENT
from factions.extract.reference import SPEAKER
from factions.model import Document


def parse(text: str) -> Doc:
    nlp = build_pipeline()
    doc = nlp.make_doc(text)
    return nlp(doc)


def stands_for(doc: Doc, word: str, nth: int = 0) -> set[str]:
    """The names of the actors the mentions over the nth token `word` resolve to."""
    hits = [t.i for t in doc if t.text == word]
    assert len(hits) > nth, f"{word!r} not in the text"
    i = hits[nth]
    clusters = doc._.clusters
    return {clusters[m.cluster].name for m in doc._.mentions
            if m.start <= i < m.end and m.cluster is not None}


def facts(text: str) -> set[tuple[str, str, str]]:
    out = extract(Document(text=text, published="2019-05-02")).to_json()
    return {(r["subject"], r["predicate"], r["object"]) for r in out["relations"]}


def related(found: set[tuple[str, str, str]], a: str, predicate: str, b: str) -> bool:
    return any(p == predicate and ((a in s and b in o) or (a in o and b in s)) for s, p, o in found)


# -- plural references ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, word, expected", [
    ("Jabhat al-Nusra and Ahrar al-Sham took Jisr al-Shughur in April. "
     "Since the summer the two groups have quarrelled over the crossing.", "groups", {"Nusra", "Ahrar"}),
    ("Hamas and Palestinian Islamic Jihad rejected the proposal on Sunday. "
     "Both movements said the blockade had to end first.", "movements", {"Hamas", "Jihad"}),
    ("Kataib Hezbollah, Asaib Ahl al-Haq and the Badr Organization sent men to Tikrit. "
     "The three factions have long taken orders from commanders close to Tehran.", "factions", {"Kataib", "Asaib", "Badr"}),
])
def test_numbered_plural_stands_for_the_coordinated_actors(text: str, word: str, expected: set[str]) -> None:
    names = stands_for(parse(text), word)
    assert len(names) == len(expected)
    assert all(any(e in n for n in names) for e in expected), names


def test_plural_number_that_does_not_match_resolves_to_nothing() -> None:
    # three groups in play and "the two groups": which two is a guess
    doc = parse("Jaysh al-Islam, Faylaq al-Rahman and Ahrar al-Sham held talks in Ankara on Monday. "
                "The two groups later issued a joint statement.")
    assert stands_for(doc, "groups") == set()


def test_bare_both_takes_a_list_and_nothing_else() -> None:
    listed = parse("Kataib Hezbollah and the Badr Organization, both backed by Iran, sent men to Amerli.")
    names = stands_for(listed, "both")
    assert len(names) == 2 and any("Kataib" in n for n in names) and any("Badr" in n for n in names)
    # two actors named, none listed: "both" is the two claims, not the two groups
    unlisted = parse("Ahrar al-Sham blamed the bombing on the regime. Jaysh al-Islam blamed a rival cell. "
                     "Frankly, both could be true.")
    assert stands_for(unlisted, "both") == set()


def test_countries_named_as_places_are_not_a_plurals_actors() -> None:
    doc = parse("Ansar Dine moved its fighters between bases in Mali and Niger all year. "
                "The two sides met near Gao in March.")
    assert not {"Mali", "Niger"} & stands_for(doc, "sides")


@pytest.mark.parametrize("text, expected", [
    ("Hezbollah and the Houthis condemned the strikes, and they promised a response.", {"Hezbollah", "Houthi"}),
    ("The Taliban and the Haqqani network met in Quetta. They agreed to share the spoils of the offensive.",
     {"Taliban", "Haqqani"}),
])
def test_they_after_a_coordinated_subject_stands_for_each(text: str, expected: set[str]) -> None:
    word = "they" if " they " in text else "They"
    names = stands_for(parse(text), word)
    assert len(names) == len(expected), names
    assert all(any(e in n for n in names) for e in expected), names


def test_the_two_factions_fought_each_other_is_a_relation_between_them() -> None:
    found = facts("Jabhat al-Nusra and the Syria Revolutionaries Front shared the checkpoints of Jabal al-Zawiya "
                  "for a year. In October the two factions fought each other for the villages of the mountain.")
    assert related(found, "Nusr", "fights_against", "Syria Revolutionaries Front")


def test_both_groups_as_an_object_gives_a_relation_with_each() -> None:
    found = facts("Ansar al-Sharia and the Derna Mujahideen Shura Council held the old city of Derna. "
                  "In 2018 the Libyan National Army attacked both groups with air support.")
    assert related(found, "Libyan National Army", "fights_against", "Ansar al-Sharia")
    assert related(found, "Libyan National Army", "fights_against", "Derna Mujahideen")


def notes_over(doc: Doc, word: str) -> set[str | None]:
    """How the reference mentions over the first token `word` were read (their notes)."""
    i = next(t.i for t in doc if t.text == word)
    return {m.note for m in doc._.mentions if m.start <= i < m.end and m.generic}


def test_the_two_factions_are_the_last_two_named_when_a_third_is_in_view() -> None:
    doc = parse("In May the Islamic State named a new governor, and Ansaru split from Boko Haram. "
                "Since then the two factions have fought each other.")
    names = stands_for(doc, "factions")
    assert len(names) == 2 and any("Ansaru" in n for n in names) and any("Boko" in n for n in names), names
    assert notes_over(doc, "factions") == {PLURAL_RECENT}  # the decider is told it was read by recency alone
    pairs = [c for s in doc.sents if "factions" in s.text
             for c in sentence_pairs(doc, (s.start, s.end), doc._.mentions, doc._.clusters, doc._.relations)]
    assert any(f"how-a:{PLURAL_RECENT}" in c.features and f"how-b:{PLURAL_RECENT}" in c.features for c in pairs)


def test_a_reporting_verbs_subject_is_the_it_of_its_clause_whatever_its_kind() -> None:
    doc = parse("Kataib Hezbollah fired rockets at the base on Monday. "
                "The Iraqi government said it would arrest those responsible.")
    assert any("Iraq" in n for n in stands_for(doc, "it")), stands_for(doc, "it")
    assert notes_over(doc, "it") == {SPEAKER}
    # a verb that reports nothing does not hand its subject to the pronoun of its clause
    found = parse("Kataib Hezbollah fired rockets at the base on Monday. "
                  "The Iraqi government found it had been hit twice.")
    assert SPEAKER not in notes_over(found, "it")


def test_listed_speakers_are_each_the_they_of_what_they_said() -> None:
    doc = parse("Al-Shabaab fighters crossed into the Somali region in July. "
                "The Liyu Police and the Ethiopian National Defence Force said they had killed hundreds of them.")
    names = stands_for(doc, "they")
    assert len(names) == 2 and any("Liyu" in n for n in names) and any("Defence Force" in n for n in names), names
    # a single "it" never stands for a list of speakers
    listed = parse("The Liyu Police and the Ethiopian National Defence Force said it was over.")
    assert SPEAKER not in notes_over(listed, "it")


def test_a_description_in_a_subordinate_clause_may_mean_the_actor_of_the_main_clause() -> None:
    doc = parse("Al-Shabaab fighters held the market in Elasha Biyaha for a day before the group withdrew to Afgoye.")
    names = stands_for(doc, "group")
    assert len(names) == 1 and "Shabaab" in next(iter(names)), names
    # in the actor's own clause the description is someone else, and nobody else is in view
    same = parse("Jaysh al-Islam attacked a checkpoint of the group in Douma.")
    assert stands_for(same, "group") == set()


# -- descriptions and pronouns -----------------------------------------------------------------------------

def test_the_group_follows_the_subject_not_the_last_name() -> None:
    doc = parse("Jaysh al-Islam is a Salafist rebel group of the Eastern Ghouta. "
                "In 2016 it fought Faylaq al-Rahman for control of the farmland. "
                "In 2018 the group left the Ghouta for the north under a deal with Russia.")
    assert stands_for(doc, "it") == {"Jaysh al-Islam"}
    assert stands_for(doc, "group", 1) == {"Jaysh al-Islam"}


@pytest.mark.parametrize("text, word, expected", [
    ("The Kenya Defence Forces said its troops had repelled the assault on the camp.", "its", "Kenya Defence"),
    ("Al-Shabaab said its fighters had overrun the base at El Adde.", "its", "Shabaab"),
    # an actor inside an apposition or a relative clause does not bind a pronoun of the main clause
    ("Hamas, the old rival of Fatah, said its fighters would stay in Gaza.", "its", "Hamas"),
    ("Ahrar al-Sham, which the Nusra Front accused of treason, said its commanders had left Idlib.", "its",
     "Ahrar"),
])
def test_possessive_pronoun_binds_to_the_actor_of_its_sentence(text: str, word: str, expected: str) -> None:
    names = stands_for(parse(text), word)
    assert len(names) == 1 and expected in next(iter(names)), names


def test_reflexive_pronoun_is_its_clause_subject() -> None:
    doc = parse("Ahrar al-Sham met the Turkish delegation. In July Jabhat al-Nusra renamed itself.")
    names = stands_for(doc, "itself")
    assert len(names) == 1 and "Nusr" in next(iter(names))


def test_a_leaders_loyalists_are_not_the_government() -> None:
    doc = parse("Shekau refused to step aside, and his loyalists split from ISWAP in Borno.")
    kinds = {doc._.clusters[m.cluster].kind for m in doc._.mentions if m.text == "loyalists"}
    assert "state_forces" not in kinds


def test_an_actor_named_long_before_is_not_what_it_means() -> None:
    doc = parse("Ahrar al-Sham issued a statement on Monday. Residents said the market was crowded. "
                "The power came back at noon. Nobody could explain it.")
    assert stands_for(doc, "it") == set()


@pytest.mark.parametrize("text, word, expected", [
    # the subject of the last sentence is a coalition: "the coalition" is it, not the one named paragraphs before
    ("The US-led coalition bombed Raqqa in June. Residents fled east. Many reached Deir ez-Zor. Others stayed. "
     "In the north, Jaish al-Fatah took Idlib city after four days of fighting. "
     "The coalition brings together Jabhat al-Nusra and Ahrar al-Sham.", "coalition", "Fatah"),
    # the subject of the last sentence is no council: "the council" is the one the report named
    ("The Manbij Military Council surrounded the town in June. On the way out, IS fighters took hundreds of "
     "civilians with them. The council says it let the convoy go.", "council", "Manbij"),
])
def test_a_description_weighs_salience_against_a_name_that_shares_its_noun(text: str, word: str,
                                                                            expected: str) -> None:
    doc = parse(text)
    names = stands_for(doc, word, sum(1 for t in doc if t.text == word) - 1)  # the last one: the description
    assert len(names) == 1 and expected in next(iter(names)), names


def test_coalition_as_a_modifier_is_the_coalition_the_report_names() -> None:
    # "coalition airstrikes" is the air coalition, even just after a rebel coalition was the subject
    doc = parse("Jaish al-Mujahideen is a rebel coalition of western Aleppo. The group held the Kafr Hamra road "
                "for a year. Residents blamed the recent coalition airstrikes near Atmeh on the international "
                "coalition.")
    names = stands_for(doc, "coalition", 1)
    assert len(names) == 1 and "international coalition" in next(iter(names)).lower(), names


def test_a_profile_sentence_opening_with_it_means_the_profiles_actor() -> None:
    doc = parse("Jaysh al-Islam is a Salafist faction of the Eastern Ghouta. Jaysh al-Islam was led by Zahran "
                "Alloush until 2015. Under Alloush, Jaysh al-Islam held Douma. Residents remember the hunger of "
                "the siege. Later that year the bakeries closed. It later joined a unified command.")
    assert stands_for(doc, "It") == {"Jaysh al-Islam"}


# -- relational descriptions ------------------------------------------------------------------------------

def test_al_qaedas_syrian_branch_is_the_branch_the_report_names() -> None:
    text = ("Jabhat al-Nusra took Idlib city in March 2015 with its allies. "
            "Ahrar al-Sham officials complained that al-Qaeda's Syrian branch had taken the best houses.")
    names = stands_for(parse(text), "branch")
    assert len(names) == 1 and "Nusr" in next(iter(names))
    assert related(facts(text), "Nusr", "branch_of", "Qaeda")


def test_a_branch_the_report_does_not_name_stays_unresolved() -> None:
    # al-Shabaab is al-Qaeda's Somali branch, but this report never names it: no guess across the catalog
    doc = parse("Jabhat al-Nusra took Idlib city in March 2015. "
                "Analysts said al-Qaeda's Somali branch had sent no fighters.")
    assert stands_for(doc, "branch") == set()
