"""Migration 0006: the store version and the vet_edges adjacency, kept in step by triggers.

A real SQLite store made by the real migrations, filled with a random graph that has hubs,
then changed through the store's own write paths (curation, merges, undo, re-dating a
report) and by plain SQL. After every change, vet_edges must equal what a rebuild from the
claims gives, and vetting over it must give the report the claim walk gives.
"""
from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

import pytest

from factions.analyze import reach, report
from factions.analyze.evidence import weight
from factions.analyze.vetting import RISK_PREDICATES, Vetting, vet
from factions.resolve.lists import load_shipped
from factions.store import Store, curation

PREDICATES = [*RISK_PREDICATES, "fights_against", "negotiates_with", "designated_by"]
AT = "2026-01-01T00:00:00+00:00"
N_ACTORS = 60


def _hub(rng: random.Random) -> int:
    # a few actors in most claims, as in real reporting
    return min(int(rng.paretovariate(1.0)) - 1, N_ACTORS - 1)


def _fill(store: Store, seed: int = 1) -> None:
    rng = random.Random(seed)
    conn = store.conn
    entries = load_shipped()[:30]
    store.save_list("TEST", "test.csv", "shipped", None, entries)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO entities (id, name, kind, created_at, updated_at) VALUES (?, ?, 'armed_group', ?, ?)",
                     [(f"a{i}", f"Group {i}", AT, AT) for i in range(N_ACTORS)])
    for d in range(80):
        # some reports undated, so that their claims take a copy's date, or none
        published = None if d % 9 == 0 else f"{2012 + d % 8}-{1 + d % 12:02d}-{1 + d % 27:02d}"
        conn.execute("INSERT INTO documents (id, title, outlet, published, text, first_ingested, last_ingested) "
                     "VALUES (?, ?, 'Outlet', ?, 'text', ?, ?)", (f"d{d}", f"report {d}", published, AT, AT))
        if d % 18 == 0:
            conn.execute("INSERT INTO sources (id, document_id, published, ingested_at) VALUES (?, ?, ?, ?)",
                         (f"s{d}", f"d{d}", "2015-03-01", AT))
        for k in range(8):
            s, o = _hub(rng), rng.randrange(N_ACTORS) if rng.random() < 0.5 else _hub(rng)
            date = f"{rng.randint(2011, 2020)}-0{rng.randint(1, 9)}" if rng.random() < 0.3 else None
            conn.execute("INSERT INTO claims (id, document_id, subject_id, predicate, object_id, negated, hedged, "
                         "date, evidence, span_start, span_end, confidence, status) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'a sentence', 0, 4, ?, ?)",
                         (f"c{d}-{k}", f"d{d}", f"a{s}", rng.choice(PREDICATES), f"a{o}", int(rng.random() < 0.15),
                          int(rng.random() < 0.2), date, rng.choice([0.6, 0.8, 0.9]),
                          "rejected" if rng.random() < 0.05 else "machine"))
    ids = [r[0] for r in conn.execute("SELECT id FROM designations")]
    conn.executemany("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, explanation, "
                     "caveat, screened_at) VALUES (?, ?, 1.0, 'x', 'x', 'test', 0, ?)",
                     [(f"a{i}", rng.choice(ids), AT) for i in rng.sample(range(N_ACTORS), 8)])
    conn.execute("COMMIT")


def _edges(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.conn.execute("SELECT * FROM vet_edges ORDER BY node, other, side, day")]


def _rebuilt(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.conn.execute("""
        SELECT * FROM (
            SELECT subject_id, object_id, 0, day, MIN(claim), COUNT(*) FROM vet_claim_days
            GROUP BY subject_id, object_id, day
            UNION ALL
            SELECT object_id, subject_id, 1, day, MIN(claim), COUNT(*) FROM vet_claim_days
            GROUP BY subject_id, object_id, day)
        ORDER BY 1, 2, 3, 4""")]


