"""The trained deciders: the linear model, gold alignment, training from a corpus and from curation, --model.

The corpus here is three short reports written for these tests, with gold files in
the project's format; training runs the real pipeline and the real CLI.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, run_cli

from factions.errors import DataError
from factions.extract.learn.align import evidence_sentences, gold_key, resolve_same_sentence
from factions.extract.learn.linear import SoftmaxModel

REPORTS = {
    "train/a_clashes.txt": (
        "Clashes around Saraqib\n\nSaraqib, 3 May 2015\n\n"
        "Ahrar al-Sham fought alongside Jaysh al-Islam against the Islamic State near Saraqib on Friday. "
        "The Islamic State shelled the village of Tell Mardikh, residents said. "
        "Jaysh al-Islam later seized the town of Kafr Nabl.\n",
        {"groups": [{"name": "Ahrar al-Sham"}, {"name": "Jaysh al-Islam"}, {"name": "Islamic State", "aliases": ["IS"]}],
         "relations": [
             {"subject": "Ahrar al-Sham", "predicate": "fights_alongside", "object": "Jaysh al-Islam",
              "evidence": "Ahrar al-Sham fought alongside Jaysh al-Islam against the Islamic State near Saraqib on Friday."},
             {"subject": "Ahrar al-Sham", "predicate": "fights_against", "object": "Islamic State", "evidence": "same sentence"}],
         "events": [
             {"type": "Battles", "sub_event_type": "Armed clash", "actors": ["Ahrar al-Sham", "Jaysh al-Islam"],
              "targets": ["Islamic State"], "place": "Saraqib", "evidence": "... against the Islamic State near Saraqib ..."},
             {"type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
              "actors": ["Islamic State"], "targets": [], "place": "Tell Mardikh",
              "evidence": "The Islamic State shelled the village of Tell Mardikh, residents said."}]}),
    "train/b_alliance.txt": (
        "A new alliance in Idlib\n\nIdlib, 9 June 2015\n\n"
        "The Sham Legion joined the Army of Conquest in Idlib on Tuesday. "
        "The Army of Conquest attacked government positions near Ariha. "
        "The Sham Legion is backed by Turkey, officials said.\n",
        {"groups": [{"name": "Sham Legion", "aliases": ["Faylaq al-Sham"]}, {"name": "Army of Conquest"},
                    {"name": "Syrian government"}, {"name": "Turkey"}],
         "relations": [
             {"subject": "Sham Legion", "predicate": "member_of", "object": "Army of Conquest",
              "evidence": "The Sham Legion joined the Army of Conquest in Idlib on Tuesday."},
             {"subject": "Sham Legion", "predicate": "backed_by", "object": "Turkey",
              "evidence": "The Sham Legion is backed by Turkey, officials said."}],
         "events": [{"type": "Battles", "sub_event_type": "Armed clash", "actors": ["Army of Conquest"],
                     "targets": ["Syrian government"], "place": "Ariha",
                     "evidence": "The Army of Conquest attacked government positions near Ariha."}]}),
    "dev/c_raid.txt": (
        "Raid near Atareb\n\nAtareb, 2 July 2015\n\n"
        "Jaysh al-Islam fought the Islamic State near Atareb on Sunday.\n",
        {"groups": [{"name": "Jaysh al-Islam"}, {"name": "Islamic State"}],
         "relations": [{"subject": "Jaysh al-Islam", "predicate": "fights_against", "object": "Islamic State",
                        "evidence": "Jaysh al-Islam fought the Islamic State near Atareb on Sunday."}],
         "events": [{"type": "Battles", "sub_event_type": "Armed clash", "actors": ["Jaysh al-Islam"],
                     "targets": ["Islamic State"], "place": "Atareb",
                     "evidence": "Jaysh al-Islam fought the Islamic State near Atareb on Sunday."}]}),
}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "eval"
    for rel, (text, gold) in REPORTS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        (path.parent / f"{path.stem}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_softmax_learns_separable_labels_and_round_trips() -> None:
    examples = [["bias", "w:clash"], ["bias", "w:clash", "w:near"], ["bias", "w:truce"], ["bias", "w:truce", "w:sign"],
                ["bias", "w:weather"], ["bias", "w:weather", "w:near"]] * 3
    labels = ["battle", "battle", "agreement", "agreement", "none", "none"] * 3
    model = SoftmaxModel.fit(examples, labels, epochs=20, seed=3)
    probs = model.probabilities(["bias", "w:clash"])
    assert max(probs, key=probs.get) == "battle"
    assert max(model.probabilities(["bias", "w:truce", "w:unseen"]).items(), key=lambda kv: kv[1])[0] == "agreement"
    again = SoftmaxModel.fit(examples, labels, epochs=20, seed=3)
    assert again.to_json() == model.to_json()  # deterministic
    loaded = SoftmaxModel.from_json(json.loads(json.dumps(model.to_json())))
    assert loaded.probabilities(["bias", "w:truce"]) == pytest.approx(model.probabilities(["bias", "w:truce"]), abs=0.01)


def test_rare_features_are_left_out() -> None:
    model = SoftmaxModel.fit([["a", "once"], ["a"], ["b"], ["b"]], ["x", "x", "y", "y"], min_count=2)
    assert "once" not in model.features and "a" in model.features


def test_malformed_model_data_is_a_data_error() -> None:
    with pytest.raises(DataError):
        SoftmaxModel.from_json({"labels": ["none"], "weights": {"f": {"7": 1.0}}, "bias": [0.0]})


def test_gold_alignment_reads_fragments_and_same_sentence(nlp) -> None:
    assert gold_key("Jaysh al-Islam") == gold_key("Jaish al Islam")
    doc = nlp("Nusra attacked Hazm near Idlib. The US-backed Harakat Hazm lost two villages. Nothing else happened.")
    sents = list(doc.sents)
    assert evidence_sentences(doc, "The US-backed Harakat Hazm ...") == [(sents[1].start, sents[1].end)]
    assert evidence_sentences(doc, "Nusra attacked Hazm near Idlib.") == [(sents[0].start, sents[0].end)]
    items = resolve_same_sentence([{"evidence": "first one"}, {"evidence": "same sentence (both sides)"}])
    assert items[1]["evidence"] == "first one"


def test_event_place_from_a_locative_phrase(nlp) -> None:
    from factions.extract.learn.places import event_place

    doc = nlp("Badr and Asaib Ahl al-Haq fought IS around al-Dour while the army advanced from Samarra in March.")
    sent = next(doc.sents)
    trigger = next(t for t in doc if t.lower_ == "fought")
    assert event_place(doc, (sent.start, sent.end), trigger) == "al-Dour"


def test_train_writes_a_deterministic_model_that_extract_uses(corpus_dir: Path, tmp_path: Path) -> None:
    scorer = str(SHARED / "eval" / "score.py")
    empty = tmp_path / "no-extra"  # no seed from a shared/ folder that happens to sit above the temp dir
    empty.mkdir()
    first = run_cli("train", "--corpus", str(corpus_dir), "--out", str(tmp_path / "m1"), "--scorer", scorer,
                    "--extra", str(empty), "--format", "json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["counts"]["train_documents"] == 2 and summary["counts"]["relation_examples"] > 0
    assert set(summary["scores"]) == {"dev"} and "relations" in summary["scores"]["dev"]
    assert {p.name for p in (tmp_path / "m1").iterdir()} == {"meta.json", "relations.json", "events.json", "roles.json"}
    second = run_cli("train", "--corpus", str(corpus_dir), "--out", str(tmp_path / "m2"), "--scorer", scorer,
                     "--extra", str(empty), "--format", "json")
    assert json.loads(second.stdout)["version"] == summary["version"]
    assert (tmp_path / "m1" / "relations.json").read_bytes() == (tmp_path / "m2" / "relations.json").read_bytes()

    report = corpus_dir / "dev" / "c_raid.txt"
    extracted = run_cli("extract", str(report), "--model", str(tmp_path / "m1"))
    assert extracted.returncode == 0, extracted.stderr
    extractor = json.loads(extracted.stdout)["extractor"]
    assert extractor["name"] == "factions-model" and extractor["version"].endswith(summary["version"])


def test_a_missing_model_folder_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("extract", str(SHARED / "seed" / "000_1419a0e6fcd13314.txt"), "--model", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "factions train" in result.stderr


def test_train_without_a_train_split_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m"))
    assert result.returncode == 2 and "train/" in result.stderr


def test_curated_claims_become_partial_examples(corpus_dir: Path, tmp_path: Path) -> None:
    from factions.jobs.train import curated_documents
    from factions.store import Store
    from factions.store import curation

    db = tmp_path / "store.db"
    ingested = run_cli("ingest", str(corpus_dir / "train" / "b_alliance.txt"), "--db", str(db), "--quiet")
    assert ingested.returncode == 0, ingested.stderr
    with Store(db) as store:
        claims = store.conn.execute("SELECT id, predicate FROM claims ORDER BY id").fetchall()
        assert claims, "the report yields claims"
        curation.set_claim_status(store.conn, claims[0][0], "reject", "tester", "not what it says")
    docs = curated_documents(db)
    assert len(docs) == 1 and docs[0].partial
    rels = docs[0].gold["relations"]
    assert len(rels) == 1 and rels[0]["rejected"] and rels[0]["predicate"] == claims[0][1]
    trained = run_cli("train", "--corpus", str(corpus_dir), "--db", str(db), "--out", str(tmp_path / "m"),
                      "--format", "json", "--scorer", str(tmp_path / "no-scorer.py"))
    assert trained.returncode == 0, trained.stderr
    assert json.loads(trained.stdout)["counts"]["curated_documents"] == 1


# Hand-built pairs for the relation decider: each sentence names two groups, the first of them first.
# Training uses some verbs of a lexicon cue list; the held-out sentences use others of the same lists.
_GROUPS = ["Ahrar al-Sham", "Jaysh al-Islam", "Faylaq al-Sham", "Nour al-Din al-Zenki", "Hayat Tahrir al-Sham",
           "Jaysh al-Izza", "al-Shabaab", "Boko Haram", "the Houthis", "Hezbollah", "Kataib Hezbollah", "the Taliban"]
_PLACES = ["Idlib", "Saraqib", "Ariha", "Atareb", "Mosul", "Mogadishu"]
_TRAINING = [("{a} attacked {b} near {p} on Monday.", "fights_against"),
             ("{a} ambushed {b} outside {p} last week.", "fights_against"),
             ("{a} shelled {b} positions around {p}.", "fights_against"),
             ("{a} funds {b}, officials in {p} said.", "backed_by<"),
             ("{a} supports {b} with money and advisers in {p}.", "backed_by<"),
             ("{a} trains {b} recruits near {p}.", "backed_by<"),
             ("{a} held a rally in {p} while {b} stayed quiet.", "none"),
             ("{a} opened an office in {p}; {b} said nothing about it.", "none")]


def _pairs(texts: list[str]) -> list[list[str]]:
    """The features of the one candidate pair of each text, read by the rule pipeline."""
    from factions.extract.learn.pairs import sentence_pairs
    from factions.extract.pipeline import build_pipeline

    rules = build_pipeline(rules_only=True)
    out = []
    for doc in rules.pipe(texts):
        pairs = [c for s in doc.sents for c in sentence_pairs(doc, (s.start, s.end), doc._.mentions,
                                                             doc._.clusters, doc._.relations)]
        assert len(pairs) == 1, f"expected one pair in {doc.text!r}"
        out.append(pairs[0].features)
    return out


def test_a_decider_trained_on_hand_built_pairs_decides_held_out_constructions() -> None:
    from factions.extract.learn.examples import Examples
    from factions.extract.learn.train import fit_relations, relation_fit_settings

    texts, labels = [], []
    for i, (template, label) in enumerate(_TRAINING * 3):
        a, b = _GROUPS[i % len(_GROUPS)], _GROUPS[(i * 5 + 3) % len(_GROUPS)]
        texts.append(template.format(a=a, b=b, p=_PLACES[i % len(_PLACES)]))
        labels.append(label)
    model = fit_relations(Examples(relations=_pairs(texts), relation_labels=labels), **relation_fit_settings())
    held_out = {"Jaysh al-Nasr besieged the Hamza Division near Jisr al-Shughur.": "fights_against",
                "Jaysh al-Nasr finances the Hamza Division, a monitor in Latakia said.": "backed_by<",
                "Jaysh al-Nasr held a meeting in Latakia while the Hamza Division stayed away.": "none"}
    for features, expected in zip(_pairs(list(held_out)), held_out.values()):
        probs = model.probabilities(features)
        assert max(probs, key=probs.get) == expected, (expected, sorted(probs.items(), key=lambda kv: -kv[1])[:3])


def test_a_lighter_none_weight_makes_none_less_likely() -> None:
    examples = [["bias", "w:near"], ["bias", "w:near", "w:clash"], ["bias", "w:near"], ["bias", "w:clash"]] * 4
    labels = ["none", "battle", "none", "battle"] * 4
    plain = SoftmaxModel.fit(examples, labels, epochs=10, seed=3)
    light = SoftmaxModel.fit(examples, labels, epochs=10, seed=3, label_weights={"none": 0.3})
    averaged = SoftmaxModel.fit(examples, labels, epochs=10, seed=3, average=True)
    assert light.probabilities(["bias", "w:near"])["none"] < plain.probabilities(["bias", "w:near"])["none"]
    assert averaged.to_json() == SoftmaxModel.fit(examples, labels, epochs=10, seed=3, average=True).to_json()
    assert averaged.to_json() != plain.to_json()


def test_a_pair_restated_outside_its_evidence_sentence_is_not_taught_as_none() -> None:
    from factions.extract.learn.examples import relation_examples
    from factions.extract.pipeline import build_pipeline

    text = ("Ahrar al-Sham attacked Jaysh al-Islam near Idlib on Monday. "
            "On Tuesday Ahrar al-Sham again attacked Jaysh al-Islam outside Saraqib.")
    gold = {"groups": [{"name": "Ahrar al-Sham"}, {"name": "Jaysh al-Islam"}],
            "relations": [{"subject": "Ahrar al-Sham", "predicate": "fights_against", "object": "Jaysh al-Islam",
                           "evidence": "Ahrar al-Sham attacked Jaysh al-Islam near Idlib on Monday."}]}
    doc = build_pipeline(rules_only=True)(text)
    assert relation_examples(doc, gold).relation_labels == ["fights_against"]
    assert relation_examples(doc, gold, skip_restated=False).relation_labels == ["fights_against", "none"]


def test_probability_rows_match_one_by_one_probabilities() -> None:
    examples = [["bias", "w:clash"], ["bias", "w:truce", "w:sign"], ["bias", "w:weather"]] * 2
    model = SoftmaxModel.fit(examples, ["battle", "agreement", "none"] * 2, epochs=5, seed=3)
    asked = [["bias", "w:clash"], ["w:unseen"], [], ["w:truce", "w:clash", "w:truce"]]
    rows = model.probability_rows(asked)
    assert len(rows) == len(asked)
    for features, row in zip(asked, rows):
        assert row == pytest.approx(model.probabilities(features), abs=1e-9)
    assert model.probability_rows([]) == []


def test_pairs_of_two_theatres_in_one_construction_share_their_class_features() -> None:
    # the same shapes with other names, places and verbs of the same cue list: what a model learns from the
    # first theatre's sentence it can apply to the second
    families = ("clca", "clca-roles", "cpath", "cprep-a", "cprep-b", "cgap", "nom")
    syria, somalia = _pairs(["Ahrar al-Sham fought alongside Jaysh al-Islam near Saraqib.",
                             "al-Shabaab battled alongside Hizbul Islam outside Mogadishu."])
    shared = {f for f in syria if f.split(":")[0] in families} & set(somalia)
    assert "cprep-b:alongside" in shared and any(f.startswith("cpath:") for f in shared)
    between, ally, talks = _pairs(["Clashes between Ahrar al-Sham and Jaysh al-Islam left ten dead.",
                                   "Hezbollah's ally Amal kept quiet.",
                                   "Ahrar al-Sham held talks with Jaysh al-Islam in Idlib."])
    assert "nom:between-A-and-B" in between
    assert "nom:A's-rel-ally_of-B" in ally  # "ally" stands for its cue list, not for itself
    assert "cprep-b:with" in talks and "nom:A-rel-negotiates_with-with-B" in talks


def test_a_light_head_verb_lends_its_relation_word_and_the_kinds_of_both_ends() -> None:
    # "held talks with", "signed a truce with": the head is a light verb, the relation word is its object; the
    # word's cue list is a feature in both theatres, and crossed with the kinds of the two ends
    syria, yemen = _pairs(["Ahrar al-Sham held talks with Jaysh al-Islam in Idlib.",
                           "The Houthis signed a truce with the Southern Transitional Council in Aden."])
    assert "tcue-child:learn_cues_negotiation" in yemen  # "truce": a noun of the list, under "signed"
    assert any(f.startswith("tcue-k:rel-negotiates_with|") for f in syria)  # "talks": the verb list's lemma
    clash, = _pairs(["Ahrar al-Sham fought Jaysh al-Islam near Saraqib."])
    assert "tcue:rel-fights_against" in clash and "tcue-child:learn_cues_negotiation" not in clash


def test_each_predicate_has_its_own_threshold_and_a_related_pair_its_likeliest_label() -> None:
    from factions.extract.relation_model import chosen_labels

    probs = {"none": 0.35, "fights_alongside": 0.3, "ally_of": 0.25, "member_of>": 0.1}
    assert chosen_labels(probs, {"relation": 0.4}) == []
    assert chosen_labels(probs, {"relation": 0.4, "relation:ally_of": 0.2}) == [("ally_of", 0.25)]
    # all the labels but none together hold 0.65: the likeliest alone is asserted
    assert chosen_labels(probs, {"relation": 0.4, "relation_any": 0.6}) == [("fights_alongside", 0.3)]
    assert chosen_labels(probs, {"relation": 0.4, "relation_any": 0.7}) == []
    sure = {"none": 0.1, "fights_against": 0.5, "denounces>": 0.4}
    assert chosen_labels(sure, {"relation": 0.4, "relation_any": 0.6}) == [("fights_against", 0.5),
                                                                          ("denounces>", 0.4)]
    assert chosen_labels(sure, {"relation": 0.4, "relation:member_of": 0.1, "relation:denounces": 0.45}) == [
        ("fights_against", 0.5)]
