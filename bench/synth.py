"""Synthetic stores for the benchmarks (bench/web.py, bench/vet.py): one builder, one graph shape.

    python bench/synth.py --documents 100000 --db /tmp/factions-web-100k.db     # build once, reuse with --reuse

The store is made by the real migrations (so the search index and vet_edges are filled by
their triggers, as an ingest fills them), then documents, sources, actors with aliases,
mentions, claims and events are inserted directly. Claim ends are drawn from a power law
(weight 1 / (rank + 10)): a few hubs, like al Qaeda, the Syrian government or the FSA in real
reporting, take part in a large share of the claims, and the top hubs are designated.
"""
from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HEADS = ["Liwa", "Jaish", "Harakat", "Kataib", "Ahrar", "Suqur", "Jabhat", "Faylaq", "Tajammu", "Ansar"]
WORDS = ["al-Sham", "al-Furqan", "al-Tawhid", "al-Nasr", "al-Haqq", "Hazm", "al-Fath", "al-Izza", "Thuwar",
         "al-Umma", "al-Mujahideen", "al-Sunna", "Badr", "al-Khilafa", "Nour", "Zenki", "al-Shamal", "Idlib",
         "Halab", "Hama", "Homs", "Daraa", "al-Ghouta", "Qalamoun", "al-Sahel", "al-Jabal", "Tahrir", "Sultan"]
PLACES = ["Aleppo", "Idlib", "Hama", "Homs", "Daraa", "Raqqa", "Deir ez-Zor", "Latakia", "Handarat", "Saraqeb"]
PREDICATES = ["fights_alongside", "ally_of", "member_of", "branch_of", "pledged_allegiance_to", "backed_by",
              "supplies_weapons_to", "fights_against", "fights_against", "negotiates_with", "denounces",
              "merged_into"]
VERBS = {"fights_alongside": "fought alongside", "ally_of": "is allied with", "member_of": "joined",
         "branch_of": "is a branch of", "pledged_allegiance_to": "pledged allegiance to", "backed_by": "is backed by",
         "supplies_weapons_to": "supplied weapons to", "fights_against": "clashed with",
         "negotiates_with": "negotiated with", "denounces": "denounced", "merged_into": "merged into"}
AT = "2026-01-01T00:00:00+00:00"
HUB_OFFSET = 10  # weight 1 / (rank + 10): the top hub has about 1% of the claim ends at 100,000 actors
DESIGNATED_HUBS = 5  # the biggest hubs are on lists, as al Qaeda and ISIS are


def actor_name(i: int) -> str:
    return f"{HEADS[i % len(HEADS)]} {WORDS[(i // len(HEADS)) % len(WORDS)]} {i}"


def hub_picker(rng: random.Random, n_actors: int) -> Iterator[int]:
    """Endless actor indexes drawn from the power law, in batches (random.choices is fast in bulk)."""
    weights = list(itertools.accumulate(1.0 / (k + HUB_OFFSET) for k in range(n_actors)))
    population = range(n_actors)
    while True:
        yield from rng.choices(population, cum_weights=weights, k=65536)


def build(db: Path, n_docs: int, n_actors: int, claims_per_doc: int = 6, text: bool = True,
          designated_share: float = 0.02, seed: int = 5) -> dict[str, float]:
    """Build the store at db (replacing it); returns what was built and how long it took."""
    from factions.names import name_key
    from factions.resolve.lists import load_shipped
    from factions.store import Store

    started = time.perf_counter()
    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    hubs = hub_picker(rng, n_actors)
    with Store(db) as store:
        by_source: dict[tuple[str, str], list] = {}
        for d in load_shipped():
            by_source.setdefault((d.list, d.source_file or ""), []).append(d)
        for (name, source), entries in by_source.items():
            store.save_list(name, source, "shipped", None, entries)
        conn = store.conn
        conn.execute("PRAGMA cache_size = -1000000")  # 1 GB of pages: the indexes of a big load stay in memory
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entities (id, name, kind, catalog_id, created_at, updated_at) "
                         "VALUES (?, ?, 'armed_group', NULL, ?, ?)",
                         ((f"a{i}", actor_name(i), AT, AT) for i in range(n_actors)))
        conn.executemany("INSERT INTO aliases (entity_id, alias, key, document_id) VALUES (?, ?, ?, NULL)",
                         ((f"a{i}", alias, name_key(alias)) for i in range(n_actors)
                          for alias in (actor_name(i), f"{WORDS[i % len(WORDS)]} Brigade {i}")))
        for start in range(0, n_docs, 10_000):  # in slices: memory stays flat at any size
            _documents(conn, rng, hubs, n_actors, range(start, min(start + 10_000, n_docs)), claims_per_doc, text)
        ids = [r[0] for r in conn.execute("SELECT id FROM designations")]
        listed = set(range(min(DESIGNATED_HUBS, n_actors))) | set(rng.sample(range(n_actors),
                                                                              int(n_actors * designated_share)))
        conn.executemany("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, "
                         "explanation, caveat, screened_at) VALUES (?, ?, 1.0, 'x', 'x', 'synthetic', 0, ?)",
                         ((f"a{i}", rng.choice(ids), AT) for i in sorted(listed)))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        top = conn.execute("SELECT COUNT(*) FROM claims WHERE subject_id = 'a0' OR object_id = 'a0'").fetchone()[0]
    return {"documents": n_docs, "actors": n_actors, "claims": claims, "top_hub_claims": top,
            "seconds": time.perf_counter() - started, "mb": db.stat().st_size / 1e6}


