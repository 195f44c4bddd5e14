"""Vetting: is this actor designated, is it linked to designated actors, how closely, since when, says who.

The report is built from the store alone, as of a date:
- status: the actor's own list entries active that day (official lists only, never news);
- links: paths to designated actors through risk-bearing relations, up to N hops, each
  edge with every supporting claim and every contradicting one (negated, or fighting
  each other), with document, date, outlet, sentence, attribution and hedging;
  claims dated after the as-of date are left out and older claims weigh less;
- verdict: designated, high, elevated, low or no adverse findings, with reasons in
  plain words and coverage, so that "no adverse findings" is never read as "no data";
- discrepancies: where a report says the actor was designated and the record differs;
- caveats: name matches the resolver judged to be homonyms.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from factions.analyze import reach
from factions.analyze.evidence import RISK_PREDICATES, Claim, Edge, first_by_date, independent_documents, link_strength
from factions.errors import NotFoundError
from factions.resolve.designations import Designation
from factions.store import Store
from factions.store.official import designation_of

_EVIDENCE_PREDICATES = ", ".join(f"'{p}'" for p in (*RISK_PREDICATES, "fights_against"))
LEVELS = ("designated", "high", "elevated", "low", "no adverse findings")
LIST_WORDS = {"foreign terrorist": "US-FTO", "fto": "US-FTO", "specially designated global": "US-SDGT",
              "sdgt": "US-SDGT", "sdn": "OFAC-SDN", "security council": "UN", "un sanctions": "UN",
              "1267": "UN", "united nations": "UN"}


@dataclass
class Link:
    path: list[str]  # entity ids from the vetted actor to the designated one
    designated: dict[str, Any]
    edges: list[Edge]  # one per step of the path, shared with the other links through it
    strength: float = 0.0
    independent_documents: int = 0

    @property
    def claims(self) -> list[Claim]:
        return [c for e in self.edges for c in e.claims]

    @property
    def contradicting(self) -> list[Claim]:
        return [c for e in self.edges for c in e.contradicting]

    @property
    def predicates(self) -> set[str]:
        return set().union(*(e.predicates for e in self.edges))

    def count(self, side: str) -> int:
        return sum(len(getattr(e, side)) for e in self.edges)

    def by_date(self, side: str, limit: int | None = None) -> list[Claim]:
        """The supporting ("claims") or "contradicting" claims, oldest first, the first `limit` of them."""
        return first_by_date([getattr(e, f"{side}_by_date") for e in self.edges], limit)


class _Designations:
    """Designations by id, read from the store when first asked for, kept for the run."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._seen: dict[str, Designation | None] = {}

    def get(self, designation_id: str) -> Designation | None:
        if designation_id not in self._seen:
            row = self.conn.execute("SELECT * FROM designations WHERE id = ?", (designation_id,)).fetchone()
            self._seen[designation_id] = designation_of(row) if row is not None else None
        return self._seen[designation_id]


