"""Component `factions_aliases`: group the mentions of one actor into one cluster.

Links, strongest first:
- the same catalog entry, or the same transliteration-folded key;
- alias constructions: "X, or Y,", "X (Y)", "X, also known as Y", "X, aka Y",
  "X, known in Arabic as Y", "X, formerly Y";
- acronyms: an all-caps token equal to the initials of a cluster's name, introduced
  in parentheses or only used later (JMA, SRF, HTS);
- short forms and translations: names whose distinctive core words are equal
  ("Hazm" / "Harakat Hazm" / "Hazm Party"; "Jaish Mujahideen" / "Army of Mujahideen");
- persons: a surname alone ("Assad") joins the full name used in the document.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from factions.extract.actors import MIN_SKELETON, acting_dep, spelling_skeleton, transliterated
from factions.extract.alias_forms import AliasForms
from factions.extract.resources import catalog, gazetteer, lexicon, words
from factions.extract.state import Cluster, Mention
from factions.extract.tokens import columns, doc_text, tokens
from factions.names import ARTICLES, acronym_of, name_key

ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media"}
_ALIAS_GLUE = re.compile(
    r"^\s*(?:,\s*|\s)(?:or|or simply|also known as|also called|aka|a\.k\.a\.|known as|better known as|"
    r"known in arabic as|formerly|formerly known as|previously known as|meaning|which means|in english|alias|"
    r"whose real name is|real name|by his nom de guerre|nom de guerre|who (?:also )?goes by|who (?:also )?uses the name|"
    r"also using the name)"
    r"\s*,?\s*(?:the\s+)?(?:al-|el-)?$|^\s*\(\s*(?:the\s+|or\s+|aka\s+|also\s+|alias\s+)?(?:al-|el-)?$",
    re.IGNORECASE)
# Adjectives that many group names share: they never make two names the same actor.
GENERIC_CORE = frozenset({"islamic", "islamist", "syrian", "free", "national", "revolutionary", "arab", "democratic",
                          "popular", "united", "new", "great", "grand", "holy", "sunni", "shia", "shiite", "kurdish",
                          "iraqi", "people", "peoples", "liberation", "resistance", "front", "army", "movement",
                          "group", "forces", "force", "party", "brigade", "brigades", "battalion", "division",
                          "council", "state", "organization", "organisation", "union", "emirate", "sham", "levant",
                          "first", "second", "third", "1st", "2nd", "3rd", "northern", "southern", "eastern",
                          "western", "central", "us", "u", "s"})


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class AliasLinker:
    def __init__(self, nlp: Language) -> None:
        self.cat = catalog()
        self.heads = words("org_heads_arabic") | words("org_heads_english")
        # head -> the heads that name the same kind of body (itself, its translations), folded as keys are
        self.same_head: dict[str, set[str]] = {}
        for arabic, english in (lexicon().get("head_translations") or {}).items():
            forms = {name_key(arabic), *(name_key(e) for e in english)}
            for form in forms:
                self.same_head.setdefault(form, {form}).update(forms)
        self.head_keys = {name_key(h) for h in self.heads}
        self.forms = AliasForms(self.cat)
        self.person_markers = words("person_markers")
        self.places = gazetteer()
        self.lowercase_heads = words("lowercase_org_heads")

    def heads_agree(self, a: str, b: str) -> bool:
        """Whether two names' organisation heads allow them to be one actor: one has none, they share
        one, or one is the other's translation (Jaish ~ Army). Jaysh al-Fath != Jabhat Fath al-Sham."""
        ha = {t for t in name_key(a).split() if t in self.head_keys}
        hb = {t for t in name_key(b).split() if t in self.head_keys}
        if not ha or not hb or ha & hb:
            return True
        return any(self.same_head.get(h, {h}) & hb for h in ha)

    def core(self, text: str) -> frozenset[str]:
        toks = name_key(text).split()
        return frozenset(t for t in toks if t not in GENERIC_CORE and t not in self.heads and t not in ARTICLES)

    def _add_acronyms(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """All-caps tokens that abbreviate a mentioned name become mentions of it."""
        toks = tokens(doc)
        taken = set()
        for m in mentions:
            taken.update(range(m.start, m.end))
        names = [m for m in mentions if m.kind in ACTOR_KINDS and len(m.text.split()) >= 2]
        # "the Defense and Security Forces (FDS)", "Yemen Province (ISY)": capitals in brackets right after a
        # name abbreviate it even when their letters are another language's or a looser choice
        ends = {m.end: m for m in names}
        defined: dict[str, Mention] = {}
        for i, t in enumerate(columns(doc).text):
            if 2 <= len(t) <= 6 and t.isupper() and t.isalpha() and 0 < i < len(doc) - 1 and toks[i - 1].text == "(" \
                    and toks[i + 1].text == ")" and i - 1 in ends and i not in taken:
                defined.setdefault(t, ends[i - 1])
        added = []
        for tok in [toks[i] for i, t in enumerate(columns(doc).text) if 2 <= len(t) <= 6 and t.isupper()]:
            t = tok.text
            if tok.i in taken or not (2 <= len(t) <= 6 and t.isupper() and t.isalpha()):
                continue
            if t in defined:
                m = defined[t]
                added.append(Mention(tok.i, tok.i + 1, m.kind, "acronym", t, catalog_id=m.catalog_id))
                self.expansions[t] = m.text
                continue
            for m in names:
                if acronym_of(m.text) == t or acronym_of(re.sub(r"\b(?:al|el|wal|wa)\b", "", m.text)) == t:
                    added.append(Mention(tok.i, tok.i + 1, m.kind, "acronym", t, catalog_id=m.catalog_id))
                    self.expansions[t] = m.text
                    break
        return mentions + added

    def _add_short_forms(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A bare capitalised core word of a group name ("Hazm", "Nusrah") is a mention of it."""
        toks = tokens(doc)
        cores: dict[str, set[str]] = {}
        kinds: dict[str, Mention] = {}
        for m in mentions:
            if m.kind not in ACTOR_KINDS or m.generic:
                continue
            core = self.core(m.text)
            if len(core) == 1:
                (word,) = core
                cores.setdefault(word, set()).add(name_key(m.text))
                kinds.setdefault(word, m)
        taken = set()
        for m in mentions:
            taken.update(range(m.start, m.end))
        added = []
        for tok in [toks[i] for i, t in enumerate(columns(doc).text) if t[:1].isupper()]:
            if tok.i in taken or not tok.text[:1].isupper() or tok.is_sent_start and tok.pos_ not in {"PROPN"}:
                continue
            word = name_key(tok.text)
            if word in cores and len(word) >= 3:
                src = kinds[word]
                added.append(Mention(tok.i, tok.i + 1, src.kind, "short", tok.text, catalog_id=src.catalog_id))
        return mentions + added

    def _add_surnames(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A person's surname used alone later ("Hassan Abboud" ... "Abboud said") is a mention of them."""
        surnames: dict[str, Mention] = {}
        first_names: dict[str, list[Mention]] = {}
        for m in mentions:
            words_ = m.text.replace("-", " ").split()
            if m.kind == "person" and len(words_) > 1 and len(words_[-1]) >= 3 and words_[-1][:1].isupper():
                surnames.setdefault(words_[-1], m)
            if m.kind == "person" and len(words_) > 1 and len(words_[0]) >= 6 and words_[0][:1].isupper() \
                    and words_[0].lower() not in self.person_markers:
                first_names.setdefault(words_[0], []).append(m)  # "Sirajuddin" for Sirajuddin Haqqani
        for word, owners in first_names.items():  # a first name two persons share names neither
            if len({name_key(o.text) for o in owners}) == 1 and word not in surnames:
                surnames[word] = owners[0]
        if not surnames:
            return mentions
        taken = {i for m in mentions for i in range(m.start, m.end)}
        added = []
        found = re.finditer(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in surnames) + r")(?!\w)", doc_text(doc))
        for hit in found:  # the text is searched, not every token walked: most reports name few persons
            span = doc.char_span(hit.start(), hit.end())
            if span is None or len(span) != 1:
                continue
            tok = span[0]
            src = surnames[tok.text]
            if tok.i in taken or tok.pos_ not in {"PROPN", "NOUN", ""}:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper() and not doc[tok.i + 1].is_punct:
                continue  # part of a longer name ("Abboud Brigade")
            added.append(Mention(tok.i, tok.i + 1, "person", "surname", tok.text, catalog_id=src.catalog_id))
        return mentions + added

    def _add_repeats(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name found once (by NER or shape) is the same name wherever else it is written."""
        toks = tokens(doc)
        by_first: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.kind in {"weapon"}:
                continue
            by_first.setdefault(toks[m.start].text, []).append(m)
        taken = [False] * len(doc)
        for m in mentions:
            for i in range(m.start, m.end):
                taken[i] = True
        added = []
        for tok in [toks[i] for i, t in enumerate(columns(doc).text) if t in by_first and not taken[i]]:
            if taken[tok.i] or tok.text not in by_first:
                continue
            for m in sorted(by_first[tok.text], key=lambda m: m.start - m.end):
                n = m.end - m.start
                if tok.i + n <= len(doc) and not any(taken[tok.i:tok.i + n]) and \
                        [t.text for t in toks[tok.i:tok.i + n]] == [t.text for t in toks[m.start:m.end]]:
                    added.append(Mention(tok.i, tok.i + n, m.kind, "repeat", m.text, catalog_id=m.catalog_id))
                    for i in range(tok.i, tok.i + n):
                        taken[i] = True
                    break
        return mentions + added

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for m in (doc._.mentions or []) if not m.generic]
        self.expansions: dict[str, str] = {}
        mentions = self._add_repeats(doc, mentions)
        mentions = self._add_acronyms(doc, mentions)
        mentions = self._add_short_forms(doc, mentions)
        mentions = self._add_surnames(doc, mentions)
        home = self._home_country(mentions)
        for m in mentions:
            self._fold_into_state(doc, m, home)
        mentions.sort(key=lambda m: m.start)
        uf = _UnionFind(len(mentions))
        by_key: dict[tuple[str, str], int] = {}
        by_catalog: dict[str, int] = {}
        for i, m in enumerate(mentions):
            group = "actor" if m.kind in ACTOR_KINDS else m.kind
            if m.catalog_id and m.kind != "weapon":
                if m.catalog_id in by_catalog:
                    uf.union(by_catalog[m.catalog_id], i)
                by_catalog.setdefault(m.catalog_id, i)
            key = (group, m.catalog_id if m.kind == "weapon" and m.catalog_id else name_key(m.text))
            if key in by_key:
                uf.union(by_key[key], i)
            by_key.setdefault(key, i)
        # A government department acts as its state through `folds_into` (the US State Department, the
        # Treasury); an intelligence service (CIA, ISI, NDS) is an actor of its own, as reports treat it.
        # Acronyms join the name they abbreviate.
        first_by_text: dict[str, int] = {}
        for i, m in enumerate(mentions):
            first_by_text.setdefault(m.text, i)
        for i, m in enumerate(mentions):
            if m.source == "acronym" and self.expansions.get(m.text) in first_by_text:
                uf.union(first_by_text[self.expansions[m.text]], i)
        # Alias constructions between neighbouring mentions: actors with actors, persons with persons
        # ("Hashem al-Sheikh, better known as Abu Jaber").
        actor_ix = [i for i, m in enumerate(mentions) if m.kind in ACTOR_KINDS]
        person_ix = [i for i, m in enumerate(mentions) if m.kind == "person"]
        text = doc_text(doc)
        toks = tokens(doc)
        for ix in (actor_ix, person_ix):
            for a, b in zip(ix, ix[1:]):
                ma, mb = mentions[a], mentions[b]
                between = text[toks[ma.end - 1].idx + len(toks[ma.end - 1].text):toks[mb.start].idx]
                if len(between) < 40 and _ALIAS_GLUE.match(between) and not self._different_catalog(ma, mb):
                    uf.union(a, b)
        # Equal distinctive cores: short forms and translations.
        cores: dict[frozenset[str], int] = {}
        for i in actor_ix:
            core = self.core(mentions[i].text)
            if not core:
                continue
            if core in cores and not self._different_catalog(mentions[cores[core]], mentions[i]) \
                    and self.heads_agree(mentions[cores[core]].text, mentions[i].text):
                uf.union(cores[core], i)
            cores.setdefault(core, i)
        # One name in two transliterations ("Qais al-Khazali" / "Qays al-Khazali", "Abdulqadir Mumin" /
        # "Abdul Qadir Mumin"): equal consonant skeletons, within one kind of actor.
        for ix in (actor_ix, person_ix):
            spelled: dict[str, int] = {}
            for i in ix:
                text = mentions[i].text
                if len(text.split()) < 2 or not transliterated(text) and mentions[i].kind != "person":
                    continue
                sk = spelling_skeleton(text)
                if len(sk) < MIN_SKELETON:
                    continue
                j = spelled.setdefault(sk, i)
                if j != i and not self._different_catalog(mentions[j], mentions[i]) \
                        and self.heads_agree(mentions[j].text, text):
                    uf.union(j, i)
        # Persons: a surname alone joins the full name.
        persons = [i for i, m in enumerate(mentions) if m.kind == "person"]
        for i in persons:
            toks = name_key(mentions[i].text).split()
            if len(toks) == 1:
                for j in persons:
                    full = name_key(mentions[j].text).split()
                    if len(full) > 1 and full[-1] == toks[0]:
                        uf.union(j, i)
                        break
        self._join_name_parts(mentions, persons, uf)
        doc._.clusters = self._build_clusters(mentions, uf)
        self.forms.add(doc, mentions, doc._.clusters)
        doc._.mentions = mentions
        return doc

    def _join_name_parts(self, mentions: list[Mention], persons: list[int], uf: _UnionFind) -> None:
        """A person's first names or last two names used alone ("Jalaluddin", "Ali Mohsen", "Abu Risha")
        join the one full name of the report they begin or end; a part two full names share joins neither."""
        keys = {i: name_key(mentions[i].text).split() for i in persons}
        for i in persons:
            part = keys[i]
            if not part or len(part) > 2 or (len(part) == 1 and (len(part[0]) < 5 or part[0] in self.person_markers)):
                continue
            fits = {uf.find(j) for j in persons if len(keys[j]) > len(part)
                    and (keys[j][:len(part)] == part or (len(part) == 2 and keys[j][-2:] == part))}
            if len(fits) == 1:
                uf.union(fits.pop(), i)

    def _home_country(self, mentions: list[Mention]) -> str | None:
        """The country a report is about: the one its places and states are named in most often (towns by
        the gazetteer, countries as places or as states), each other catalog actor counting half for the
        first country it operates in ("ISWAP" for Nigeria), a military not at all; None when no country leads."""
        counts: dict[str, float] = {}
        for m in mentions:
            actor = self.cat.actors.get(m.catalog_id or "")
            weight = 1.0
            if actor is not None and actor.folds_into and actor.kind != "state":
                continue  # a military's own mentions do not make its country the report's
            if actor is not None and actor.countries and m.kind != "weapon":
                country = actor.countries[0]
                weight = 1.0 if actor.kind == "state" and len(actor.countries) == 1 else 0.5
            elif m.kind == "place" and m.text in self.places:
                country = self.places[m.text].country
            else:
                continue
            counts[country] = counts.get(country, 0.0) + weight
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or len(ranked) > 1 and ranked[0] == ranked[1]:
            return None
        return max(counts, key=counts.__getitem__)

    def _fold_into_state(self, doc: Doc, m: Mention, home: str | None = None) -> None:
        """A foreign military's mention ("the Turkish army" in Syria, "French troops" in Mali) stands for
        its state, and a state whose government is a party to the war, where it acts ("Syria rejected
        ..."), for that government: ONTOLOGY's convention. The military of the country the report is
        about (`home`: "the Nigerian army" in a report on Borno) is an actor of its own, as reports set it
        beside its government; a military that folds into a government (Iraqi army -> Iraqi government)
        always does. A country named as a location ("in Syria") is left alone."""
        if m.kind not in ACTOR_KINDS:
            return
        actor = self.cat.actors.get(m.catalog_id or "")
        if actor is None or not actor.folds_into:
            return
        if actor.kind == "state" and m.source != "demonym" and not acting_dep(doc[m.start:m.end].root):
            return
        state = self.cat.actors.get(actor.folds_into)
        if home is not None and actor.kind == "state_forces" and state is not None and state.kind == "state" \
                and state.countries == (home,):
            return
        for _ in range(3):  # a military folds into its state, a state at war at home into its government
            target = self.cat.actors.get(actor.folds_into or "")
            if target is None:
                break
            actor = target
        m.catalog_id, m.kind = actor.id, actor.kind
        if m.source == "catalog":
            m.source = "military"

    def _forms(self, m: Mention) -> list[str]:
        """The mention's text, and its remainder after a leading state name when that is a name too
        ("US State Department" -> also "State Department")."""
        forms = [m.text]
        words_ = m.text.split()
        if len(words_) >= 2 and words_[-1] in self.lowercase_heads and words_[0][:1].isupper() and m.kind in ACTOR_KINDS:
            forms.append(" ".join(words_[:-1]))  # "the Qaaqaa brigade" is also "the Qaaqaa"
        if m.catalog_id and len(words_) > 2:
            rest = " ".join(words_[1:])
            # the remainder names this actor, or a department that acts as it (State Department -> US)
            if any(a.id == m.catalog_id or a.folds_into == m.catalog_id for a in self.cat.lookup(rest)):
                forms.append(rest)
        return forms

    def _different_catalog(self, a: Mention, b: Mention) -> bool:
        return bool(a.catalog_id and b.catalog_id and a.catalog_id != b.catalog_id)

    def _build_clusters(self, mentions: list[Mention], uf: _UnionFind) -> list[Cluster]:
        clusters: list[Cluster] = []
        root_to_cluster: dict[int, int] = {}
        for i, m in enumerate(mentions):
            root = uf.find(i)
            if root not in root_to_cluster:
                root_to_cluster[root] = len(clusters)
                clusters.append(Cluster(kind=m.kind, first_token=m.start))
            c = clusters[root_to_cluster[root]]
            m.cluster = root_to_cluster[root]
            c.mentions.append(m)
            for form in self._forms(m):
                if form not in c.names:
                    c.names.append(form)
            if m.catalog_id and m.kind != "weapon" and not c.catalog_id:
                c.catalog_id = m.catalog_id
                c.kind = m.kind
        for c in clusters:
            if c.catalog_id and c.catalog_id in self.cat.actors:
                c.kind = self.cat.actors[c.catalog_id].kind
        return clusters


@Language.factory("factions_aliases", requires=["doc._.mentions"], assigns=["doc._.clusters", "doc._.mentions"])
def make_alias_linker(nlp: Language, name: str) -> AliasLinker:
    return AliasLinker(nlp)
