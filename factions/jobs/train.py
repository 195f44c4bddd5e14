"""`factions train`: fit the deciders on the corpus plus the analysts' curation, score them, write the model.

Curation is training signal: in a store, a claim an analyst accepted or corrected
is a positive example of its predicate, a rejected claim a negative one, and the
names of each actor are the store's current aliases, so merges and splits change
which mentions count as one actor. Scores are those of the project's scorer
(`shared/eval/score.py`, found beside the repository or given with `--scorer`) on
the dev split, and on the test split when it is there.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from factions.errors import InputError
from factions.extract.learn.train import Annotated, TrainingReport, TrainingSet, corpus, train_models
from factions.model import Document
from factions.store import Store

CURATED = ("accepted", "corrected", "rejected")


@dataclass
class TrainOutcome:
    report: TrainingReport
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"version": self.report.version, "out": str(self.report.out), "seconds": self.report.seconds,
                "counts": self.report.counts, "scores": self.scores}


def curated_documents(db: str | Path) -> list[Annotated]:
    """Each stored document with curated claims, as partial gold: its curated claims and their actors' names."""
    with Store(db) as store:
        conn = store.conn
        rows = conn.execute(
            "SELECT c.document_id, c.subject_id, c.predicate, c.object_id, c.negated, c.evidence, c.status "
            "FROM claims c WHERE c.status IN (?, ?, ?) ORDER BY c.document_id, c.id", CURATED).fetchall()
        by_doc: dict[str, list[tuple]] = {}
        for row in rows:
            by_doc.setdefault(row[0], []).append(row)
        out = []
        for doc_id, claims in by_doc.items():
            doc = conn.execute("SELECT text, title, published FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if doc is None:
                continue
            ids = sorted({c[1] for c in claims} | {c[3] for c in claims})
            names = {}
            groups = []
            for entity_id in ids:
                name_row = conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
                if name_row is None:
                    continue
                aliases = [a for (a,) in conn.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                                                      (entity_id,))]
                names[entity_id] = name_row[0]
                groups.append({"name": name_row[0], "aliases": aliases})
            relations = [{"subject": names[c[1]], "predicate": c[2], "object": names[c[3]], "negated": bool(c[4]),
                          "evidence": c[5] or "", "rejected": c[6] == "rejected"}
                         for c in claims if c[1] in names and c[3] in names]
            out.append(Annotated(Document(text=doc[0], title=doc[1], published=doc[2]),
                                 {"groups": groups, "relations": relations}, f"store:{doc_id}", partial=True))
    return out


def load_scorer(path: Path) -> ModuleType | None:
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("factions_score", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(items: list[Annotated], scorer: ModuleType) -> dict[str, Any]:
    from factions.extract.pipeline import extract_many

    total: dict = {}
    for item, extraction in zip(items, extract_many([a.document for a in items])):
        scorer.add(total, scorer.score_doc(extraction.to_json(), item.gold))
    return scorer.report(total)


def beside(corpus_dir: Path, relative: str) -> Path | None:
    """A path under the nearest `shared/` folder above the corpus (the repository's sibling), if any."""
    for parent in corpus_dir.resolve().parents:
        if (parent / "shared" / relative).exists():
            return parent / "shared" / relative
    return None


def train(corpus_dir: Path, out: Path, *, db: str | Path | None = None, extra: list[Path] | None = None,
          scorer_path: Path | None = None, with_test: bool = True) -> TrainOutcome:
    """Train on corpus train (+ extra folders + curation in `db`), write to `out`, score dev (and test)."""
    from factions.extract.pipeline import select_model

    if db is not None and not Path(db).exists():
        raise InputError(f"no store at {db}")
    seed = beside(corpus_dir, "seed")
    folders = extra if extra is not None else ([seed] if seed else [])
    data: TrainingSet = corpus(corpus_dir, extra=folders, with_test=with_test)
    if db is not None:
        data.train.extend(curated_documents(db))
    report = train_models(data, out)
    outcome = TrainOutcome(report)
    found = scorer_path or beside(corpus_dir, "eval/score.py")
    scorer = load_scorer(found) if found else None
    if scorer is not None:
        select_model(str(out))
        for split, items in (("dev", data.dev), ("test", data.test)):
            if items:
                outcome.scores[split] = score(items, scorer)
    return outcome
