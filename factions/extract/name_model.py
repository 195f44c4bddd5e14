"""A trained second reading of the names the rules leave unclaimed.

The rules of `actors.py` find names by catalog, by head word and by spaCy's NER. What they leave
is mostly the name shapes a theatre has and the rules were not written for: "the Halbous brigade"
in a sentence-initial run, "Khyber Pakhtunkhwa police", "2nd Military Region", a bare Somali unit
name. This module lists the spans no rule claimed (capitalised runs, with the group noun that
follows them), describes each with a few dozen string features (its words, lowercased head, shape,
particles, the words around it, spaCy's entity label, catalog, place and title cues), and a
softmax model (`learn/linear.py`) trained by `factions train` on the gold names of the training
split says whether it names a group, a person, or nothing. The rules stay first: the model only
adds mentions where no rule put one.

    candidates(finder, doc, taken) -> [(start, end, features)]
    NameModel.load(folder) -> NameModel | None;  model.decide(features) -> kind | None
    name_examples(doc, gold) -> [(features, label)]   (training rows, read after a rules-only run)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Sequence

from spacy.tokens import Doc

from factions.errors import DataError
from factions.extract.learn.linear import SoftmaxModel
from factions.extract.resources import words
from factions.extract.tokens import columns, span_text, tokens
from factions.names import name_key



class NameReader(Protocol):
    """What the features read off the actor finder (factions/extract/actors.py): its word lists and runs."""

    cat: Any
    places: Any
    group_nouns: frozenset[str]
    sentence_openers: set[str]
    descriptors: set[str]
    arabic_heads: set[str]
    leading_heads: dict[str, str]
    english_heads: set[str]
    demonyms: dict[str, str]
    demonym_plurals: dict[str, str]
    person_markers: set[str]
    titles: set[str]
    locatives: set[str]

    def _runs(self, doc: Doc) -> list[tuple[int, int]]: ...

    def _particle(self, doc: Doc, i: int) -> bool: ...

    def _occurrences(self, word: str) -> int: ...

FILE = "names.json"
LABELS = ("group", "person", "none")
SETTINGS: dict[str, Any] = {"epochs": 20, "l2": 1e-3, "min_count": 2, "none_weight": 1.0, "average": True}
# Thresholds from leave-one-theatre-out folds on train + dev (bench/name_model_lab.py, 13 folds): adding the
# unclaimed spans the model reads as names found fewer new actors than false ones at every threshold
# (0.6: 12 / 58, 0.8: 8 / 19, 0.9: 4 / 8), so the shipped model adds none (above 1); dropping the rules'
# shape/NER names it reads as nothing at p(none) >= 0.85 removed 44 false names and 13 right ones
# (0.75: 50 / 23), the shapes the rules are surest of left out (see rule_candidates).
THRESHOLD = 1.01
MAX_WORDS = 6
CANDIDATES_KEY = "factions_name_candidates"
# Rule readings the model may drop: names by shape or NER alone, never the catalog's.
RULE_SOURCES = frozenset({"shape", "ner", "shape-person"})
# A rule's name is dropped only when the model is this sure it names nothing (the rules are kept first).
DROP_THRESHOLD = 0.85


def _shape(text: str) -> str:
    out = []
    for c in text:
        s = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:6]


def group_nouns() -> frozenset[str]:
    """Lowercase nouns that end a group's name in running text ("the Sawaiq brigade", "Afghan police")."""
    return frozenset(words("lowercase_org_heads") | words("name_model_group_nouns"))


def candidates(finder: NameReader, doc: Doc, taken: Sequence[bool],
               soft: Sequence[bool]) -> list[tuple[int, int, list[str]]]:
    """Spans of unclaimed tokens that could be names: each capitalised run (less the words that open
    sentences and the descriptors before names), and the run with the group noun after it. `soft`
    tokens are claimed by a weak reading (a place by NER or by shape alone) that the model may overrule;
    a nationality alone is left to the alias forms ("American" for the United States)."""
    toks = tokens(doc)
    lower = columns(doc).lower
    nouns = finder.group_nouns
    out = []
    for start, end in finder._runs(doc):
        while start < end and (toks[start].text in finder.sentence_openers or lower[start] in finder.descriptors):
            start += 1
        while end > start and (toks[end - 1].is_punct or toks[end - 1].tag_ == "POS"):
            end -= 1
        if start >= end or end - start > MAX_WORDS or any(taken[start:end]):
            continue
        if end - start == 1 and (lower[start] in finder.demonyms or lower[start] in finder.demonym_plurals):
            continue
        spans = [(start, end)]
        if end < len(doc) and lower[end] in nouns and not taken[end] and not toks[end].is_sent_start:
            spans.append((start, end + 1))
        for s, e in spans:
            feats = features(finder, doc, s, e)
            if any(soft[s:e]):
                feats.append("weak_place")
            out.append((s, e, feats))
    return out


def rule_candidates(finder: NameReader, doc: Doc, mentions: Sequence[Any]) -> list[tuple[int, int, list[str]]]:
    """The rules' own readings that no catalog backs (a name by shape or by NER), for the model to keep
    or drop: the features of an unclaimed span, and which rule read it as what."""
    lower = columns(doc).lower
    text = columns(doc).text
    # the shape rules' surest readings are kept: a name opened by an Arabic head ("Liwa ...", "Katibat ...")
    # or by a head of its own ("Operation Euphrates Shield"), or with its group noun in lowercase after it
    # ("the Souq al-Juma brigades")
    return [(m.start, m.end, [*features(finder, doc, m.start, m.end), f"rule={m.source}", f"rule_kind={m.kind}"])
            for m in mentions if m.source in RULE_SOURCES and m.kind != "place" and m.kind != "weapon"
            and not any(w in finder.arabic_heads for w in lower[m.start:m.end])
            and not (lower[m.end - 1] in finder.group_nouns and text[m.end - 1].islower())
            and lower[m.start] not in finder.leading_heads]


