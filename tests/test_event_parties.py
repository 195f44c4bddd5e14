"""Generic state-force phrases as event parties, and the date reader's guard against names."""
from __future__ import annotations

from spacy.language import Language

from factions.extract.dates import resolve_date
from factions.extract.learn.state_forces import report_state, state_force_mentions
from factions.extract.learn.state_forces import mention_index_of


def _phrases(nlp: Language, text: str) -> list[tuple[str, str]]:
    """(phrase word, state name) for each state-force phrase the document resolves."""
    doc = nlp(text)
    out = []
    for sent in doc.sents:
        for m in state_force_mentions(doc, (sent.start, sent.end), mention_index_of(doc)):
            out.append((m.text, doc._.clusters[m.cluster].name))
    return out


def test_government_troops_and_the_army_stand_for_the_report_state(nlp: Language) -> None:
    found = _phrases(nlp, "Nigeria has fought Boko Haram since 2009, and Nigeria's president promised victory. "
                          "Government troops drove the militants out of Bama on Monday. "
                          "The army said it lost four soldiers near Gwoza.")
    words = {w.lower() for w, _ in found}
    assert {"troops", "soldiers"} <= words  # "the army" may already be a reference of its own
    assert len({state for _, state in found}) == 1


def test_a_force_with_an_owner_of_its_own_is_left_alone(nlp: Language) -> None:
    found = _phrases(nlp, "Libya's rival governments both claim Tripoli, and Libya has no army of its own. "
                          "Haftar's forces shelled the airport while rebel forces and Turkish soldiers held Misrata.")
    assert {w.lower() for w, _ in found} == set()


def test_no_state_is_chosen_when_two_countries_are_named_alike(nlp: Language) -> None:
    doc = nlp("Kenya and Somalia signed a pact in Nairobi. Troops then crossed the border near Mandera.")
    assert report_state(doc) is None
    assert _phrases(nlp, "Kenya and Somalia signed a pact in Nairobi. Troops then crossed the border near Mandera.") == []


def test_an_army_named_as_the_target_side_of_an_event(nlp: Language) -> None:
    doc = nlp("Iraq declared victory over the Islamic State in December, and Iraq's prime minister thanked the coalition. "
              "Islamic State fighters attacked army positions near Tikrit on Sunday.")
    attack = [e for e in doc._.events if e.type in {"Battles", "Violence against civilians"}]
    sides = {doc._.clusters[c].name for e in attack for c in [*e.actors, *e.targets]}
    assert attack and any("Iraq" in s for s in sides)


def test_names_are_not_dates_and_a_decade_is_a_year() -> None:
    assert resolve_date("Doreen", "2015-06-10") == (None, None)
    assert resolve_date("Alastair Weekes", "2015-06-10") == (None, None)
    assert resolve_date("the 1990s", "2015-06-10") == ("1990-01-01", 3)
    assert resolve_date("mid-2015", "2015-06-10") == ("2015-01-01", 3)
    assert resolve_date("3 weeks ago", "2015-06-10") == ("2015-05-20", 2)