def _same_reports(store: Store, days: tuple[str, ...] = ("2013-06-30", "2016-01-01", "2026-01-01")) -> int:
    compared = 0
    for i in range(N_ACTORS):
        for day in days:
            for hops in (1, 2, 3):
                fast = vet(store, f"a{i}", as_of=day, hops=hops)
                walked = vet(store, f"a{i}", as_of=day, hops=hops, adjacency=False)
                assert json.dumps(fast) == json.dumps(walked), (i, day, hops)
                compared += bool(fast["links"])
    return compared


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "graph.db") as s:
        _fill(s)
        yield s


def test_risk_predicates_table_matches_the_code(store: Store) -> None:
    assert {r[0] for r in store.conn.execute("SELECT predicate FROM risk_predicates")} == set(RISK_PREDICATES)


def test_adjacency_vetting_gives_the_claim_walks_reports(store: Store) -> None:
    assert _edges(store) == _rebuilt(store) and _edges(store)
    assert _same_reports(store) > 20  # many reports with links were compared, not only empty ones


def test_edges_follow_curation_merges_and_redating(store: Store) -> None:
    conn = store.conn
    hub_claims = [r[0] for r in conn.execute(
        "SELECT id FROM claims WHERE subject_id = 'a0' AND negated = 0 AND status = 'machine' "
        f"AND predicate IN ({','.join('?' * len(RISK_PREDICATES))}) ORDER BY rowid LIMIT 3", RISK_PREDICATES)]
    curation.set_claim_status(conn, hub_claims[0], "reject", "tester", "wrong actor")
    curation.set_claim_status(conn, hub_claims[1], "correct", "tester", None, {"negated": True})
    curation.set_claim_status(conn, hub_claims[2], "correct", "tester", None, {"date": "2019-02-02"})
    assert _edges(store) == _rebuilt(store)
    merge_id = store.merge("a7", "a0", "tester", "same group")
    assert _edges(store) == _rebuilt(store)
    _same_reports(store, ("2016-01-01",))
    store.undo(merge_id, "tester")
    assert _edges(store) == _rebuilt(store)
    conn.execute("UPDATE documents SET published = '2011-01-01' WHERE id = 'd9'")  # an undated report gets a day
    conn.execute("UPDATE documents SET published = NULL WHERE id = 'd1'")
    conn.execute("INSERT INTO sources (id, document_id, published, ingested_at) VALUES ('x1', 'd1', '2010-05-05', ?)",
                 (AT,))
    conn.execute("DELETE FROM sources WHERE id = 's18'")
    conn.execute("DELETE FROM documents WHERE id = 'd2'")  # its claims go by cascade
    assert _edges(store) == _rebuilt(store)
    assert conn.execute("SELECT COUNT(*) FROM vet_stale_pairs").fetchone()[0] == 0
    _same_reports(store, ("2016-01-01", "2026-01-01"))


def test_store_version_moves_with_every_kind_of_change(store: Store) -> None:
    def version() -> int:
        return store.conn.execute("SELECT version FROM store_version").fetchone()[0]

    seen = [version()]
    log_id = store.merge("a3", "a4", "tester")
    seen.append(version())
    store.undo(log_id, "tester")
    seen.append(version())
    screened = store.conn.execute("SELECT entity_id FROM screen_hits LIMIT 1").fetchone()[0]
    store.replace_screen_hits([screened], [])
    seen.append(version())
    store.save_list("TEST", "test.csv", "shipped", None, load_shipped()[:5])
    seen.append(version())
    store.conn.execute("UPDATE documents SET title = 'retitled' WHERE id = 'd3'")
    seen.append(version())
    assert all(a < b for a, b in zip(seen, seen[1:])), seen