def _documents(conn: Any, rng: random.Random, hubs: Iterator[int], n_actors: int, numbers: range,
               claims_per_doc: int, text: bool) -> None:
    docs, sources, claims, mentions, events, event_actors = [], [], [], [], [], []
    for d in numbers:
        day = f"{2012 + d % 9}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        sentences, spans, length = [], [], 0
        for k in range(claims_per_doc):
            s, o = next(hubs), next(hubs)
            if s == o:
                o = rng.randrange(n_actors)  # a self-claim says nothing about links
            p = rng.choice(PREDICATES)
            sentence = (f"{actor_name(s)} {VERBS[p]} {actor_name(o)} near {rng.choice(PLACES)}, according to "
                        f"{rng.choice(['activists', 'a commander', 'local sources', 'officials'])}.") if text else ""
            spans.append((s, p, o, length, length + len(sentence), sentence))
            sentences.append(sentence)
            length += len(sentence) + 1
        body = " ".join(sentences)
        docs.append((f"d{d}", f"Fighting near {rng.choice(PLACES)} ({d})", f"Outlet {d % 40}", day, body, AT, AT))
        sources.append((f"s{d}", f"d{d}", f"bench/{d}.txt", f"Outlet {d % 40}", day, "ABCDEF"[d % 6], AT))
        for k, (s, p, o, a, b, sentence) in enumerate(spans):
            claims.append((f"c{d}-{k}", f"d{d}", f"a{s}", p, f"a{o}", int(rng.random() < 0.05),
                           int(rng.random() < 0.2), sentence or "synthetic evidence sentence", a, b))
            if text:
                mentions.append((f"m{d}-{k}", f"d{d}", f"a{s}", a, a + len(actor_name(s)), actor_name(s)))
        if text and d % 3 == 0:
            s, a, b = spans[0][0], spans[0][3], spans[0][4]
            events.append((f"e{d}", f"d{d}", "Battles", "Armed clash", rng.choice(PLACES), day, spans[0][5], a, b))
            event_actors.append((f"e{d}", f"a{s}", "actor"))
    conn.executemany("INSERT INTO documents (id, title, outlet, published, language, text, first_ingested, "
                     "last_ingested) VALUES (?, ?, ?, ?, 'en', ?, ?, ?)", docs)
    conn.executemany("INSERT INTO sources (id, document_id, path, outlet, published, reliability, ingested_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", sources)
    conn.executemany("INSERT INTO claims (id, document_id, subject_id, predicate, object_id, negated, hedged, "
                     "evidence, span_start, span_end, extractor, extractor_version, confidence) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', '0', 0.8)", claims)
    conn.executemany("INSERT INTO mentions (id, document_id, entity_id, start, end, text) VALUES (?,?,?,?,?,?)",
                     mentions)
    conn.executemany("INSERT INTO events (id, document_id, type, sub_event_type, place, date, evidence, "
                     "span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO event_actors (event_id, entity_id, role) VALUES (?, ?, ?)", event_actors)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--actors", type=int, default=2_000)
    ap.add_argument("--claims-per-document", type=int, default=6)
    ap.add_argument("--no-text", action="store_true", help="no report text, mentions or events (vetting only)")
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    built = build(Path(args.db), args.documents, args.actors, args.claims_per_document, not args.no_text)
    print(describe(Path(args.db), built))


def describe(db: Path, built: dict[str, float]) -> str:
    return (f"built {db}: {built['documents']:,} documents, {built['actors']:,} actors, {built['claims']:,} claims "
            f"(top hub in {built['top_hub_claims']:,}) in {built['seconds']:.1f} s, {built['mb']:.0f} MB")


if __name__ == "__main__":
    main()
