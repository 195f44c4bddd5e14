"""Exports (FtM, GEXF, GraphML, ACLED CSV, JSON lines), FtM import and the GeoNames gazetteer,
on a store built from the sample reports by the real ingest job."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from conftest import REPO, run_cli
from followthemoney import model

from factions.export import acled
from factions.export.ftm import actor_fid, store_id_of
from factions.export.ftm_import import import_ftm
from factions.export.run import export, import_gazetteer
from factions.jobs.ingest import ingest_paths
from factions.store import Store

SAMPLES = REPO / "samples"
GEONAMES = REPO / "tests" / "fixtures" / "geonames" / "SY.txt"
URL = "https://monitor.example.org/2014/05/nusrah-own-listing"


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples, plus a copy of one of them that names its URL (a second source of that report)."""
    folder = tmp_path_factory.mktemp("export")
    extra = folder / "copy" / "02_with_url.html"
    extra.parent.mkdir()
    html = (SAMPLES / "02_nusrah_listed_in_own_name.html").read_text(encoding="utf-8")
    extra.write_text(html.replace("</head>", f'<meta property="og:url" content="{URL}">\n</head>'), encoding="utf-8")
    db = folder / "store.db"
    report = ingest_paths([str(SAMPLES), str(extra)], db)
    assert not report.failed
    return db


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _actors(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    aliases: dict[str, set[str]] = {}
    for entity_id, alias in conn.execute("SELECT entity_id, alias FROM aliases"):
        aliases.setdefault(entity_id, set()).add(alias)
    out = {r[0]: (*r[1:], frozenset(aliases.get(r[0], ()))) for r in conn.execute(
        "SELECT id, name, kind, catalog_id FROM entities WHERE kind NOT IN ('place', 'weapon')")}
    conn.close()
    return out


def _claims(db: Path) -> set[tuple]:
    conn = sqlite3.connect(db)
    # FtM has no self-link, so a claim of an actor about itself (a lineage's "X merged into X") stays home.
    rows = set(conn.execute("""SELECT id, document_id, subject_id, predicate, object_id, negated, hedged,
                                      attributed_to, date, evidence, span_start, span_end FROM claims
                               WHERE subject_id != object_id AND status != 'rejected'"""))
    conn.close()
    return rows


# --- FollowTheMoney -------------------------------------------------------------------------------

def test_ftm_entities_are_valid_followthemoney(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.ftm.json"
    export(store_db, "ftm", str(out))
    schemas: dict[str, int] = {}
    ids = set()
    for data in _lines(out):
        proxy = model.get_proxy(data, cleaned=False)
        schemas[proxy.schema.name] = schemas.get(proxy.schema.name, 0) + 1
        for name in proxy.schema.required:
            assert proxy.has(name), (proxy.id, name)
        for prop, values in data["properties"].items():
            prop_obj = proxy.schema.get(prop)
            assert prop_obj is not None, (proxy.schema.name, prop)
            for value in values:  # every value is already what FtM's own cleaning makes of it
                assert prop_obj.type.clean(value) == value, (proxy.id, prop, value)
        # round trip through the library: the proxy serialises back to the same entity
        assert model.get_proxy(proxy.to_dict()).to_dict() == data
        assert proxy.id not in ids
        ids.add(proxy.id)
    for schema in ("Organization", "Person", "Article", "UnknownLink", "Membership", "Event", "Sanction",
                   "Mention", "Documentation"):
        assert schemas.get(schema), f"no {schema} in the export: {schemas}"
    # every reference points at an entity of the file
    for data in _lines(out):
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (proxy.id, prop.name, value)


def test_ftm_carries_sources_dates_and_predicates(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.ftm.json"
    export(store_db, "ftm", str(out))
    entities = {d["id"]: d for d in _lines(out)}
    articles = [d for d in entities.values() if d["schema"] == "Article"]
    assert any(URL in d["properties"].get("sourceUrl", []) for d in articles)
    assert all(d["properties"].get("publisher") and d["properties"].get("publishedAt") for d in articles)
    nusra = entities[actor_fid("al-nusrah-front")]
    assert nusra["schema"] == "Organization" and "sy" in nusra["properties"]["country"]
    assert "sanction" in nusra["properties"]["topics"]
    links = [d for d in entities.values() if d["schema"] in ("UnknownLink", "Membership")]
    assert {"fights_alongside", "fights_against", "member_of"} <= {d["properties"]["role"][0] for d in links}
    assert all(d["properties"]["proof"][0] in entities for d in links)
    assert any(d["properties"].get("date") for d in links)
    sanctions = [d for d in entities.values() if d["schema"] == "Sanction"]
    assert all(d["properties"]["authority"] and d["properties"]["listingDate"] for d in sanctions)
    assert any(d["properties"].get("endDate") for d in sanctions)  # HTS/ANF removed from the FTO list in 2025
    # ids are deterministic: a second export is the same file
    again = tmp_path / "again.ftm.json"
    export(store_db, "ftm", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_ftm_ids_encode_store_ids() -> None:
    for sid in ("al-nusrah-front", "actor:57693e51023f", "person:a15100cfbe54", "Odd id/with spaces", "x.y", "a--b"):
        fid = actor_fid(sid)
        assert re.fullmatch(r"[a-zA-Z0-9-]+", fid), fid
        assert model.get_proxy({"id": fid, "schema": "Organization", "properties": {}}).id == fid
        assert store_id_of(fid) == sid
    assert store_id_of("NK-abc") is None
    assert len({actor_fid(s) for s in ("a-b", "a:b", "a--b", "a.b")}) == 4


def test_ftm_ids_survive_namespaces_and_aggregation(store_db: Path, tmp_path: Path) -> None:
    """Aleph and `ftm aggregate` read the part of an id before a "." as the entity: no id may collapse."""
    from followthemoney.namespace import Namespace

    out = tmp_path / "store.ftm.json"
    export(store_db, "ftm", str(out))
    ids = [d["id"] for d in _lines(out)]
    assert all(re.fullmatch(r"[a-zA-Z0-9-]+", i) for i in ids)
    assert len({Namespace.strip(i) for i in ids}) == len(ids)
    signed = Namespace("aleph-collection")
    assert len({Namespace.strip(signed.sign(i)) for i in ids}) == len(ids)


def test_ftm_mentions_names_authority_ids_and_provenance(store_db: Path, tmp_path: Path) -> None:
    from factions.names import name_key

    out = tmp_path / "store.ftm.json"
    export(store_db, "ftm", str(out))
    entities = {d["id"]: d for d in _lines(out)}
    actors = {i: d for i, d in entities.items() if d["schema"] in ("Organization", "Person")}
    mentions = [d for d in entities.values() if d["schema"] == "Mention"]
    assert mentions
    for m in mentions:
        actor = actors[m["properties"]["resolved"][0]]["properties"]
        names = {name_key(n) for n in actor["name"] + actor.get("alias", [])}
        assert all(name_key(n) in names for n in m["properties"]["name"]), m["properties"]["name"]
        assert not {"they", "it", "its", "the group", "he"} & {n.casefold() for n in m["properties"]["name"]}
    for d in entities.values():
        if d["schema"] == "Sanction" and d["properties"].get("authorityId"):
            assert all(" " not in v and re.search(r"\d", v) for v in d["properties"]["authorityId"])
        if d["schema"] == "Mention":
            continue  # FtM's Mention has no provenance properties; its document is the source
        props = d["properties"]
        assert props.get("retrievedAt") or d["schema"] == "Sanction", d["id"]
        assert props.get("publisher"), (d["schema"], d["id"])
        if d["schema"] in ("Organization", "Person", "UnknownLink", "Membership", "Event", "Documentation"):
            assert all(p in entities for p in props["proof"])


def test_ftm_round_trip_is_lossless(store_db: Path, tmp_path: Path) -> None:
    """export -> import into an empty store -> export: the same entities, relations and events."""
    from factions.jobs.steps import ensure_lists

    first = tmp_path / "first.ftm.json"
    export(store_db, "ftm", str(first))
    fresh = tmp_path / "fresh.db"
    with Store(fresh) as store:
        ensure_lists(store)  # the lists are the store's own, loaded as ingest loads them
        result = import_ftm(store, first)
    assert result["events"] > 0 and result["claims"] > 0
    second = tmp_path / "second.ftm.json"
    export(fresh, "ftm", str(second))
    before = {d["id"]: d for d in _lines(first)}
    after = {d["id"]: d for d in _lines(second)}
    assert sum(d["schema"] == "Event" for d in after.values()) == sum(d["schema"] == "Event" for d in before.values())
    for fid in sorted(before.keys() | after.keys()):
        one, two = before.get(fid, {}).get("properties"), after.get(fid, {}).get("properties")
        assert one == two, (fid, {k: (one.get(k), two.get(k)) for k in (one or {}).keys() | (two or {}).keys()
                                  if (one or {}).get(k) != (two or {}).get(k)} if one and two else None)


def test_ftm_reimport_gives_the_same_actors_and_claims(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.ftm.json"
    export(store_db, "ftm", str(out))
    fresh = tmp_path / "fresh.db"
    with Store(fresh) as store:
        result = import_ftm(store, out)
    assert result["claims"] > 0
    assert _actors(fresh) == _actors(store_db)
    assert _claims(fresh) == _claims(store_db)
    # importing again changes nothing
    with Store(fresh) as store:
        import_ftm(store, out)
    assert _claims(fresh) == _claims(store_db)


def test_ftm_import_of_foreign_entities(tmp_path: Path) -> None:
    """An OpenSanctions-style file: no proof documents, foreign ids, a Membership."""
    path = tmp_path / "foreign.json"
    entities = [
        {"id": "os-hazm", "schema": "Organization", "properties": {"name": ["Harakat Hazm"], "alias": ["Hazm Movement"]}},
        {"id": "os-lf", "schema": "Organization", "properties": {"name": ["Levant Front"]}},
        {"id": "os-person", "schema": "Person", "properties": {"name": ["Nobody In Particular"]}},
        {"id": "os-m1", "schema": "Membership", "properties": {
            "member": ["os-hazm"], "organization": ["os-lf"], "startDate": ["2015-03-01"],
            "description": ["Harakat Hazm dissolved into the Levant Front on 1 March 2015."]}},
    ]
    path.write_text("\n".join(json.dumps(e) for e in entities), encoding="utf-8")
    db = tmp_path / "f.db"
    proc = run_cli("import", "--format", "ftm", str(path), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(db)
    claims = conn.execute("""SELECT s.name, c.predicate, o.name, c.date FROM claims c JOIN entities s ON s.id = c.subject_id
                             JOIN entities o ON o.id = c.object_id""").fetchall()
    assert claims == [("Harakat Hazm", "member_of", "Levant Front", "2015-03-01")]
    # the catalog knows Hazm: the foreign entity lands on the catalog actor
    assert conn.execute("SELECT id FROM entities WHERE name = 'Harakat Hazm'").fetchone()[0] == "harakat-hazm"
    assert conn.execute("SELECT kind FROM entities WHERE name = 'Nobody In Particular'").fetchone()[0] == "person"


def test_ftm_import_refuses_a_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "a", "schema": "Organization", "properties": {}}\n{"id": "b", "schema": "NoSuchSchema"}\n')
    proc = run_cli("import", str(path), "--db", str(tmp_path / "f.db"))
    assert proc.returncode == 2 and "line 2" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# --- as of ------------------------------------------------------------------------------------------

def test_as_of_leaves_out_later_claims_and_events(store_db: Path, tmp_path: Path) -> None:
    whole = tmp_path / "all.jsonl"
    early = tmp_path / "early.jsonl"
    export(store_db, "jsonl", str(whole))
    export(store_db, "jsonl", str(early), as_of="2014-10-15")
    records, before = _lines(whole), _lines(early)
    claims = [r for r in before if r["record"] == "claim"]
    assert 0 < len(claims) < sum(r["record"] == "claim" for r in records)
    assert all(r["day"][:10] <= "2014-10-15" for r in before if r["record"] in ("claim", "event"))
    assert any(r["record"] == "claim" and r["day"][:10] > "2014-10-15" for r in records)
    # HTS was formed in 2017: not an actor of the 2014 snapshot
    assert "Hay'at Tahrir al-Sham" not in {r["name"] for r in before if r["record"] == "actor"}


# --- GEXF / GraphML -------------------------------------------------------------------------------------

def _check_graph(graph: nx.MultiDiGraph, start_of, end_of) -> None:
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() > 20 and graph.number_of_edges() > 20
    nusra = graph.nodes["al-nusrah-front"]
    assert nusra["label"] == "Al-Nusrah Front" and nusra["designated"] is True
    assert dt.date.fromisoformat(start_of(nusra)) <= dt.date.fromisoformat(end_of(nusra))
    edges = [d for _, _, d in graph.edges(data=True)]
    assert all(start_of(d) <= end_of(d) for d in edges)
    assert {"fights_against", "fights_alongside"} <= {d["predicate"] for d in edges}
    hazm = [d for _, _, d in graph.edges("harakat-hazm", data=True)] + \
           [d for _, v, d in graph.in_edges("harakat-hazm", data=True)]
    assert hazm and all(float(d["weight"]) >= 1 for d in hazm)
    assert not any("key" in d or "networkx_key" in d for d in edges)  # no internal key leaks


def test_graphml_loads_in_networkx_with_unique_edge_ids(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    export(store_db, "graphml", str(out))
    graph = nx.read_graphml(out, force_multigraph=True)
    _check_graph(graph, lambda d: d["start"], lambda d: d["end"])
    from lxml import etree

    ids = [e.get("id") for e in etree.parse(str(out)).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == graph.number_of_edges() and len(set(ids)) == len(ids) and None not in ids


def test_gexf_is_version_1_3_with_declared_attributes_and_spells(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.gexf"
    export(store_db, "gexf", str(out))
    graph = nx.read_gexf(out, version="1.3")
    assert graph.graph["mode"] == "dynamic"

    def spell(i: int):
        return lambda d: d["spells"][0][i]

    _check_graph(graph, spell(0), spell(1))
    from lxml import etree

    ns = {"g": "http://gexf.net/1.3"}
    root = etree.parse(str(out)).getroot()
    assert root.get("version") == "1.3" and root.tag == "{http://gexf.net/1.3}gexf"
    body = root.find("g:graph", ns)
    assert body.get("timeformat") == "date" and body.get("mode") == "dynamic"
    for cls, element in (("node", "g:nodes/g:node"), ("edge", "g:edges/g:edge")):
        declared = {a.get("id"): a.get("type") for a in body.findall(f"g:attributes[@class='{cls}']/g:attribute", ns)}
        assert declared
        items = body.findall(element, ns)
        assert all(v.get("for") in declared for item in items for v in item.findall("g:attvalues/g:attvalue", ns))
        dated = [item.find("g:spells/g:spell", ns) is not None for item in items]
        # every edge is dated by its claims; a node only when reports place it in time (not a list entry)
        assert all(dated) if cls == "edge" else sum(dated) >= 0.8 * len(dated)
    edge_ids = [e.get("id") for e in body.findall("g:edges/g:edge", ns)]
    assert len(set(edge_ids)) == len(edge_ids)


# --- ACLED CSV + gazetteer -------------------------------------------------------------------------------

def _acled_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


ACLED_REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
                 "Middle East", "South Asia", "Caucasus and Central Asia", "Southeast Asia", "East Asia", "Europe",
                 "North America", "Central America", "Caribbean", "South America", "Oceania", "Antarctica"}


def test_acled_csv_reads_back_in_pandas_with_acled_shapes(store_db: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "events.csv"
    result = export(store_db, "acled-csv", str(out))
    frame = pd.read_csv(out, dtype={"event_id_cnty": str, "iso": "Int64"}, keep_default_na=False)
    assert list(frame.columns) == list(acled.COLUMNS)
    assert len(frame) == result["records"] > 0 and len(frame) + result["events_without_country"] == result["events"]
    assert frame["event_id_cnty"].str.fullmatch(r"[A-Z]{3}\d{1,8}").all() and frame["event_id_cnty"].is_unique
    assert (frame["actor1"].str.len() > 0).all()
    assert set(frame["region"]) <= ACLED_REGIONS and (frame["region"].str.len() > 0).all()
    syria = frame[frame["country"] == "Syria"]
    assert len(syria) and (syria["iso"] == 760).all() and (syria["region"] == "Middle East").all()
    assert syria["event_id_cnty"].str.startswith("SYR").all()
    assert pd.to_datetime(frame["event_date"], format="%Y-%m-%d").notna().all()
    assert frame["fatalities"].dtype.kind == "i" and (frame["fatalities"] >= 0).all()


def test_acled_region_and_unidentified_actor_rules() -> None:
    assert acled.region("SY") == "Middle East" and acled.region("IR") == "Middle East"
    assert acled.region("ML") == "Western Africa" and acled.region("MZ") == "Southern Africa"
    assert acled.region("AF") == "South Asia" and acled.region("GE") == "Caucasus and Central Asia"
    taken: set[str] = set()
    first = acled.event_number("abc", taken, "SYR")
    assert acled.event_number("abc", taken, "SYR") != first  # a second draw of one number moves on
    assert acled.event_number("abc", set(), "SYR") == first  # and the draw is stable


def test_acled_csv_columns_and_types(store_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    export(store_db, "acled-csv", str(out))
    header, rows = _acled_rows(out)
    assert header == list(acled.COLUMNS)
    assert rows
    for r in rows:
        day = dt.date.fromisoformat(r["event_date"])
        assert int(r["year"]) == day.year
        assert int(r["time_precision"]) in (1, 2, 3)
        assert r["event_type"] in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                                   "Riots", "Strategic developments")
        assert int(r["fatalities"]) >= 0 and int(r["inter1"]) in range(9) and int(r["interaction"]) >= 0
        assert int(r["timestamp"]) > 0 and r["notes"] and r["source"]
        if r["latitude"]:
            assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
            assert int(r["geo_precision"]) in (1, 2, 3)
    aleppo = [r for r in rows if r["location"] == "Aleppo"]
    assert aleppo and all(abs(float(r["latitude"]) - 36.2) < 0.1 and r["country"] == "Syria" and r["iso"] == "760"
                          for r in aleppo)


def test_gazetteer_import_gives_villages_coordinates(store_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    shutil.copy(store_db, db)
    before = {r["location"]: r for r in _acled_rows(_export_csv(db, tmp_path / "before.csv"))[1]}
    assert before["Handarat"]["latitude"] == ""  # not in the bundled city list

    proc = run_cli("gazetteer", "import", str(GEONAMES), "--db", str(db))
    assert proc.returncode == 0 and "5 places" in proc.stdout, proc.stderr
    after = {r["location"]: r for r in _acled_rows(_export_csv(db, tmp_path / "after.csv"))[1]}
    assert (float(after["Handarat"]["latitude"]), float(after["Handarat"]["longitude"])) == (36.2775, 37.1447)
    assert after["Handarat"]["geo_precision"] == "1" and after["Handarat"]["country"] == "Syria"
    assert after["Khan al-Subul"]["latitude"] == "35.7775"  # found through its alternate spelling
    assert after["Jabal al-Zawiya"]["geo_precision"] == "2"  # a mountain range, not a town
    # a second import of the same file replaces, never duplicates
    import_gazetteer(GEONAMES, db)
    with Store(db) as store:
        assert store.places_count() == 5


def _export_csv(db: Path, out: Path) -> Path:
    export(db, "acled-csv", str(out))
    return out


def test_gazetteer_refuses_a_file_that_is_not_geonames(tmp_path: Path) -> None:
    bad = tmp_path / "SY.txt"
    bad.write_text("170063\tAleppo\tAleppo\n", encoding="utf-8")
    proc = run_cli("gazetteer", "import", str(bad), "--db", str(tmp_path / "f.db"))
    assert proc.returncode == 2 and "line 1" in proc.stderr and "19" in proc.stderr


# --- CLI ----------------------------------------------------------------------------------------------

def test_export_cli_to_stdout_and_file(store_db: Path, tmp_path: Path) -> None:
    proc = run_cli("export", "--format", "jsonl", "--db", str(store_db))
    assert proc.returncode == 0, proc.stderr
    types = {json.loads(line)["record"] for line in proc.stdout.splitlines()}
    assert types == {"document", "actor", "claim", "event", "designation"}
    assert "written to -" in proc.stderr
    proc = run_cli("export", "--format", "gexf", "--as-of", "2015-03-02", "-o", str(tmp_path / "g.gexf"),
                   "--db", str(store_db))
    assert proc.returncode == 0 and (tmp_path / "g.gexf").stat().st_size > 1000
    assert run_cli("export", "--format", "ftm", "--as-of", "March", "--db", str(store_db)).returncode == 2
    for command in (["export"], ["import"], ["gazetteer", "import"]):
        assert "Example" in run_cli(*command, "--help").stdout