def _strength_claim_by_claim(v: Vetting, path: list[str]) -> tuple[float, int]:
    """The link's strength and independent documents as vetting computed them before edges were
    summarised: every claim of the path weighed one by one, each document's best claim counting once."""
    support, against, seen = [], [], set()
    for a, b in zip(path, path[1:]):
        for c in v.pair_claims(a, b):
            if c.id not in seen:
                seen.add(c.id)
                if c.predicate in RISK_PREDICATES and not c.negated:
                    support.append(c)
                elif c.negated and c.predicate in RISK_PREDICATES or c.predicate == "fights_against" and not c.negated:
                    against.append(c)
    best: dict[str, float] = {}
    for c in support:
        best[c.document_id] = max(best.get(c.document_id, 0.0), weight(c, v.as_of))
    s = 1 - math.prod(1 - w for w in best.values())
    x = 1 - math.prod(1 - weight(c, v.as_of) for c in against)
    return round(max(s - 0.5 * x, 0.0) * 0.6 ** (len(path) - 2), 3), len(best)


def test_link_strengths_are_the_claim_by_claim_numbers(store: Store) -> None:
    links = shared = 0
    for i in range(N_ACTORS):
        for day in ("2014-06-30", "2026-01-01"):
            v = Vetting(store, day)
            for lk in v.links(f"a{i}", 3):
                assert (lk.strength, lk.independent_documents) == _strength_claim_by_claim(v, lk.path), (i, day)
                links += 1
                docs = [set(e.best) for e in lk.edges]
                shared += any(a & b for a, b in itertools.combinations(docs, 2))
    assert links > 100 and shared > 0  # paths whose edges share a report took the other branch too


def test_claims_per_link_lists_the_oldest_and_counts_them_all(store: Store) -> None:
    trimmed_any = 0
    for i in range(0, N_ACTORS, 3):
        whole = vet(store, f"a{i}", as_of="2026-01-01")
        short = vet(store, f"a{i}", as_of="2026-01-01", claims_per_link=2)
        assert json.dumps(vet(store, f"a{i}", as_of="2026-01-01", claims_per_link=2, adjacency=False)) == \
            json.dumps(short)
        for w, s in zip(whole["links"], short["links"], strict=True):
            for side in ("claims", "contradicting"):
                assert s[side] == w[side][:2] and s[f"{side}_total"] == w[f"{side}_total"] == len(w[side])
                trimmed_any += len(w[side]) > 2
        expected = {**whole, "links": [{**lk, "claims": lk["claims"][:2], "contradicting": lk["contradicting"][:2]}
                                       for lk in whole["links"]]}
        assert short == expected  # verdict, reasons, strengths: all the same
        if any(lk["claims_total"] > 2 for lk in short["links"]):
            assert "more claims" in report.render_markdown(short) and "more claims" in report.render_html(short)
            assert "more claims" not in report.render_markdown(whole)
    assert trimmed_any


def test_neighbours_of_some_actors_are_the_same_from_either_side(store: Store) -> None:
    # neighbours() reads the rows of whichever side has fewer, or seeks each pair: all must agree.
    rng = random.Random(4)
    sides = set()
    for day in ("2014-06-30", "2026-01-01"):
        full = reach.neighbours(store.conn, [f"a{i}" for i in range(N_ACTORS)], day)
        for _ in range(40):
            nodes = [f"a{i}" for i in rng.sample(range(N_ACTORS), rng.choice([1, 2, 5, 30]))]
            only = {f"a{i}" for i in rng.sample(range(N_ACTORS), rng.choice([1, 3, 8, 40]))}
            sides.add(reach._theirs_fewer(store.conn, nodes, sorted(only)))
            expected = {n: o for n, o in ((n, [o for o in full.get(n, []) if o in only]) for n in nodes) if o}
            # Read from the smaller side, and sought pair by pair: the same lists either way.
            assert reach.neighbours(store.conn, nodes, day, only, pair_seeks=0) == expected
            assert reach.neighbours(store.conn, nodes, day, only, pair_seeks=10 ** 6) == expected
    assert sides == {True, False}
