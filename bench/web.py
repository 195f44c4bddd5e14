"""Web app under load: 50 concurrent clients for 30 s against actor and search pages, 10,000 documents.

    python bench/web.py [--documents 10000] [--actors 2000] [--clients 50] [--seconds 30] [--db /tmp/factions-web-bench.db]

The store is built with the real migrations (so the search index is filled by its triggers),
then synthetic documents, sources, actors with aliases, mentions, claims and events are
inserted directly, as bench/vet.py does. The server is the real `factions serve`, in its own
process on 127.0.0.1 (a free port); traffic goes to that address only and stops after
--seconds. An actor page counts as a browser loads it: the page, then its network (JSON)
and its vetting verdict (a fragment). Prints requests, errors (must be 0: the exit code is 1
otherwise) and p50/p95 latency per kind and overall. Latency includes queueing: 50 clients share one server
process on this 2-core machine.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

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


def actor_name(i: int) -> str:
    return f"{HEADS[i % len(HEADS)]} {WORDS[(i // len(HEADS)) % len(WORDS)]} {i}"


def build(db: Path, n_docs: int, n_actors: int, seed: int = 5) -> None:
    from factions.names import name_key
    from factions.resolve.lists import load_shipped
    from factions.store import Store

    rng = random.Random(seed)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    at = "2026-01-01T00:00:00+00:00"
    # A few hubs get most claims, as in real reporting.
    pick = lambda: min(int(rng.paretovariate(1.2)) - 1, n_actors - 1)  # noqa: E731
    with Store(db) as store:
        by_source: dict[tuple[str, str], list] = {}
        for d in load_shipped():
            by_source.setdefault((d.list, d.source_file or ""), []).append(d)
        for (name, source), entries in by_source.items():
            store.save_list(name, source, "shipped", None, entries)
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entities (id, name, kind, catalog_id, created_at, updated_at) "
                         "VALUES (?, ?, 'armed_group', NULL, ?, ?)",
                         ((f"a{i}", actor_name(i), at, at) for i in range(n_actors)))
        aliases = []
        for i in range(n_actors):
            for alias in (actor_name(i), f"{WORDS[i % len(WORDS)]} Brigade {i}"):
                aliases.append((f"a{i}", alias, name_key(alias)))
        conn.executemany("INSERT INTO aliases (entity_id, alias, key, document_id) VALUES (?, ?, ?, NULL)", aliases)
        docs, sources, claims, mentions, events, event_actors = [], [], [], [], [], []
        for d in range(n_docs):
            day = f"{2012 + d % 9}-{1 + d % 12:02d}-{1 + d % 28:02d}"
            sentences, spans = [], []
            for k in range(6):
                s, o = rng.randrange(n_actors) if rng.random() < 0.5 else pick(), pick()
                if s == o:
                    o = (o + 1) % n_actors
                p = rng.choice(PREDICATES)
                sentence = (f"{actor_name(s)} {VERBS[p]} {actor_name(o)} near {rng.choice(PLACES)}, "
                            f"according to {rng.choice(['activists', 'a commander', 'local sources', 'officials'])}.")
                start = sum(len(x) + 1 for x in sentences)
                sentences.append(sentence)
                spans.append((s, p, o, start, start + len(sentence), sentence))
            text = " ".join(sentences)
            docs.append((f"d{d}", f"Fighting near {rng.choice(PLACES)} ({d})", f"Outlet {d % 40}", day, text, at, at))
            sources.append((f"s{d}", f"d{d}", f"bench/{d}.txt", f"Outlet {d % 40}", day, "ABCDEF"[d % 6], at))
            for k, (s, p, o, a, b, sentence) in enumerate(spans):
                claims.append((f"c{d}-{k}", f"d{d}", f"a{s}", p, f"a{o}", int(rng.random() < 0.05),
                               int(rng.random() < 0.2), sentence, a, b))
                mentions.append((f"m{d}-{k}", f"d{d}", f"a{s}", a, a + len(actor_name(s)), actor_name(s)))
            if d % 3 == 0:
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
        ids = [r[0] for r in conn.execute("SELECT id FROM designations")]
        conn.executemany("INSERT INTO screen_hits (entity_id, designation_id, score, matched_alias, query, "
                         "explanation, caveat, screened_at) VALUES (?, ?, 1.0, 'x', 'x', 'synthetic', 0, ?)",
                         ((f"a{i}", rng.choice(ids), at) for i in rng.sample(range(n_actors), n_actors // 50)))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children (the vetting workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def own(p: int) -> float:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return own(pid) + sum(own(c) for c in children)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "factions", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


async def load(base: str, clients: int, seconds: float, n_actors: int, verdicts: bool = True) -> dict[str, list]:
    import httpx

    rng = random.Random(9)
    results: dict[str, list] = {"actor": [], "network": [], "verdict": [], "search": [], "errors": []}
    deadline = time.monotonic() + seconds

    def next_requests() -> list[tuple[str, str]]:
        """An actor page is what a browser loads for it: the page, then its network and its verdict."""
        if rng.random() < 0.5:
            # Half the actor pages are hubs (the pages analysts open most), half anyone.
            i = min(int(rng.paretovariate(1.2)) - 1, n_actors - 1) if rng.random() < 0.5 else rng.randrange(n_actors)
            flow = [("actor", f"/actor/a{i}"), ("network", f"/api/actors/a{i}/network")]
            return flow + [("verdict", f"/actor/a{i}/verdict")] if verdicts else flow
        q = rng.choice([rng.choice(WORDS), rng.choice(HEADS), rng.choice(PLACES), f"{rng.choice(HEADS)} {rng.choice(WORDS)}"])
        return [("search", f"/search?q={q}")]

    async def client(c: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            for kind, path in next_requests():
                t = time.perf_counter()
                try:
                    r = await c.get(path)
                    ok = r.status_code == 200 and len(r.content) > 0
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                elapsed = (time.perf_counter() - t) * 1000
                if ok:
                    results[kind].append(elapsed)
                else:
                    results["errors"].append(f"{path}: {getattr(r, 'status_code', r)!r}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as c:
        await asyncio.gather(*(client(c) for _ in range(clients)))
    return results


def pct(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=100)
    return f"p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, max {max(values):.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--actors", type=int, default=2_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--db", default="/tmp/factions-web-bench.db")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing bench store")
    ap.add_argument("--no-verdicts", action="store_true",
                    help="leave the actor pages' vetting verdicts out (pages alone: what the server itself serves)")
    args = ap.parse_args()

    db = Path(args.db)
    if not (args.reuse and db.exists()):
        t = time.perf_counter()
        build(db, args.documents, args.actors)
        print(f"built {db}: {args.documents:,} documents, {args.actors:,} actors, {args.documents * 6:,} claims "
              f"in {time.perf_counter() - t:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    port = free_port()
    server = start_server(db, port)
    load_before = os.getloadavg()[0]
    try:
        t = time.perf_counter()
        cpu = cpu_seconds(server.pid)
        results = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds, args.actors,
                                   not args.no_verdicts))
        wall = time.perf_counter() - t
        cpu = cpu_seconds(server.pid) - cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = results["actor"] + results["network"] + results["verdict"] + results["search"]
    errors = results["errors"]
    print(f"{args.clients} clients for {args.seconds:.0f} s: {len(done) + len(errors)} requests "
          f"({len(done) / wall:.1f}/s), errors: {len(errors)} {'(OK)' if not errors else '(FAIL)'}")
    for kind, label in (("actor", "actor pages"), ("network", "  + network"), ("verdict", "  + verdict"),
                        ("search", "search pages"), (None, "all")):
        values = results[kind] if kind else done
        print(f"  {label:<13} ({len(values):>5}): {pct(values)}")
    # Latency depends on what else the machine runs; CPU per request does not (much).
    print(f"  server CPU (with its vetting workers): {cpu:.1f} s, {1000 * cpu / max(len(done), 1):.0f} ms per request; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    for line in errors[:10]:
        print(f"  error: {line}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
