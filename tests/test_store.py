"""The SQLite store: migrations, idempotent saves, sources, curation, queries."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from factions.errors import NotFoundError, StoreError
from factions.model import Document, Entity, Event, Extraction, Relation
from factions.names import name_key
from factions.store import SaveResult, Store, claim_id

TEXT = ("Hazm Movement fighters fought alongside Jaish al Muhajireen wal Ansar in Handarat. "
        "According to a commander, the Muhajireen Army fights the Syrian government. "
        "The US-backed Hazm Movement fired a TOW missile at regime positions.")


def span_of(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def make_extraction(text: str = TEXT, **doc: object) -> Extraction:
    meta = {"title": "Rebels in Handarat", "author": "A. Writer", "outlet": "Long War Journal",
            "published": "2014-10-07", "path": "reports/handarat.txt", "raw_sha": "sha-original"}
    meta.update(doc)
    document = Document(text=text, **meta)  # type: ignore[arg-type]
    entities = [
        Entity("e1", "Hazm Movement", "armed_group", aliases=["Hazm"],
               mentions=[span_of("Hazm Movement", text)]),
        Entity("e2", "Jaish al Muhajireen wal Ansar", "armed_group", aliases=["Muhajireen Army", "JMA"],
               mentions=[span_of("Jaish al Muhajireen wal Ansar", text), span_of("Muhajireen Army", text)]),
        Entity("e3", "Syrian government", "state", mentions=[span_of("Syrian government", text)]),
        Entity("e4", "United States", "state", aliases=["US"], mentions=[span_of("US", text)]),
        Entity("e5", "Handarat", "place", mentions=[span_of("Handarat", text)]),
    ]
    first = "Hazm Movement fighters fought alongside Jaish al Muhajireen wal Ansar in Handarat."
    second = "According to a commander, the Muhajireen Army fights the Syrian government."
    third = "The US-backed Hazm Movement fired a TOW missile at regime positions."
    relations = [
        Relation("Hazm Movement", "fights_alongside", "Jaish al Muhajireen wal Ansar", first, span_of(first, text),
                 place="Handarat"),
        Relation("Muhajireen Army", "fights_against", "Syrian government", second, span_of(second, text),
                 attributed_to="a commander"),
        Relation("Hazm Movement", "backed_by", "United States", third, span_of(third, text)),
    ]
    events = [Event("Explosions/Remote violence", "Shelling/artillery/missile attack", third, span_of(third, text),
                    actors=["Hazm Movement"], targets=["Syrian government"], weapon="TOW missile")]
    return Extraction(document, entities, relations, events, extractor="test", extractor_version="1")


ACTOR_IDS = {"e1": "hazm", "e2": "jma", "e3": "syria-gov", "e4": "usa", "e5": "handarat"}


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "db" / "factions.db") as s:
        yield s


def ids(store: Store, table: str) -> list[str]:
    return [r[0] for r in store.conn.execute(f"SELECT id FROM {table} ORDER BY id")]


# --- opening and migrations ------------------------------------------------

def test_migrations_recorded_and_idempotent_on_reopen(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "factions.db"
    with Store(path) as s:
        first = s.conn.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
        s.save(make_extraction(), ACTOR_IDS)
        before = s.counts()
    from factions.store import migrate

    assert [(r[0], r[1]) for r in first] == [(m.version, m.name) for m in migrate.available()]
    assert first[0][1] == "initial"
    with Store(path) as s:
        again = s.conn.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
        assert [tuple(r) for r in again] == [tuple(r) for r in first]
        assert s.counts() == before
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_failing_migration_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factions.store import migrate

    path = tmp_path / "f.db"
    Store(path).close()
    shipped = migrate.available()
    last = shipped[-1].version
    broken = migrate.Migration(last + 1, "broken",
                               "CREATE TABLE half_done (a);\nINSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(migrate, "available", lambda: [*shipped, broken])
    with pytest.raises(StoreError, match="cannot migrate"):
        Store(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    conn.close()
    assert "half_done" not in tables and versions == [m.version for m in shipped]


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 50)
    with pytest.raises(StoreError, match="not a factions database"):
        Store(path)
    assert path.read_text().startswith("this is not a database")  # left untouched


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    s = Store(tmp_path / "f.db")
    s.close()
    s.close()  # twice is fine
    with pytest.raises(StoreError):
        s.counts()


# --- saving ----------------------------------------------------------------

def test_save_writes_every_table(store: Store) -> None:
    result = store.save(make_extraction(), ACTOR_IDS)
    assert isinstance(result, SaveResult)
    assert result.new_document and result.new_source
    assert result.counts["mentions"] == 6 and result.counts["claims"] == 3 and result.counts["events"] == 1
    counts = store.counts()
    assert counts["documents"] == 1 and counts["sources"] == 1 and counts["entities"] == 5
    assert counts["event_actors"] == 2 and counts["curation_log"] == 0 and counts["designations"] == 0
    # Mentions carry the text they cover; the relation named by alias resolves to the entity.
    texts = {r[0] for r in store.conn.execute("SELECT text FROM mentions WHERE entity_id = 'jma'")}
    assert texts == {"Jaish al Muhajireen wal Ansar", "Muhajireen Army"}
    row = store.conn.execute("SELECT * FROM claims WHERE predicate = 'fights_against'").fetchone()
    assert (row["subject_id"], row["object_id"], row["attributed_to"]) == ("jma", "syria-gov", "a commander")
    assert row["status"] == "machine"
    assert row["id"] == claim_id(result.document_id, "jma", "fights_against", "syria-gov", False,
                                 row["span_start"], row["span_end"])
    keys = {r[0] for r in store.conn.execute("SELECT key FROM aliases WHERE entity_id = 'jma'")}
    assert name_key("Muhajireen Army") in keys
    source = store.conn.execute("SELECT * FROM sources").fetchone()
    assert source["reliability"] == "F" and source["raw_sha"] == "sha-original"


def test_saving_twice_is_idempotent(store: Store) -> None:
    first = store.save(make_extraction(), ACTOR_IDS)
    snapshot = {t: ids(store, t) for t in ("documents", "sources", "entities", "mentions", "claims", "events")}
    counts = store.counts()
    second = store.save(make_extraction(), ACTOR_IDS)
    assert store.counts() == counts
    assert {t: ids(store, t) for t in snapshot} == snapshot
    assert (second.document_id, second.source_id) == (first.document_id, first.source_id)
    assert not second.new_document and not second.new_source
    assert second.counts["aliases_added"] == 0


def test_same_body_from_two_sources(store: Store) -> None:
    original = store.save(make_extraction(), ACTOR_IDS)
    # A reprint: same body with typographic differences, other chrome, other file.
    reprint_text = TEXT.replace(". ", ".\n\n")  # re-wrapped
    reprint = make_extraction(reprint_text, title="REPRINT: Rebels", outlet="Aggregator", published=None,
                              republished_by="Aggregator", republished="2014-10-09",
                              path="reports/reprint.html", raw_sha="sha-reprint")
    result = store.save(reprint, ACTOR_IDS)
    assert result.document_id == original.document_id
    assert result.source_id != original.source_id
    assert not result.new_document and result.new_source
    assert store.counts()["documents"] == 1 and store.counts()["sources"] == 2
    doc = store.documents()[0]
    assert doc["sources"] == 2
    # The document keeps the original report's metadata; the reprint's chrome lives on its source.
    assert (doc["title"], doc["outlet"], doc["published"]) == ("Rebels in Handarat", "Long War Journal",
                                                               "2014-10-07")
    outlets = {r[0] for r in store.conn.execute("SELECT outlet FROM sources")}
    assert outlets == {"Long War Journal", "Aggregator"}


def test_same_file_twice_is_one_source(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    store.save(make_extraction(path="elsewhere/copy.txt"), ACTOR_IDS)
    assert store.counts()["sources"] == 1
    assert store.conn.execute("SELECT path FROM sources").fetchone()[0] == "elsewhere/copy.txt"


def test_changed_extraction_replaces_machine_rows_and_keeps_curation(store: Store) -> None:
    result = store.save(make_extraction(), ACTOR_IDS)
    accepted = store.conn.execute("SELECT id FROM claims WHERE predicate = 'fights_alongside'").fetchone()[0]
    rejected = store.conn.execute("SELECT id FROM claims WHERE predicate = 'backed_by'").fetchone()[0]
    store.conn.execute("UPDATE claims SET status = 'accepted' WHERE id = ?", (accepted,))
    store.conn.execute("UPDATE claims SET status = 'rejected' WHERE id = ?", (rejected,))

    changed = make_extraction()
    changed.relations = [changed.relations[0]]  # the extractor now finds only the alliance
    changed.relations[0].confidence = 0.95
    changed.events = []
    changed.entities[1].mentions = changed.entities[1].mentions[:1]
    changed.extractor_version = "2"
    again = store.save(changed, ACTOR_IDS)

    assert again.document_id == result.document_id
    statuses = dict(store.conn.execute("SELECT id, status FROM claims").fetchall())
    assert statuses[accepted] == "accepted"
    # The machine claim no longer found is gone; the curator's rejection is kept.
    assert statuses == {accepted: "accepted", rejected: "rejected"}
    assert store.counts()["events"] == 0 and store.counts()["event_actors"] == 0
    assert store.counts()["mentions"] == 5
    assert {r[0] for r in store.conn.execute("SELECT extractor_version FROM mentions")} == {"2"}


@pytest.mark.parametrize("breakage", ["missing_actor_id", "unknown_relation_name", "span_outside_text",
                                      "database_error"])
def test_failing_save_writes_nothing(store: Store, breakage: str) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    before = store.counts()
    ext = make_extraction(TEXT + " A second paragraph.", raw_sha="sha-other")
    actor_ids = dict(ACTOR_IDS)
    if breakage == "missing_actor_id":
        del actor_ids["e3"]
    elif breakage == "unknown_relation_name":
        ext.relations.append(Relation("Nobody", "ally_of", "Hazm", "x", (0, 1)))
    elif breakage == "span_outside_text":
        ext.entities[0].mentions.append((5, 10_000))
    else:
        # Fails inside the transaction, after the document and source rows were written.
        store.conn.execute("""CREATE TRIGGER boom BEFORE INSERT ON events
                              BEGIN SELECT RAISE(ABORT, 'boom'); END""")
    with pytest.raises(StoreError):
        store.save(ext, actor_ids)
    assert store.counts() == before
    assert not store.conn.in_transaction


def test_existing_entity_keeps_its_name(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    ext = make_extraction(TEXT + " More.", raw_sha="sha-2")
    ext.entities[0].name = "Harakat Hazm"
    ext.entities[0].aliases = ["Hazm Movement"]
    ext.relations = []
    ext.events = []
    store.save(ext, ACTOR_IDS)
    hazm = store.entity("hazm")
    assert hazm["name"] == "Hazm Movement"
    assert "Harakat Hazm" in hazm["aliases"]


# --- reading ---------------------------------------------------------------

def test_entity_lookup(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    assert store.entity("jma")["name"] == "Jaish al Muhajireen wal Ansar"
    assert store.entity("Jaish al Muhajireen wal Ansar")["id"] == "jma"
    assert store.entity("jaysh al-muhajirin wa al-ansar")["id"] == "jma"  # via name_key
    assert store.entity("hazm movement")["id"] == "hazm"
    with pytest.raises(NotFoundError):
        store.entity("Islamic State")


def test_entity_ids_for_keys(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    found = store.entity_ids_for_keys([name_key("Muhajireen Army"), name_key("Hazm"), "no such key", ""])
    assert found == {name_key("Muhajireen Army"): "jma", name_key("Hazm"): "hazm"}


def test_actors_search_by_alias(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    assert [a["id"] for a in store.actors(search="muhajireen army")] == ["jma"]
    assert [a["id"] for a in store.actors(search="JMA")] == ["jma"]
    assert [a["id"] for a in store.actors(search="Muhajirin")] == ["jma"]  # spelling folded by name_key
    assert store.actors(search="nobody at all") == []
    everyone = {a["id"]: a for a in store.actors()}
    assert set(everyone) == {"hazm", "jma", "syria-gov", "usa"}  # places are not actors
    assert [a["id"] for a in store.actors(kind="place")] == ["handarat"]
    jma = everyone["jma"]
    assert jma["documents"] == 1 and jma["claims"] == 2
    assert set(jma["aliases"]) == {"Muhajireen Army", "JMA"}


def test_actor_profile_has_claims_in_both_directions(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    profile = store.actor_profile("Muhajireen Army")
    assert profile["id"] == "jma"
    pairs = {(c["subject"], c["predicate"], c["object"]) for c in profile["claims"]}
    assert pairs == {("Hazm Movement", "fights_alongside", "Jaish al Muhajireen wal Ansar"),
                     ("Jaish al Muhajireen wal Ansar", "fights_against", "Syrian government")}
    claim = next(c for c in profile["claims"] if c["predicate"] == "fights_against")
    assert claim["attributed_to"] == "a commander" and claim["negated"] is False
    assert claim["document_title"] == "Rebels in Handarat" and claim["outlet"] == "Long War Journal"
    assert profile["documents"] == [{"id": claim["document_id"], "title": "Rebels in Handarat",
                                     "published": "2014-10-07", "outlet": "Long War Journal"}]
    target = store.actor_profile("Syrian government")
    assert [c["subject"] for c in target["claims"]] == ["Jaish al Muhajireen wal Ansar"]
    assert [(e["actors"], e["targets"]) for e in target["events"]] == [(["Hazm Movement"],
                                                                         ["Syrian government"])]


def test_documents_listing(store: Store) -> None:
    store.save(make_extraction(), ACTOR_IDS)
    [doc] = store.documents()
    assert (doc["sources"], doc["entities"], doc["claims"], doc["events"]) == (1, 5, 3, 1)


def test_log_curation(store: Store) -> None:
    first = store.log_curation("analyst", "accept", "claim:abc", {"status": "accepted"}, "checked the source")
    second = store.log_curation("analyst", "reject", "claim:def", {}, None)
    assert second > first
    row = store.conn.execute("SELECT * FROM curation_log WHERE id = ?", (first,)).fetchone()
    assert (row["who"], row["action"], row["payload"], row["undone_by"]) == (
        "analyst", "accept", '{"status": "accepted"}', None)
    with pytest.raises(StoreError):
        store.log_curation("analyst", "x", "y", {"bad": object()}, None)
