"""Labels from gold files: which sentence states each gold relation and event, and which clusters are its actors.

A gold relation names its ends by any alias of a gold actor; a cluster of the
document is that actor when one of its surface forms folds to one of the actor's
forms (the scorer's reading of names). The evidence sentence is found by its
text. A candidate pair in that sentence whose clusters are the two ends gets the
gold predicate with its direction; every other candidate is `none`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from spacy.tokens import Doc

from factions.extract.resources import catalog

_ARTICLES = {"the", "al", "el", "a", "ad", "ar", "as", "ash", "an", "at", "az", "ul", "ud", "wal"}
_FOLDS = [(r"jaysh", "jaish"), (r"jeish", "jaish"), (r"qa ?[i']?da", "qaida"), (r"qaeda", "qaida"),
          (r"nosra", "nusra"), (r"nusrah", "nusra"), (r"hayy? ?'?at", "hayat"), (r"mujahidin", "mujahideen"),
          (r"muhajirin", "muhajireen"), (r"ansaar", "ansar")]


def gold_key(name: str) -> str:
    """The scorer's folding of a name (shared/eval/score.py `norm`), so labels agree with scoring."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2018\u2019\u02bc\u02bb`]s\b", "", s)
    s = re.sub(r"['\u2018\u2019\u02bc\u02bb`]", "", s)
    for pat, rep in _FOLDS:
        s = re.sub(pat, rep, s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(t for t in s.split() if t not in _ARTICLES)


class GoldActors:
    """Gold actors as sets of folded forms; a cluster of a Doc maps to at most one of them."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.forms: list[set[str]] = []
        self.index: dict[str, int] = {}
        for item in (gold.get("groups") or []) + (gold.get("persons") or []):
            forms = {gold_key(x) for x in [item.get("name", ""), *(item.get("aliases") or [])]} - {""}
            self.forms.append(forms)
            for k in forms:
                self.index.setdefault(k, len(self.forms) - 1)

    def find(self, name: str) -> int | None:
        return self.index.get(gold_key(name))

    def of_cluster(self, cluster: Any) -> int | None:
        cat = catalog()
        forms = list(cluster.names)
        known = cat.actors.get(cluster.catalog_id or "")
        if known is not None:
            forms.insert(0, known.name)
        for form in forms:
            idx = self.find(form)
            if idx is not None:
                return idx
        return None


def _flat(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


SAME_SENTENCE = ("same sentence", "same quote", "same paragraph")


def evidence_sentences(doc: Doc, evidence: str) -> list[tuple[int, int]]:
    """The sentences (token bounds) of the Doc that the evidence text covers.

    Annotators quote whole sentences or fragments joined by "..." ("The US-backed
    Harakat Hazm ..."); a fragment found inside one sentence places it.
    """
    ev = _flat(evidence or "")
    if not ev:
        return []
    fragments = [f.strip(" .,;'\"()") for f in re.split(r"\.\.\.|;|\u2026", ev) if len(f.strip(" .,;'\"()")) >= 12]
    if re.search(r"\.\.\.|;|\u2026", ev) and fragments:
        hits = [(s.start, s.end) for s in doc.sents if any(f in _flat(s.text) for f in fragments)]
        if hits:
            return hits
    found = []
    ev_words = set(ev.split())
    best, best_score = None, 0.0
    for s in doc.sents:
        st = _flat(s.text)
        if len(st) < 3:
            continue
        if st in ev or (ev in st and len(ev) >= 12):
            found.append((s.start, s.end))
            continue
        words = set(st.split())
        score = len(words & ev_words) / max(1, len(words | ev_words))
        if score > best_score:
            best, best_score = (s.start, s.end), score
    if not found and best is not None and best_score >= 0.5:
        found.append(best)
    return found


def resolve_same_sentence(items: list[dict]) -> list[dict]:
    """Gold items whose evidence says "same sentence" take the evidence of the item before them."""
    out, last = [], ""
    for item in items:
        ev = str(item.get("evidence") or "")
        if ev.lower().startswith(SAME_SENTENCE) and last:
            item = {**item, "evidence": last}
        else:
            last = ev
        out.append(item)
    return out
