"""The evidence of a vetting link, summarised once per pair of actors.

A hub's report has a thousand links, and the links through one neighbour all start with the
same edge (the hub and that neighbour: thousands of claims). Each edge is weighed, split and
sorted once per run (`Edge`); a link then combines the summaries of its edges. The strength
is the same number the claim-by-claim computation gives, bit for bit: `math.prod` is a left
fold, so a product over the first edge's documents, continued over the next edge's, is the
product over the link's documents in the same order; when two edges share a document (its
best claim then counts once) the link's claims are weighed again one by one.
"""
from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RISK_PREDICATES = ("fights_alongside", "ally_of", "member_of", "branch_of", "pledged_allegiance_to",
                   "merged_into", "renamed_to", "backed_by", "supplies_weapons_to")
HALF_LIFE_YEARS = 2.0  # a claim two years older than the as-of date weighs half as much


@dataclass
class Claim:
    id: str
    subject_id: str
    subject: str
    predicate: str
    object_id: str
    object: str
    negated: bool
    hedged: bool
    attributed_to: str | None
    evidence: str
    document_id: str
    document: str | None
    outlet: str | None
    date: str | None
    confidence: float
    list_name: str | None = None
    own_date: bool = False  # the sentence itself dates the fact (not only the report's publication)

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object,
                "negated": self.negated, "hedged": self.hedged, "attributed_to": self.attributed_to,
                "evidence": self.evidence, "document": self.document, "document_id": self.document_id,
                "outlet": self.outlet, "date": self.date}


def weight(claim: Claim, as_of: str) -> float:
    """How much one claim counts: confidence, hedging, relayed attribution, and age."""
    w = claim.confidence or 0.7
    if claim.hedged:
        w *= 0.5
    if claim.attributed_to:
        w *= 0.8
    if claim.date:
        try:
            age = (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(claim.date[:10])).days / 365.25
            w *= 0.5 ** (max(age, 0.0) / HALF_LIFE_YEARS)
        except ValueError:
            pass
    return w


def _by_date(claim: Claim) -> str:
    return claim.date or ""


def _best_by_document(claims: Iterable[Claim], as_of: str) -> dict[str, float]:
    # Independent documents corroborate; within one document the best claim counts.
    best: dict[str, float] = {}
    for c in claims:
        best[c.document_id] = max(best.get(c.document_id, 0.0), weight(c, as_of))
    return best


@dataclass
class Edge:
    """The claims between two actors as of a date: supporting (risk-bearing, not negated) and
    contradicting (negated risk-bearing, or fighting each other), each in store order."""
    claims: list[Claim]
    contradicting: list[Claim]
    as_of: str
    best: dict[str, float] = field(init=False)  # document -> its best supporting weight
    support_factors: list[float] = field(init=False)
    against_factors: list[float] = field(init=False)
    support_product: float = field(init=False)
    against_product: float = field(init=False)
    predicates: set[str] = field(init=False)
    any_unhedged: bool = field(init=False)
    claims_by_date: list[Claim] = field(init=False)
    contradicting_by_date: list[Claim] = field(init=False)

    def __post_init__(self) -> None:
        self.best = _best_by_document(self.claims, self.as_of)
        self.support_factors = [1 - w for w in self.best.values()]
        self.against_factors = [1 - weight(c, self.as_of) for c in self.contradicting]
        self.support_product = math.prod(self.support_factors)
        self.against_product = math.prod(self.against_factors)
        self.predicates = {c.predicate for c in self.claims}
        self.any_unhedged = any(not c.hedged for c in self.claims)
        self.claims_by_date = sorted(self.claims, key=_by_date)
        self.contradicting_by_date = sorted(self.contradicting, key=_by_date)

    @classmethod
    def of(cls, claims: Iterable[Claim], as_of: str) -> Edge:
        """Split a pair's claims (each once, however many times the lookups returned it)."""
        seen: set[str] = set()
        support, against = [], []
        for c in claims:
            if c.id in seen:
                continue
            seen.add(c.id)
            if c.predicate in RISK_PREDICATES and not c.negated:
                support.append(c)
            elif c.negated and c.predicate in RISK_PREDICATES or (c.predicate == "fights_against" and not c.negated):
                against.append(c)
        return cls(support, against, as_of)


def link_strength(edges: list[Edge]) -> float:
    """The strength of a path over these edges: corroboration by independent documents, less
    half the contradiction, discounted by 0.6 per hop after the first."""
    first, rest = edges[0], edges[1:]
    documents = set(first.best)
    shared = False
    for e in rest:
        shared = shared or not documents.isdisjoint(e.best)
        documents.update(e.best)
    if shared:  # a document's best claim over the whole path, in the path's order
        best = _best_by_document(itertools.chain.from_iterable(e.claims for e in edges), first.as_of)
        support = 1 - math.prod(1 - w for w in best.values())
    else:
        support = 1 - math.prod(itertools.chain.from_iterable(e.support_factors for e in rest),
                                start=first.support_product)
    against = 1 - math.prod(itertools.chain.from_iterable(e.against_factors for e in rest),
                            start=first.against_product)
    hop_discount = 0.6 ** (len(edges) - 1)  # a path of n edges has n + 1 actors
    return round(max(support - 0.5 * against, 0.0) * hop_discount, 3)


def independent_documents(edges: list[Edge]) -> int:
    if len(edges) == 1:
        return len(edges[0].best)
    return len(set().union(*(e.best for e in edges)))


def first_by_date(lists: list[list[Claim]], limit: int | None) -> list[Claim]:
    """The path's claims sorted by date, ties in path order (the stable sort of their concatenation),
    the first `limit` of them (all when None)."""
    merged = lists[0] if len(lists) == 1 else heapq.merge(*lists, key=_by_date)
    return list(itertools.islice(merged, limit))
