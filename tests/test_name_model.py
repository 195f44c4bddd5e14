"""The trained name model (factions/extract/name_model.py): fitted on hand-built reports of our own, it
reads name shapes the rules leave alone, in reports it was not fitted on. Real spaCy pipeline, real
model files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from factions.errors import DataError
from factions.extract.actors import ActorFinder
from factions.extract.name_model import CANDIDATES_KEY, NameModel, name_examples
from factions.extract.pipeline import build_pipeline, prepare
from factions.model import Document

# Provincial police forces named by a place and a lowercase "police": a shape no rule reads as a name.
POLICE_REPORTS = [
    ("Sindh police arrested four men in Karachi on Monday. Witnesses in Hyderabad said the raid lasted hours.",
     ["Sindh police"]),
    ("Punjab police said the suspects had planned an attack in Lahore. Residents of Multan were warned.",
     ["Punjab police"]),
    ("Balochistan police clashed with gunmen near Quetta. Officials in Turbat gave no toll.",
     ["Balochistan police"]),
    ("Gilgit police recovered weapons from a house in Skardu. Traders in Hunza closed their shops.",
     ["Gilgit police"]),
    ("Islamabad police sealed the roads around Rawalpindi. Travellers from Murree were turned back.",
     ["Islamabad police"]),
]
# A news agency's name, which the rules read by its head word and no gold file lists as an actor.
AGENCY_REPORTS = [
    ("The Indus Press Agency reported that the Taliban had taken a district centre near Kandahar.", ["Taliban"]),
    ("According to the Khyber Press Agency, the Haqqani Network denied any role in the bombing.",
     ["Haqqani Network"]),
    ("The Kabul Press Agency said the Islamic State Khorasan Province claimed the attack.",
     ["Islamic State Khorasan Province"]),
    ("The Hindukush Press Agency quoted a spokesman of the Pakistani Taliban in Peshawar.", ["Pakistani Taliban"]),
]


def gold(groups: list[str]) -> dict:
    return {"groups": [{"name": g, "aliases": [], "kind": "armed_group"} for g in groups], "persons": []}


@pytest.fixture(scope="module")
def rules_nlp():  # noqa: ANN201
    return build_pipeline(rules_only=True)


def read(nlp, text: str):  # noqa: ANN001, ANN201
    return next(iter(nlp.pipe([prepare(nlp, Document(text=text, published="2023-03-01"))])))


def fitted(nlp, reports: list[tuple[str, list[str]]], **settings) -> NameModel:  # noqa: ANN001, ANN003
    rows = [row for text, groups in reports for row in name_examples(read(nlp, text), gold(groups))]
    return NameModel.fit(rows, **settings)


def mention_texts(doc) -> dict[str, str]:  # noqa: ANN001
    return {m.text: m.source for m in doc._.mentions}


def test_a_held_out_name_shape_is_found_by_the_fitted_model(rules_nlp, tmp_path: Path) -> None:  # noqa: ANN001
    held_out = "Kurram police detained two suspects near Parachinar. Elders in Sadda called for calm."
    assert "Kurram police" not in mention_texts(read(rules_nlp, held_out))  # the rules alone miss it
    model = fitted(rules_nlp, POLICE_REPORTS + AGENCY_REPORTS, threshold=0.5, min_count=1)
    model.write(tmp_path)
    finder = ActorFinder(rules_nlp, str(tmp_path), "apply")
    found = mention_texts(finder(read(rules_nlp, held_out)))
    assert [text for text, source in found.items() if source == "model"] == ["Kurram police"]


def test_a_rule_name_the_fitted_model_reads_as_nothing_is_dropped(rules_nlp, tmp_path: Path) -> None:  # noqa: ANN001
    held_out = "The Helmand Press Agency said Hizb-ul-Ahrar fighters had attacked a checkpoint."
    assert "Helmand Press Agency" in mention_texts(read(rules_nlp, held_out))
    model = fitted(rules_nlp, POLICE_REPORTS + AGENCY_REPORTS, min_count=1, drop_threshold=0.6)
    model.write(tmp_path)
    found = mention_texts(ActorFinder(rules_nlp, str(tmp_path), "apply")(read(rules_nlp, held_out)))
    assert "Helmand Press Agency" not in found
    assert "Hizb-ul-Ahrar" in found  # the catalog's names are never the model's to drop


def test_the_candidates_are_labelled_by_the_gold_names(rules_nlp) -> None:  # noqa: ANN001
    doc = read(rules_nlp, POLICE_REPORTS[0][0])
    labels = {doc[s:e].text: lab for (s, e, _), (_, lab) in zip(doc.user_data[CANDIDATES_KEY],
                                                                   name_examples(doc, gold(["Sindh police"])))}
    assert labels["Sindh police"] == "group"
    assert labels.get("Sindh") in {None, "none"}


def test_fitting_is_deterministic_and_the_file_round_trips(rules_nlp, tmp_path: Path) -> None:  # noqa: ANN001
    a = fitted(rules_nlp, POLICE_REPORTS, min_count=1)
    b = fitted(rules_nlp, POLICE_REPORTS, min_count=1)
    assert a.to_json() == b.to_json()
    a.write(tmp_path)
    loaded = NameModel.load(tmp_path)
    assert loaded is not None and loaded.to_json() == a.to_json()


def test_a_folder_without_a_name_model_has_none_and_a_broken_one_is_an_error(tmp_path: Path) -> None:
    assert NameModel.load(tmp_path) is None
    (tmp_path / "names.json").write_text(json.dumps({"labels": ["none"]}), encoding="utf-8")
    with pytest.raises(DataError):
        NameModel.load(tmp_path)


def test_no_labelled_name_is_an_error() -> None:
    with pytest.raises(DataError):
        NameModel.fit([(["w=x"], "none")])