class Vetting:
    """One vetting run over a store (caches designations and names for the run)."""

    def __init__(self, store: Store, as_of: str | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self.as_of = as_of or dt.date.today().isoformat()
        # Only the entries that screening linked to an entity are ever looked at: read them one by one
        # as the walk meets them, not the whole of every imported list (17,000 rows with OFAC's).
        self._designations = _Designations(store.conn)
        self._names: dict[str, str] = {}
        self._designated_cache: dict[str, list[dict[str, Any]]] = {}
        self._designated_ids: set[str] | None = None
        self._pairs: dict[tuple[str, str], list[Claim]] = {}

    # -- facts -------------------------------------------------------------------------------------
    def name(self, entity_id: str) -> str:
        if entity_id not in self._names:
            row = self.conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
            self._names[entity_id] = row[0] if row else entity_id
        return self._names[entity_id]

    def designations_of(self, entity_id: str) -> list[dict[str, Any]]:
        """The entity's list entries active on the as-of date (name matches that are not caveats)."""
        if entity_id not in self._designated_cache:
            out = []
            for r in self.conn.execute("SELECT designation_id, score, matched_alias, explanation FROM screen_hits "
                                       "WHERE entity_id = ? AND caveat = 0 ORDER BY score DESC", (entity_id,)):
                d = self._designations.get(r[0])
                if d is not None and d.active_on(self.as_of):
                    out.append({"list": d.list, "name": d.name, "listed": d.listed, "removed": d.removed,
                                "reference": d.reference, "matched_alias": r[2], "explanation": r[3]})
            self._designated_cache[entity_id] = out
        return self._designated_cache[entity_id]

    def off_list_of(self, entity_id: str) -> list[dict[str, Any]]:
        """The entity's list entries (not caveats) that are not in force on the as-of date:
        removed by then, or listed only later, so that vetting can say 'listed from ... to ...'."""
        out = []
        for r in self.conn.execute("SELECT designation_id FROM screen_hits WHERE entity_id = ? AND caveat = 0 "
                                   "ORDER BY score DESC", (entity_id,)):
            d = self._designations.get(r[0])
            if d is not None and not d.active_on(self.as_of):
                out.append({"list": d.list, "name": d.name, "listed": d.listed, "removed": d.removed,
                            "reference": d.reference})
        return out

    def caveats_of(self, entity_id: str) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT designation_id, score, explanation FROM screen_hits "
                                   "WHERE entity_id = ? AND caveat = 1 ORDER BY score DESC", (entity_id,)):
            d = self._designations.get(r[0])
            if d is not None:
                out.append({"list": d.list, "name": d.name, "score": r[1], "explanation": r[2]})
        return out

    def designated_ids(self) -> set[str]:
        """Every entity with a list entry active on the as-of date (designations_of is not empty)."""
        if self._designated_ids is None:
            rows = self.conn.execute("SELECT DISTINCT entity_id, designation_id FROM screen_hits WHERE caveat = 0")
            self._designated_ids = {e for e, d in rows if (g := self._designations.get(d)) is not None
                                    and g.active_on(self.as_of)}
        return self._designated_ids

    def claims_between(self, ids: list[str]) -> list[Claim]:
        """Claims touching these entities, dated on or before the as-of date (claim date, else publication),
        the entities as subject first, then as object, each in the order they were stored."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self._claims(f"c.subject_id IN ({marks}) OR c.object_id IN ({marks})", [*ids, *ids],
                            f"c.subject_id NOT IN ({marks}), c.rowid", ids)

    def pair_claims(self, a: str, b: str) -> list[Claim]:
        """The claims between two entities that a link weighs (risk-bearing or fighting), in the order
        claims_between([a]) lists them (remembered: the paths to a hub's designated neighbours share
        their first edges)."""
        if (a, b) not in self._pairs:
            # Only the predicates a link weighs (evidence.Edge.of): the rest are most of a hub pair's rows.
            self._pairs[(a, b)] = self._claims(
                f"(c.subject_id = ? AND c.object_id = ? OR c.subject_id = ? AND c.object_id = ?) "
                f"AND c.predicate IN ({_EVIDENCE_PREDICATES})", [a, b, b, a], "c.subject_id != ?, c.rowid", [a])
        return self._pairs[(a, b)]

    def preload_names(self, ids: set[str]) -> None:
        """Names of many entities at once (a hub's report names hundreds)."""
        wanted = sorted(ids - self._names.keys())
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            self._names.update(self.conn.execute(
                f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        self._names.update((i, i) for i in wanted if i not in self._names)

    def _claims(self, where: str, params: list[str], order: str, order_params: list[str]) -> list[Claim]:
        rows = self.conn.execute(f"""
            SELECT c.id, c.subject_id, c.predicate, c.object_id, c.negated, c.hedged, c.attributed_to,
                   c.evidence, c.document_id, c.confidence, c.list_name, d.title, d.outlet, c.date AS claim_date,
                   COALESCE(c.date, d.published,
                            (SELECT MIN(COALESCE(s.published, s.republished)) FROM sources s
                             WHERE s.document_id = d.id)) AS day
            FROM claims c JOIN documents d ON d.id = c.document_id
            WHERE c.status != 'rejected' AND ({where}) ORDER BY {order}""", [*params, *order_params]).fetchall()
        out = []
        name = self.name
        for (cid, subject, predicate, obj, negated, hedged, attributed, evidence, document, confidence, list_name,
             title, outlet, claim_date, day) in rows:  # by position: a hub's pairs are tens of thousands of rows
            if day and day[:10] > self.as_of:
                continue
            out.append(Claim(cid, subject, name(subject), predicate, obj, name(obj), bool(negated), bool(hedged),
                             attributed, evidence, document, title, outlet, day, confidence, list_name,
                             bool(claim_date)))
        return out

    # -- graph -------------------------------------------------------------------------------------
    def links(self, start: str, hops: int, *, adjacency: bool = True) -> list[Link]:
        """Shortest paths (breadth first) from the actor to designated actors over risk-bearing claims.

        adjacency=True walks the vet_edges table (reach.py) and reads claims only for the paths
        found; False walks the claims themselves (the reference, as slow as the neighbourhood is big).
        Both give the same links in the same order.
        """
        if adjacency:
            parent, found = reach.walk(self.conn, start, hops, self.as_of, self.designated_ids())
            self.preload_names({node for target in found for node in (target, parent[target]) if node})
            between = self.pair_claims
        else:
            parent, found, edge_claims = self._walk_claims(start, hops)
            between = lambda a, b: edge_claims[frozenset((a, b))]  # noqa: E731
        edges: dict[tuple[str, str], Edge] = {}
        links = []
        for target in found:
            path = [target]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])  # type: ignore[arg-type]
            path.reverse()
            for a, b in zip(path, path[1:]):
                if (a, b) not in edges:
                    edges[(a, b)] = Edge.of(between(a, b), self.as_of)
            link = Link(path, self._designated_summary(target), [edges[(a, b)] for a, b in zip(path, path[1:])])
            link.independent_documents = independent_documents(link.edges)
            link.strength = link_strength(link.edges)
            links.append(link)
        links.sort(key=lambda lk: (len(lk.path), -lk.strength))
        return links

    def _walk_claims(self, start: str, hops: int) -> tuple[dict[str, str | None], list[str],
                                                         dict[frozenset[str], list[Claim]]]:
        parent: dict[str, str | None] = {start: None}
        edge_claims: dict[frozenset[str], list[Claim]] = defaultdict(list)
        frontier = deque([(start, 0)])
        found: list[str] = []
        while frontier:
            node, depth = frontier.popleft()
            if depth >= hops:
                continue
            for claim in self.claims_between([node]):
                other = claim.object_id if claim.subject_id == node else claim.subject_id
                if other == node:
                    continue
                edge_claims[frozenset((node, other))].append(claim)
                if claim.negated or claim.predicate not in RISK_PREDICATES or other in parent:
                    continue
                parent[other] = node
                if self.designations_of(other):
                    found.append(other)
                frontier.append((other, depth + 1))
        return parent, found, edge_claims

    def _designated_summary(self, entity_id: str) -> dict[str, Any]:
        ds = self.designations_of(entity_id)
        first = min(ds, key=lambda d: d["listed"] or "9999")
        return {"name": self.name(entity_id), "list": first["list"], "listed": first["listed"],
                "lists": [{"list": d["list"], "name": d["name"], "listed": d["listed"]} for d in ds]}

    # -- the record vs the reports -------------------------------------------------------------------
    def discrepancies(self, entity_id: str) -> list[dict[str, Any]]:
        record = self.designations_of(entity_id)
        record_lists = {d["list"] for d in record}
        out = []
        # The actor's own unnegated designated_by claims, in the order claims_between lists them.
        for c in self._claims("c.subject_id = ? AND c.predicate = 'designated_by' AND c.negated = 0", [entity_id],
                              "c.rowid", []):
            said = (c.list_name or "").lower()
            claimed = next((code for words, code in LIST_WORDS.items() if words in said), None)
            if claimed is None and record:
                continue  # a designation claim without a list name agrees with any record
            if claimed and (claimed in record_lists or (claimed == "UN" and any(
                    lst.startswith("UN") for lst in record_lists))):
                continue
            if record:
                what = "; ".join(f"{d['list']} {d['name']} since {d['listed'] or '?'} ({d['reference'] or 'no reference'})"
                                 for d in record)
                rec = f"the official record on {self.as_of} has {what}, not a {claimed or 'listing'} entry"
            else:
                rec = f"no official list carries this actor on {self.as_of}"
            out.append({"claim": c.to_json(), "record": rec})
        return out

    def coverage(self, entity_id: str) -> dict[str, Any]:
        """Documents published by the as-of date that mention the actor; later ones counted apart.
        Counted in SQL: a hub is in hundreds of thousands of documents."""
        n, by_then, first, last = self.conn.execute("""
            SELECT COUNT(*), COUNT(*) FILTER (WHERE published IS NULL OR published <= :day),
                   MIN(published) FILTER (WHERE published != '' AND published <= :day),
                   MAX(published) FILTER (WHERE published != '' AND published <= :day)
            FROM documents
            WHERE id IN (SELECT document_id FROM mentions WHERE entity_id = :e
                         UNION SELECT document_id FROM claims WHERE subject_id = :e OR object_id = :e)""",
                                                    {"e": entity_id, "day": self.as_of}).fetchone()
        return {"documents": by_then, "first": first, "last": last, "later_documents": n - by_then}


def vet(store: Store, actor: str, *, as_of: str | None = None, hops: int = 2,
        adjacency: bool = True, claims_per_link: int | None = None) -> dict[str, Any]:
    """The vetting report of one actor as a JSON-ready dict (schema in the README).

    adjacency=False walks the claims instead of the vet_edges table: the same report, slower
    (kept as the reference the tests and bench/vet.py compare against).
    claims_per_link lists only the oldest N supporting and N contradicting claims of each link
    (a hub's report otherwise holds hundreds of thousands); claims_total and contradicting_total
    count them all, and the verdict, strengths and reasons always weigh them all."""
    try:
        entity = store.entity(actor)
    except NotFoundError as exc:
        raise NotFoundError(f"no actor named {actor!r} in the store (try `factions actors --search`)") from exc
    v = Vetting(store, as_of)
    eid = entity["id"]
    own = v.designations_of(eid)
    links = v.links(eid, max(1, hops), adjacency=adjacency)
    coverage = v.coverage(eid)
    discrepancies = v.discrepancies(eid)
    level, reasons = verdict(eid, entity["name"], v.as_of, own, links, coverage, v)
    return {
        "actor": entity["name"], "actor_id": eid, "as_of": v.as_of, "hops": hops, "level": level,
        "reasons": reasons,
        "designations": [{"list": d["list"], "name": d["name"], "listed": d["listed"], "removed": d["removed"],
                          "reference": d["reference"]} for d in own],
        "links": [{"path": [v.name(i) for i in lk.path], "designated": lk.designated, "strength": lk.strength,
                   "independent_documents": lk.independent_documents,
                   "claims_total": lk.count("claims"), "contradicting_total": lk.count("contradicting"),
                   "claims": [c.to_json() for c in lk.by_date("claims", claims_per_link)],
                   "contradicting": [c.to_json() for c in lk.by_date("contradicting", claims_per_link)]}
                  for lk in links],
        "discrepancies": discrepancies,
        "not_in_force": v.off_list_of(eid),
        "caveats": v.caveats_of(eid),
        "coverage": coverage,
    }


def verdict(entity_id: str, name: str, as_of: str, own: list[dict], links: list[Link], coverage: dict,
            v: Vetting) -> tuple[str, list[str]]:
    reasons: list[str] = []
    later = coverage.get("later_documents", 0)
    if later:
        reasons.append(f"{later} document{'s' if later != 1 else ''} published after {as_of} also "
                       f"report{'' if later != 1 else 's'} on the "
                       f"period; their claims count where they date the facts on or before {as_of}.")
    if coverage["documents"] == 0 and not later:
        reasons.append(f"No stored document mentions {name}: the store has no data on it, which is not the same "
                       f"as no adverse findings.")
    elif coverage["documents"]:
        n = coverage["documents"]
        reasons.append(f"{n} stored document{'s' if n != 1 else ''} published by {as_of} mention{'' if n != 1 else 's'} {name}, dated "
                       f"{coverage['first'] or '?'} to {coverage['last'] or '?'}.")
    for d in v.off_list_of(entity_id):
        span = f"listed from {d['listed'] or 'an unknown date'} to {d['removed']}" if d["removed"] and \
            (not d["listed"] or d["listed"] <= as_of) else f"listed only from {d['listed']}"
        reasons.append(f"{d['list']} entry {d['name']} is not in force on {as_of}: {span}.")
    if own:
        lists = "; ".join(f"{d['list']} ({d['name']}) since {d['listed'] or 'an unknown date'}" for d in own)
        reasons.insert(0, f"{name} is itself on an official list on {as_of}: {lists}.")
        return "designated", reasons
    direct = [lk for lk in links if len(lk.path) == 2]
    ended = set()
    def latest(claims: list[Claim]) -> str:
        # a claim dated by its own sentence says when; an undated one only says when it was reported
        dated = [c.date for c in claims if c.own_date and c.date]
        return max(dated or [c.date or "" for c in claims], default="")

    for lk in direct:
        last_for = latest(lk.claims)
        last_against = latest([c for c in lk.contradicting if not c.negated])
        if last_against and last_against > last_for:
            ended.add(id(lk))
            reasons.append(f"The relationship with {lk.designated['name']} changed: the latest reports "
                           f"({last_against}) describe fighting between them, after joint action reported up to "
                           f"{last_for or 'an unknown date'}. A past association, not a current one.")
    strong = [lk for lk in direct if lk.strength >= 0.35 and any(e.any_unhedged for e in lk.edges)
              and id(lk) not in ended]
    for lk in links:
        preds = sorted(lk.predicates)
        n, against = lk.count("claims"), lk.count("contradicting")
        lists = "; ".join(sorted({f"{d['list']} since {d['listed'] or '?'}" for d in lk.designated["lists"]},
                                 key=lambda t: t.split(" since ")[1]))
        docs = lk.independent_documents
        reasons.append(
            f"{' -> '.join(v.name(i) for i in lk.path)}: {', '.join(preds)} "
            f"({n} claim{'s' if n != 1 else ''} in {docs} independent "
            f"document{'s' if docs != 1 else ''}"
            f"{', ' + str(against) + ' contradicting' if against else ''}); "
            f"{lk.designated['name']} is listed: {lists}.")
    if strong:
        return "high", reasons
    if links:
        return "elevated", reasons
    if v.caveats_of(entity_id):
        reasons.append("Only homonym or weak name matches with list entries: caveats, not designations.")
        return "low", reasons
    reasons.append(f"No path to a designated actor within the hops searched as of {as_of}.")
    return "no adverse findings", reasons
