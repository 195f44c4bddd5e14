"""Screen a name against the designation lists: ranked matches with dates and a plain explanation.

How a query is compared, cheapest first:
1. candidates come from an inverted index of folded name tokens and acronyms, so a
   query touches a handful of entries instead of every entry of every list;
2. each candidate alias is scored: equal after transliteration folding (Jaysh/Jaish,
   Nusra/Nusrah, al-/an-, Qaeda/Qa'ida) scores 1.0; an acronym the list carries 0.95;
   otherwise a weighted token overlap where generic words (Islamic, Front, Army) weigh
   little and one-letter typos of long tokens still count;
3. the actor catalog expands what the query names (JFS -> Jabhat Fath al-Sham; HTS ->
   Hay'at Tahrir al-Sham) and knows homonyms: with a country given, an entry that the
   catalog places elsewhere is kept as a caveat with a lower score, never as a hit;
4. only entries active on the as-of date count (listed on or before it, not yet removed).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import asdict, dataclass

from rigour.text.distance import levenshtein

from factions.names import acronym_of, has_non_latin, skeleton_string
from factions.resolve.designations import Designation
from factions.resolve.lists.countries import country_code
from factions.resolve.screen_index import (GENERIC_TOKENS, GENERIC_WEIGHT, MIN_TYPO_LEN, IndexedName, MemoryIndex,
                                           NameIndex, key_of, legal_form_variant, trigrams)

DEFAULT_THRESHOLD = 0.85
MAX_CANDIDATES = 80  # names scored per query form: those sharing the most word weight with it
MIN_SHARE = 0.35  # ... and at least this fraction of the best candidate's shared weight
COMMON_POSTINGS = 1500  # a word this many names share is read only when the query's rarer words found nothing
MIN_SKELETON = 4  # consonants a script-crossing name needs before its match can be a hit
SKELETON_CAP = 0.9  # a whole-name consonant match across scripts: a hit, but below an exact spelling

ORG_TYPES = frozenset({"brigade", "brigades", "battalion", "battalions", "front", "army", "movement", "party",
                       "council", "committees", "committee", "forces", "organization", "organisation", "group",
                       "network", "union", "league", "regiment", "division", "legion", "corps", "jabhat", "jaish",
                       "harakat", "liwa", "hizb", "katibat", "kataib", "jamaat", "tanzim", "faylaq", "saraya"})
# Places a qualifier or a "... in X" names that are regions, not countries, with the country meant.
REGIONS = {"gaza": "PS", "west bank": "PS", "sinai": "EG", "kurdistan": "IQ", "levant": "SY", "sahel": "ML",
           "maghreb": "DZ"}


def place_code(name: str) -> str | None:
    """The ISO code of a country (or of a region's country) as a qualifier writes it."""
    return REGIONS.get(name.strip().lower()) or country_code(name)


@dataclass
class Match:
    list: str
    name: str
    matched_alias: str
    score: float
    listed: str | None
    removed: str | None
    explanation: str
    designation_id: str

    def to_json(self) -> dict:
        out = asdict(self)
        out.pop("designation_id")
        return out


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


def entry_countries(designations: list[Designation], catalog: object | None) -> dict[str, set[str]]:
    """Countries of each entry: its own, its names' qualifiers, else where the catalog places its group."""
    out: dict[str, set[str]] = {}
    for entry in designations:
        found: set[str] = set(entry.countries)
        for name in entry.names:
            for qualifier in re.findall(r"\(([^)]*)\)", name):  # "Jaysh al-Islam (Gaza)"
                code = place_code(qualifier)
                if code:
                    found.add(code)
        if not found and catalog is not None:
            # where the catalog puts the group of the entry's own name (else of any of its names):
            # a query placed elsewhere is a homonym
            for name in entry.names:
                bare = re.split(r"\s+-\s+|,\s*aka\b", re.sub(r"\s*\([^)]*\)", "", name))[0].strip()
                for hit in catalog.lookup(bare):  # type: ignore[attr-defined]
                    found.update(hit.countries)
                if found:
                    break
        out[entry.id] = found
    return out


class Screener:
    """Ranks the entries a name may be, over a NameIndex (in memory, or the store's persisted copy)."""

    def __init__(self, designations: list[Designation] | None = None, catalog: object | None = None,
                 use_catalog: bool = True, index: NameIndex | None = None) -> None:
        """`catalog` defaults to factions' actor catalog (acronym expansion, homonym places); `index`
        skips building one from `designations`."""
        if catalog is None and use_catalog:
            from factions.extract.resources import catalog as package_catalog

            catalog = package_catalog()
        self.catalog = catalog
        self._formed_cache: dict[str, str | None] = {}
        self._lookup_cache: dict[str, list] = {}
        if index is None:
            rows = list(designations or [])
            index = MemoryIndex(rows, entry_countries(rows, catalog))
        self.index = index
        self._weights: dict[str, float] = {}
        # A query word no entry uses is as rare as a word can be: it weighs the most.
        self.unseen_weight = 1 + math.log(index.size)

    @staticmethod
    def key(name: str) -> str:
        return key_of(name)

    # -- catalog knowledge ------------------------------------------------------------------------
    def _lookup(self, name: str) -> list:
        if self.catalog is None:
            return []
        if name not in self._lookup_cache:
            self._lookup_cache[name] = self.catalog.lookup(name)  # type: ignore[attr-defined]
        return self._lookup_cache[name]

    def _formed(self, actor: object | None) -> str | None:
        """When the actor's lineage began (a renamed group is as old as its first name)."""
        if actor is None or self.catalog is None:
            return None
        if hasattr(actor, "lineage_formed"):  # the store's copy of the catalog has it worked out
            return actor.lineage_formed  # type: ignore[no-any-return]
        key = actor.id  # type: ignore[attr-defined]
        if key not in self._formed_cache:
            from factions.resolve.lineage import root_of

            root = self.catalog.actors.get(root_of(self.catalog, key))  # type: ignore[attr-defined]
            self._formed_cache[key] = (root or actor).formed  # type: ignore[union-attr]
        return self._formed_cache[key]

    def _expansions(self, query: str) -> list[tuple[str, str]]:
        """(form, why) pairs to screen besides the query: the catalog actor's other names."""
        hits = self._lookup(query)
        if len(hits) != 1:
            return []
        actor = hits[0]
        return [(form, f"the catalog reads {query!r} as {actor.name}")
                for form in (actor.name, *actor.aliases, *actor.acronyms) if form != query]

    # -- scoring ----------------------------------------------------------------------------------
    def _token_match(self, q: str, tokens: tuple[str, ...]) -> str | None:
        if q in tokens:
            return q
        if len(q) >= 6:  # a one-letter slip in a long word; short words differ by one letter legitimately
            for t in tokens:
                if len(t) >= 6 and t[0] == q[0] and _edit_distance_at_most_one(q, t):
                    return t
        return None

    def _w(self, token: str) -> float:
        if token in self._weights:
            return self._weights[token]
        found = self.index.weight(token)
        if found is None:
            found = GENERIC_WEIGHT * self.unseen_weight if token in GENERIC_TOKENS else self.unseen_weight
        self._weights[token] = found
        return found

    def _skeleton_score(self, q_skeleton: str, name: IndexedName) -> tuple[float, str]:
        """Consonants in order, for a query and a name in different scripts: equal, or a slip or two
        apart in a long name ("Abdul" is one word in Latin, "Abd al-" two in Arabic)."""
        if not q_skeleton or not name.skeleton:
            return 0.0, ""
        distance = levenshtein(q_skeleton, name.skeleton)
        longest = max(len(q_skeleton), len(name.skeleton))
        if distance <= max(0, (longest - 2) // 5):
            score = SKELETON_CAP - 0.02 * distance
        else:
            score = SKELETON_CAP * 0.8 * (1 - distance / longest)
        if longest < MIN_SKELETON:
            score = min(score, 0.7)  # two or three consonants are too many names' to be a hit
        how = f"consonants {q_skeleton!r} across scripts"
        how += f" as {name.alias!r}" if distance == 0 else f", {distance} apart from {name.alias!r}"
        return round(score, 3), how

    def _score(self, query: str, q_key: str, q_tokens: tuple[str, ...], name: IndexedName) -> tuple[float, str]:
        alias, key, tokens = name.alias, name.key, name.tokens
        if key == q_key:
            same = alias.lower() == query.lower()
            return 1.0, ("exact name" if same else f"same name after transliteration folding ({q_key!r})")
        bare = query.replace(".", "").strip()
        if name.acronym:
            if bare.isupper() and bare in {p for p in alias.replace(".", "").strip().split("/")}:
                return 0.95, f"acronym {bare} is listed"
            return 0.0, ""
        if " " not in bare and bare.isupper() and len(tokens) > 1 and acronym_of(alias) == bare:
            return 0.8, f"{bare} are the initials of {alias!r}"
        cross_script = has_non_latin(query) != (not name.latin)
        if cross_script:
            return self._skeleton_score(skeleton_string(q_key), name)
        matched, missing_q = 0.0, []
        used: set[str] = set()
        total_q = 0.0
        for q in q_tokens:
            hit = self._token_match(q, tokens)
            if hit is not None and hit not in used:
                used.add(hit)
                matched += self._w(hit)
                total_q += self._w(hit)
            else:
                missing_q.append(q)
                total_q += self._w(q)
        total_a = sum(self._w(t) for t in tokens)
        score = 2 * matched / (total_q + total_a) if total_q + total_a else 0.0
        alias_missing = [t for t in tokens if t not in used]
        if missing_q and alias_missing:
            score *= 0.8  # each side has words the other lacks: two different names sharing some
        if not any(t not in GENERIC_TOKENS for t in used) and (missing_q or alias_missing):
            score = min(score, 0.5)  # "Army of Mujahideen" vs "Hizb-ul-Mujahideen": generic words alone
        # An organisation word on one side only ("Hizballah" vs "Hizballah Brigades") is another body.
        unmatched_types = [t for t in (*missing_q, *alias_missing) if t in ORG_TYPES]
        score *= 0.85 ** len(unmatched_types)
        how = f"tokens {sorted(used)} shared with {alias!r}"
        if missing_q:
            how += f"; {sorted(missing_q)} not in the entry"
        return round(score, 3), how

    def _candidates(self, q_key: str, q_tokens: tuple[str, ...], query: str) -> dict[int, IndexedName]:
        """The names worth scoring: same key, same acronym, shared words (rarest first), typo neighbours,
        and across scripts the same consonants; at most MAX_CANDIDATES, those sharing the most weight."""
        index = self.index
        exact = set(index.postings(f"k:{q_key}"))
        bare = query.replace(".", "").strip()
        exact.update(index.postings(f"a:{bare}"))
        shared: dict[int, float] = defaultdict(float)
        distinctive = [t for t in q_tokens if t not in GENERIC_TOKENS] or list(q_tokens)
        common = 1 + math.log(index.size / (1 + COMMON_POSTINGS))  # the weight of a word that common
        for t in sorted(distinctive, key=lambda t: -self._w(t)):  # rarest first
            if shared and self._w(t) < common:
                continue  # reading thousands of names for a word that ranks none of them
            found = index.postings(t)
            if not found and len(t) >= MIN_TYPO_LEN:  # a typo: tokens one edit away
                for other in index.variants(t):
                    if _edit_distance_at_most_one(t, other):
                        for n in index.postings(other):
                            shared[n] += self._w(other)
            for n in found:
                shared[n] += self._w(t)
        prefix = "z:" if has_non_latin(query) else "w:"  # Arabic query: every name; Latin: non-Latin names
        for gram in trigrams(skeleton_string(q_key)):
            weight = index.weight(f"z:{gram}") or 1.0
            for n in index.postings(prefix + gram):
                shared[n] += weight
        ranked = sorted(shared, key=lambda n: -shared[n])[:MAX_CANDIDATES]
        floor = shared[ranked[0]] * MIN_SHARE if ranked else 0.0
        return index.names(exact | {n for n in ranked if shared[n] >= floor})

    def screen(self, query: str, *, as_of: str | None = None, country: str | None = None,
               limit: int = 10, any_date: bool = False) -> list[Match]:
        """Entries `query` may be, best first; only those active on `as_of` (today when None) unless
        `any_date` (the store keeps name matches for every date and applies dates when it is read)."""
        qualifier = re.search(r"\(([^)]*)\)", query)
        if qualifier and not country:  # "Jaysh al-Islam (Syria)": the qualifier says where
            country = place_code(qualifier.group(1))
        query = re.sub(r"\s*\([^)]*\)\s*", " ", query).strip() or query  # "Jaish al-Mujahideen (Aleppo)"
        forms = [(query, "")] + self._expansions(query)
        legal = legal_form_variant(query)
        if legal:  # "X Limited Liability Company" also as "X llc", as the index files it
            forms.insert(1, (legal, ""))
        hits = self._lookup(query)
        known = hits[0] if len(hits) == 1 else None  # the one actor the catalog reads the query as
        located = re.match(r"(.+?)\s+in\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)$", query)
        place_of: dict[str, str] = {}
        if located and place_code(located.group(2)):  # "Ansar al-Sharia in Yemen": name + place
            forms.append((located.group(1), f"read as {located.group(1)!r} in {located.group(2)}"))
            place_of[located.group(1)] = place_code(located.group(2)) or ""
        scored: list[tuple[str, IndexedName, float, str]] = []
        for form, why in forms:
            q_key = self.key(form)
            if not q_key:
                continue
            q_tokens = tuple(q_key.split())
            for name in self._candidates(q_key, q_tokens, form).values():
                score, how = self._score(form, q_key, q_tokens, name)
                if score < 0.5:
                    continue
                if why:
                    if score < 0.999 and not how.startswith("acronym"):
                        continue  # an expansion counts only where the list carries that very name
                    score = round(score * 0.97, 3)  # a catalog expansion is one inference away
                    how = f"{why}; {how}"
                scored.append((form, name, min(score, 1.0), how))
        entries = self.index.entries({name.entry for _, name, _, _ in scored})
        best: dict[str, Match] = {}
        born = self._formed(known)
        for form, name, score, how in scored:
            entry = entries.get(name.entry)
            if entry is None or (not any_date and not entry.active_on(as_of)):
                continue
            places = self.index.countries(name.entry)
            where = place_of.get(form) or country
            if born and entry.listed and born[:4] > entry.listed[:4] and not entry.amended:
                # the listing predates the group (its whole lineage) that the catalog reads the query as,
                # and the entry was never amended to add it: another group of the same name
                score = round(score * 0.6, 3)
                how += (f"; homonym caveat: {entry.name!r} was listed in {entry.listed[:4]}, before "
                        f"{known.name} was formed ({born[:4]}): another group of that name")
            elif where and places and where.upper() not in places:
                score = round(score * 0.6, 3)
                how += (f"; homonym caveat: the catalog places {entry.name!r} in {', '.join(sorted(places))}, "
                        f"not {where.upper()}")
            if name.entry not in best or score > best[name.entry].score:
                best[name.entry] = Match(entry.list, entry.name, name.alias, score, entry.listed,
                                         entry.removed, how, entry.id)

        asked = self.key(query)

        def primary(m: Match) -> int:
            """Among equal scores, the entry listed under the name asked for comes first."""
            head = re.split(r"\s+-\s+|,\s*aka\b", m.name)[0]
            acronyms = re.findall(r"\(([^)]*)\)", head)
            head = re.sub(r"\s*\([^)]*\)", "", head)
            return 0 if asked in {self.key(head), *(self.key(a) for a in acronyms)} or \
                self.key(m.matched_alias) == self.key(head) else 1
        ranked = sorted(best.values(), key=lambda m: (-m.score, primary(m), len(m.name), m.list, m.name))
        return [m for m in ranked if m.score >= 0.5][:limit]


def screen_result(query: str, as_of: str | None, matches: list[Match],
                  threshold: float = DEFAULT_THRESHOLD) -> dict:
    """The JSON object of one query (issue #4's contract)."""
    return {"query": query, "as_of": as_of, "hit": bool(matches) and matches[0].score >= threshold,
            "matches": [m.to_json() for m in matches]}
