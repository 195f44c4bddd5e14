"""The blocking index the screener reads: every name form of every entry, and posting lists by token.

A query touches only the posting lists of its own tokens, so the cost of a query
depends on how common its words are, not on how many entries are loaded. The
postings are keyed by strings that say what they index:
- a plain folded token ("nusra"), the whole folded key ("k:jabhat nusra"),
- an acronym as written ("a:HTS"),
- a trigram of the name's consonant skeleton ("z:gbn"; "w:gbn" only for names
  written in a non-Latin script), so that an Arabic-script query meets the Latin
  entry and back,
- a one-deletion variant of a long token ("d:nsra" -> "nusra"), for typos.

`MemoryIndex` builds all of this from designations; the store keeps a copy of it
(factions.store.screen_index) so a cold `factions screen` does not rebuild it.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

from rigour.names import replace_org_types_compare

from factions.names import has_non_latin, name_key, skeleton_string
from factions.resolve.designations import Designation

GENERIC_WEIGHT = 0.3
GENERIC_TOKENS = frozenset({"islamic", "front", "army", "movement", "group", "organization", "organisation",
                            "state", "party", "brigade", "brigades", "battalion", "forces", "force",
                            "liberation", "national", "revolutionary", "jihad", "harakat", "jabhat", "jaish",
                            "hizb", "ansar", "jamaat", "tanzim", "council", "union", "holy", "sacred",
                            "for", "and", "in", "land", "two", "rivers", "levant", "sham", "mujahideen",
                            "fighters", "network", "committees", "committee", "resistance", "al", "e", "i",
                            "arab", "government", "regime", "muslim", "muslims", "islam", "army", "ul", "ut",
                            "wa", "of", "the", "company", "co", "ltd", "llc", "limited", "inc", "corporation",
                            "trading", "international", "bank", "shipping", "industrial", "general"})
# Legal forms as rigour's compare form writes them (OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU -> ooo):
# thousands of OFAC entries share them, so they say nothing about which entry a name is.
LEGAL_FORMS = frozenset({"llc", "ooo", "jsc", "ojsc", "cjsc", "pjsc", "ao", "oao", "zao", "pao", "ltd", "co", "inc",
                         "corp", "sa", "srl", "gmbh", "ag", "bv", "nv", "plc", "lp", "llp", "fze", "fzco", "fzc",
                         "sarl", "spa", "ab", "oy", "kft", "sro", "doo", "tov", "pt", "cv", "sdn", "bhd", "pte",
                         "jv", "sas", "sl", "eirl", "gup", "fgup", "mup", "ip", "tdv", "sac", "lda",
                         # and the words they abbreviate
                         "joint", "stock", "liability", "obshchestvo", "ogranichennoi", "otvetstvennostyu",
                         "aktsionernoe", "otkrytoe", "zakrytoe", "publichnoe", "incorporated", "sociedad", "anonima",
                         "responsabilidad", "limitada", "gesellschaft", "private"})
# Words that join a name's parts and carry nothing: dropped before comparing.
STOPWORDS = frozenset({"in", "for", "and", "of", "the", "to", "on", "ul", "ut", "e", "i", "a"})
# The index holds folded tokens (name_key): fold the generic words the same way.
GENERIC_TOKENS = frozenset(t for w in GENERIC_TOKENS for t in name_key(w).split()) | GENERIC_TOKENS | LEGAL_FORMS
MIN_TYPO_LEN = 5  # one-letter slips are looked up for tokens this long; shorter words differ legitimately


class IndexedName(NamedTuple):
    entry: str  # designation id
    alias: str  # the form as written
    key: str  # folded key
    skeleton: str  # consonant skeleton of the key, without word breaks
    acronym: bool  # matched only as a whole ("FRI" is not the word "Free")
    latin: bool  # written in Latin script

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.key.split())


class NameIndex(Protocol):
    """What the screener reads: in memory (MemoryIndex) or from the store (StoreIndex)."""

    size: int

    def postings(self, token: str) -> Sequence[int]: ...

    def names(self, ids: Iterable[int]) -> dict[int, IndexedName]: ...

    def entries(self, ids: Iterable[str]) -> dict[str, Designation]: ...

    def countries(self, entry: str) -> set[str]: ...

    def weight(self, token: str) -> float | None: ...

    def variants(self, token: str) -> list[str]: ...


def key_of(name: str) -> str:
    """The folded key the index compares: name_key without joining words."""
    return " ".join(t for t in name_key(name).split() if t not in STOPWORDS)


@lru_cache(maxsize=131072)
def legal_form_variant(name: str) -> str | None:
    """The name with its legal form in rigour's compare form ("X Limited Liability Company" -> "X llc"),
    when that differs: a second form to index and to query, so either spelling meets the other."""
    compared = replace_org_types_compare(name)
    return compared if key_of(compared) != key_of(name) else None


def deletions(token: str) -> set[str]:
    """The token with one letter dropped, each way (symmetric-delete typo lookup)."""
    return {token[:i] + token[i + 1:] for i in range(len(token))}


def is_acronym(form: str) -> bool:
    bare = form.replace(".", "").strip()
    return bare.replace("/", "").replace("-", "").isupper() and len(bare) <= 10 and " " not in bare


def forms_of(entry: Designation) -> list[str]:
    """Every form an entry's names are indexed under: as written, without brackets, acronyms, slash readings."""
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
        legal = legal_form_variant(bare or alias)
        if legal:
            forms.append(legal)
    return list(dict.fromkeys(forms))


