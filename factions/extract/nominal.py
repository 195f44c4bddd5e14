"""Relations stated by nouns and modifiers rather than verbs (used by `factions_relations`).

- "US-backed X", "an al Qaeda-allied group", "a Turkish-supported faction",
  "US-supplied missiles": a hyphenated participle after an actor;
- "Y's branch in Syria", "the Syrian affiliate of Y", "X, Y's official affiliate",
  "the news site for Y", "a member of Y", "an ally of Y": relational nouns;
- "Y leader X", "X, the emir of Y", "Y's commander, X": leader nouns;
- "Y includes X", "a coalition that includes units of X": membership;
- designations ("X was added to Y's list of ..."), renamings and mergers, called
  from the verb rules because their trigger is a verb but their reading is nominal.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Token

from factions.extract.resources import lexicon, words
from factions.extract.state import RelationCandidate
from factions.extract.syntax import COLLECTIVE_HEADS, described, objects, passive_subjects, referents, subjects
from factions.extract.state import reference_clusters
from factions.extract.tokens import columns, sentence_tokens, tokens

AddFn = Callable[..., None]


def _owners(noun: Token, index: dict[int, int], actors: set[int], preps: set[str]) -> list[int]:
    out: list[int] = []
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "nmod"}:
            out.extend(c for c in referents(child, index, actors) if c not in out)
        elif child.dep_ == "prep" and child.lower_ in preps:
            for p in child.children:
                if p.dep_ == "pobj":
                    out.extend(c for c in referents(p, index, actors) if c not in out)
    return out


def _predicate_subjects(tok: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    """The subject a predicative participle is said of: 'X was described as Y-linked', 'X is Y-backed'."""
    gov = tok.head.head if tok.dep_ == "pobj" else tok.head
    if tok.dep_ not in {"pobj", "acomp", "oprd", "attr", "xcomp"}:
        return []
    return passive_subjects(gov, index, actors) or subjects(gov, index, actors)


def formed_targets(verb: Token, index: dict[int, int], actors: set[int]) -> list[int]:
    """'merged ... to form Y' / '... forming Y': the new group."""
    out: list[int] = []
    for child in verb.children:
        if child.dep_ in {"xcomp", "advcl", "conj"} and child.lemma_.lower() in {"form", "create", "establish",
                                                                              "found", "become"}:
            out.extend(c for _, c in objects(child, index, actors) if c not in out)
    return out


class NominalRules:
    def __init__(self) -> None:
        lex = lexicon()
        self.hyphen = {str(k).lower(): str(v) for k, v in lex["hyphen_modifiers"].items()}
        self.branch = words("branch_nouns")
        self.member = words("member_nouns") | {"member", "part", "component", "constituent"}
        self.media = {str(w).split()[-1] for w in lex["media_nouns"]}
        self.ally = words("ally_nouns")
        self.leaders = words("leader_nouns_strong")

    # -- hyphenated modifiers ----------------------------------------------------------------------
    def _hyphen(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                out: list[RelationCandidate], add: AddFn) -> None:
        toks = tokens(doc)
        for tok in [toks[i] for i, low in enumerate(columns(doc).lower) if low in self.hyphen]:
            pred = self.hyphen.get(tok.lower_)
            if pred is None or tok.i < 2 or toks[tok.i - 1].text not in {"-", "\u2010", "\u2011"}:
                continue
            x = index.get(tok.i - 2)
            if x is None or x not in actors:
                continue
            head = tok.head
            if pred == "supplies_weapons_to":
                users: list[int] = []
                verb = head.head
                if head.dep_ in {"dobj", "pobj", "nsubjpass"} and verb.pos_ in {"VERB", "ADP"}:
                    if verb.pos_ == "ADP":
                        verb = verb.head
                    users = subjects(verb, index, actors)
                for u in users:
                    add(out, x, "supplies_weapons_to", u, tok, "hyphen-supplied", clusters)
                continue
            targets = referents(head, index, actors)
            if not targets or targets == [x]:
                targets = described(head, index, actors)
            if not targets:  # predicative: "X has long been described as al-Qaeda-linked"
                targets = described(tok, index, actors) or _predicate_subjects(tok, index, actors)
            for y in targets:
                if y == x:
                    continue
                if pred == "designated_by" and clusters[x].kind not in {"state", "state_agency", "coalition"}:
                    continue
                add(out, y, pred, x, tok, f"hyphen-{tok.lower_}", clusters)

    # -- relational nouns ---------------------------------------------------------------------------
    def _relational_nouns(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                          out: list[RelationCandidate], add: AddFn) -> None:
        toks = tokens(doc)
        for tok in [toks[i] for i, pos in enumerate(columns(doc).pos) if pos in {"NOUN", "PROPN"}]:
            if tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            low = tok.lemma_.lower()
            own = index.get(tok.i)
            resolved = tok.i in reference_clusters(doc)  # "al Qaeda's Syrian branch", resolved to the branch
            if own is not None and not resolved:
                continue  # part of a name ("Islamic State Wilayat Sinai")
            if low in self.branch or low in self.media or low in self.ally or low in self.member:
                preps = {"of", "for"} if low in self.media else {"of", "in"} if low in {"member", "part"} else {"of"}
                owners = _owners(tok, index, actors, preps)
                about = described(tok, index, actors)
                if not about and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
                        tok.head.head.lower_ in {"one", "some", "two", "three", "several", "many", "part", "most"}:
                    about = described(tok.head.head, index, actors)  # "X, one of the Hashd's factions"
                if not about:  # "Y's branch, X": the appositive names the branch
                    about = [c for child in tok.children if child.dep_ == "appos"
                                 for c in referents(child, index, actors)]
                if not about and resolved and own in actors:
                    about = [own]
                if low in self.media:
                    pred = "member_of"
                elif low in self.ally:
                    pred = "ally_of"
                elif low in self.member:
                    pred = "member_of"
                else:
                    pred = "branch_of"
                for x in about:
                    for y in owners:
                        add(out, x, pred, y, tok, f"noun-{low}", clusters)
            elif low in self.leaders:
                self._leader(tok, index, actors, clusters, out, add)

    def _leader(self, tok: Token, index: dict[int, int], actors: set[int], clusters: list,
                out: list[RelationCandidate], add: AddFn) -> None:
        groups = [c for c in _owners(tok, index, actors, {"of"}) if clusters[c].kind != "person"]
        persons: list[int] = []
        if tok.dep_ == "compound" and index.get(tok.head.i) is not None:  # "Y leader X"
            persons.append(index[tok.head.i])
        for child in tok.children:
            if child.dep_ == "appos":
                persons.extend(referents(child, index, actors))
        if tok.dep_ == "appos":  # "X, the leader of Y"
            persons.extend(referents(tok.head, index, actors))
        persons.extend(described(tok, index, actors))
        if tok.dep_ == "compound":  # "Islamic Caucasus Emirate leader Doku Umarov": the group precedes the title
            for left in tok.head.children:
                if left.i < tok.i and left.dep_ in {"compound", "nmod", "poss"} and index.get(left.i) is not None:
                    c = index[left.i]
                    if clusters[c].kind != "person" and c not in groups:
                        groups.append(c)
        for p in persons:
            if clusters[p].kind != "person":
                continue
            for g in groups:
                add(out, p, "leader_of", g, tok, "leader-noun", clusters)

    # -- membership verbs ---------------------------------------------------------------------------
    def _includes(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                  out: list[RelationCandidate], add: AddFn) -> None:
        toks = tokens(doc)
        for tok in [toks[i] for i, pos in enumerate(columns(doc).pos) if pos == "VERB"]:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in {"include", "comprise", "encompass", "unite", "bring"}:
                continue
            containers = subjects(tok, index, actors)
            for child in tok.children:
                if child.dep_ not in {"dobj", "obj"}:
                    continue
                direct = index.get(child.i)
                if direct is not None and direct in actors:
                    members, pred = referents(child, index, actors), "member_of"
                elif child.lower_ in COLLECTIVE_HEADS or child.lemma_.lower() in COLLECTIVE_HEADS:
                    # "includes several FSA units": units of X inside Y make Y an ally of X
                    members, pred = referents(child, index, actors), "ally_of"
                else:
                    members, pred = referents(child, index, actors), "member_of"
                for c in containers:
                    for m in members:
                        if pred == "member_of":
                            add(out, m, pred, c, tok, "includes", clusters)
                        else:
                            add(out, c, pred, m, tok, "includes-units", clusters)

    def _state_possessive(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                          out: list[RelationCandidate], add: AddFn) -> None:
        """"Iran's Quds Force", "Turkey's army": a state's own forces or agency are part of it."""
        toks = tokens(doc)
        for tok in [toks[i] for i, dep in enumerate(columns(doc).dep) if dep == "poss"]:
            if tok.dep_ != "poss" or index.get(tok.i) is None:
                continue
            owner = index[tok.i]
            if clusters[owner].kind != "state":
                continue
            unit = index.get(tok.head.i)
            if unit is not None and unit != owner and clusters[unit].kind in {"state_forces", "state_agency"}:
                add(out, unit, "member_of", owner, tok.head, "state-possessive", clusters)

    def _in_support_of(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                       out: list[RelationCandidate], add: AddFn) -> None:
        """"flew air strikes in support of X", "deployed in support of X": X is backed by the doer."""
        toks = tokens(doc)
        for tok in [toks[i] for i, low in enumerate(columns(doc).lower) if low == "support"]:
            if tok.lower_ != "support" or tok.i == 0 or toks[tok.i - 1].lower_ != "in":
                continue
            backed = [c for _, c in objects(tok, index, actors, preps={"of"})]
            verb = toks[tok.i - 1].head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                verb = verb.head
            backers = subjects(verb, index, actors) or passive_subjects(verb, index, actors)
            for b in backers:
                for x in backed:
                    add(out, x, "backed_by", b, tok, "in-support-of", clusters)

    def apply(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
              out: list[RelationCandidate], add: AddFn) -> None:
        self._hyphen(doc, index, actors, clusters, out, add)
        self._relational_nouns(doc, index, actors, clusters, out, add)
        self._includes(doc, index, actors, clusters, out, add)
        self._state_possessive(doc, index, actors, clusters, out, add)
        self._in_support_of(doc, index, actors, clusters, out, add)

    # -- called by verb rules -----------------------------------------------------------------------
    def designation(self, v: Token, index: dict[int, int], actors: set[int], clusters: list, subj: list[int],
                    psubj: list[int], agents: list[int], out: list[RelationCandidate], add: AddFn) -> None:
        listed = psubj or [o for p, o in objects(v, index, actors) if p == "dobj"]
        authorities = list(agents) if psubj else list(subj)
        list_name = None
        for child in v.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "on", "as"}:
                for p in child.children:
                    if p.dep_ != "pobj":
                        continue
                    if p.lemma_.lower() in {"list", "blacklist", "roster", "registry", "register"}:
                        authorities.extend(c for c in _owners(p, index, actors, {"of", "by"})
                                           if c not in authorities and c not in listed)
                        for q in p.children:
                            if q.dep_ == "prep" and q.lower_ == "of":
                                list_name = " ".join(t.text for t in q.subtree if t.dep_ != "prep")
                    elif child.lower_ == "as":
                        list_name = " ".join(t.text for t in p.subtree)
        for x in listed:
            for a in authorities:
                if clusters[a].kind in {"state", "state_agency", "coalition", "political_org"} or \
                        clusters[a].kind == "state_forces":
                    add(out, x, "designated_by", a, v, "designation", clusters, list_name=list_name)

    def rename(self, v: Token, index: dict[int, int], actors: set[int], clusters: list, subj: list[int],
               psubj: list[int], out: list[RelationCandidate], add: AddFn) -> None:
        lemma = v.lemma_.lower()
        old = psubj or subj
        new: list[int] = []
        for child in v.children:
            if child.dep_ in {"oprd", "attr", "xcomp"} or (lemma in {"rename", "rebrand", "rechristen"}
                                                            and child.dep_ in {"dobj", "ccomp"}):
                new.extend(c for c in referents(child, index, actors) if c not in old)
            elif child.dep_ == "prep" and child.lower_ in {"as", "to", "into"}:
                if lemma == "change" and not any(c.lemma_.lower() == "name" for c in v.subtree):
                    continue
                for p in child.children:
                    if p.dep_ == "pobj":
                        new.extend(c for c in referents(p, index, actors) if c not in old)
        if lemma == "become" and not any(w.lower_ in {"renamed", "name", "known"} for w in sentence_tokens(v.doc, v.i)):
            return  # "X became the strongest group" is not a rename
        for a in old:
            for b in new:
                add(out, a, "renamed_to", b, v, "rename", clusters)