def features(finder: NameReader, doc: Doc, start: int, end: int) -> list[str]:
    toks = tokens(doc)
    lower = columns(doc).lower
    words_ = lower[start:end]
    text = span_text(doc[start:end])
    prev = lower[start - 1] if start > 0 else "<s>"
    prev2 = lower[start - 2] if start > 1 else "<s>"
    nxt = lower[end] if end < len(doc) else "</s>"
    head = words_[-1]
    feats = [f"w={w}" for w in words_]
    feats += [f"head={head}", f"first={words_[0]}", f"len={min(end - start, 4)}", f"prev={prev}",
              f"prev2={prev2} {prev}", f"next={nxt}", f"suffix={head[-3:]}",
              f"shape={'_'.join(_shape(t.text) for t in toks[start:end])[:20]}",
              f"ent={toks[start].ent_type_ or 'none'}", f"pos={toks[start].pos_}_{toks[end - 1].pos_}"]
    if toks[start].is_sent_start:
        feats.append("sent_start")
    if head in finder.group_nouns and not toks[end - 1].text[:1].isupper():
        feats.append(f"lower_head={head}")
    if any(w in finder.arabic_heads for w in words_):
        feats.append("arabic_head")
    if head in finder.english_heads:
        feats.append("english_head")
    if any(finder._particle(doc, i) for i in range(start, end)):
        feats.append("particle")
    if words_[0] in finder.demonyms:
        feats.append("demonym_first")
    if words_[0] in finder.person_markers:
        feats.append("person_marker")
    if prev in finder.titles or f"{prev2} {prev}" in finder.titles:
        feats.append("title_before")
    if prev in finder.locatives:
        feats.append("locative_before")
    if start > 0 and toks[start - 1].text in {'"', "\u201c", "'", "\u2018"}:
        feats.append("quoted")
    if finder.cat.lookup(text):
        feats.append("catalog")
    if any(finder.cat.lookup(w) for w in text.split()):
        feats.append("catalog_word")
    if text in finder.places or any(t.text in finder.places for t in toks[start:end]):
        feats.append("place_word")
    if finder._occurrences(toks[start].text) > 1:
        feats.append("recurs")
    return feats


def name_examples(doc: Doc, gold: dict[str, Any]) -> list[tuple[list[str], str]]:
    """The candidates of a rules-only run, labelled by the gold file's names: a group's or a person's
    form (any alias) is that label, anything else `none`."""
    group_forms = {name_key(f) for g in gold.get("groups", []) for f in [g["name"], *g.get("aliases", [])]}
    person_forms = {name_key(f) for p in gold.get("persons", []) for f in [p["name"], *p.get("aliases", [])]}
    rows = []
    for start, end, feats in doc.user_data.get(CANDIDATES_KEY, []):
        key = name_key(span_text(doc[start:end]))
        label = "group" if key in group_forms else "person" if key in person_forms else "none"
        rows.append((feats, label))
    return rows


@dataclass
class NameModel:
    model: SoftmaxModel
    threshold: float = THRESHOLD
    drop_threshold: float = DROP_THRESHOLD

    def drops(self, feats: Sequence[str]) -> bool:
        """Whether a rule's reading names nothing, by the model."""
        return self.model.probabilities(feats).get("none", 0.0) >= self.drop_threshold

    def decide(self, feats: Sequence[str]) -> tuple[str, float] | None:
        """The label other than `none` when its probability reaches the threshold."""
        probs = self.model.probabilities(feats)
        label = max((lab for lab in probs if lab != "none"), key=probs.__getitem__, default=None)
        if label is None or probs[label] < self.threshold:
            return None
        return label, probs[label]

    @classmethod
    def fit(cls, rows: Sequence[tuple[list[str], str]], *, threshold: float = THRESHOLD,
            **settings: Any) -> "NameModel":
        """Fit on labelled candidates (`name_examples`); `settings` override SETTINGS (and drop_threshold)."""
        cfg = {**SETTINGS, **settings}
        if not any(label != "none" for _, label in rows):
            raise DataError("the training split yields no labelled name candidates")
        model = SoftmaxModel.fit([f for f, _ in rows], [lab for _, lab in rows], epochs=cfg["epochs"], l2=cfg["l2"],
                                 min_count=cfg["min_count"], label_weights={"none": cfg["none_weight"]},
                                 average=cfg["average"])
        return cls(model, threshold, cfg.get("drop_threshold", DROP_THRESHOLD))

    def to_json(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "drop_threshold": self.drop_threshold, **self.model.to_json()}

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / FILE).write_text(json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")) + "\n",
                                   encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "NameModel | None":
        """The model in `folder`, None when the folder has none (a model folder from before it existed)."""
        path = folder / FILE
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(SoftmaxModel.from_json(data), float(data.get("threshold", THRESHOLD)),
                       float(data.get("drop_threshold", DROP_THRESHOLD)))
        except (OSError, json.JSONDecodeError, TypeError, ValueError) as exc:
            raise DataError(f"unreadable name model {path}: {exc}") from exc