def postings_of(name: IndexedName) -> set[str]:
    """The posting keys one name is filed under."""
    if name.acronym:
        bare = name.alias.replace(".", "").strip()
        return {f"a:{part}" for part in bare.split("/") if 2 <= len(part) <= 8} | {f"k:{name.key}"}
    out = {f"k:{name.key}", *name.tokens}
    grams = trigrams(name.skeleton)
    out.update(f"z:{g}" for g in grams)
    if not name.latin:
        out.update(f"w:{g}" for g in grams)
    return out


def trigrams(text: str) -> set[str]:
    """Letter trigrams (the whole text when shorter)."""
    if len(text) <= 3:
        return {text} if text else set()
    return {text[i:i + 3] for i in range(len(text) - 2)}


class MemoryIndex:
    """The whole index in dicts, built from designations (and the entries' countries)."""

    def __init__(self, designations: Sequence[Designation], countries: dict[str, set[str]]) -> None:
        self._entries = {d.id: d for d in designations}
        self._countries = countries
        self._names: list[IndexedName] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._variants: dict[str, set[str]] = defaultdict(set)
        for d in designations:
            for form in forms_of(d):
                key = key_of(form)
                if not key:
                    continue
                name = IndexedName(d.id, form, key, skeleton_string(key), is_acronym(form), not has_non_latin(form))
                n = len(self._names)
                self._names.append(name)
                for token in postings_of(name):
                    self._postings[token].append(n)
        for token in [t for t in self._postings if ":" not in t and len(t) >= MIN_TYPO_LEN]:
            for variant in deletions(token) | {token}:
                self._variants[variant].add(token)
        self.size = max(len(self._names), 1)
        self._weights = {t: (GENERIC_WEIGHT if t in GENERIC_TOKENS else 1.0) * (1 + math.log(self.size / (1 + len(p))))
                         for t, p in self._postings.items() if not t.startswith(("k:", "a:"))}

    def postings(self, token: str) -> Sequence[int]:
        return self._postings.get(token, ())

    def names(self, ids: Iterable[int]) -> dict[int, IndexedName]:
        return {n: self._names[n] for n in ids}

    def entries(self, ids: Iterable[str]) -> dict[str, Designation]:
        return {i: self._entries[i] for i in ids if i in self._entries}

    def countries(self, entry: str) -> set[str]:
        return self._countries.get(entry, set())

    def weight(self, token: str) -> float | None:
        return self._weights.get(token)

    def variants(self, token: str) -> list[str]:
        found: set[str] = set()
        for variant in deletions(token) | {token}:
            found |= self._variants.get(variant, set())
        return sorted(found)

    # -- what the store persists ------------------------------------------------------------------
    def all_names(self) -> list[IndexedName]:
        return list(self._names)

    def all_postings(self) -> dict[str, list[int]]:
        return dict(self._postings)

    def all_weights(self) -> dict[str, float]:
        return dict(self._weights)

    def all_variants(self) -> dict[str, set[str]]:
        return dict(self._variants)

    def all_countries(self) -> dict[str, set[str]]:
        return {i: self._countries.get(i, set()) for i in self._entries}
