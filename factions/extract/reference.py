"""Component `factions_reference`: generic noun phrases and pronouns that point at an actor.

- "the group", "the jihadist group", "the militia", "the coalition" resolve to the
  most salient compatible actor of the previous sentences (the subject of a
  sentence, else its first actor): that is how reports chain descriptions.
- "the regime", "regime forces", "the Assadites", "a regime tank" resolve to the
  government side of the country the report is about (a catalog state_forces
  entry), created if the document never names it.
- "it", "its", "they", "them", "their" resolve the same way; first-person words
  ("we", "us", "our") are left to the quote component, which knows the speaker;
  the subject pronoun of what a reporting verb says is that verb's subject ("France
  said it ...", "A and B said they ...": note `SPEAKER`);
  "itself" / "themselves" to the subject of their own clause.
- "both groups", "the two factions", "they" after "A and B": one mention per
  actor over the same span (plural.py).
- "al Qaeda's Syrian branch", "its parent organisation": the actor of this
  document that the catalog gives that relation to the owner (and that country),
  when exactly one does; otherwise nothing (a guess would create false relations).
Which earlier actor is meant is decided by salience (salience.py).
"""
from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factions.extract.plural import PLURAL_PRONOUNS, plural_count, plural_kinds, pronoun_set, set_antecedents
from factions.extract.resources import catalog, lexicon, words
from factions.extract.salience import clause_verb, ranked, role_weight, topic
from factions.extract.state import Cluster, Mention
from factions.extract.tokens import tokens

ACTOR_KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media"}
PRONOUNS = {"it": "sg", "its": "sg", "itself": "sg", "they": "pl", "them": "pl", "their": "pl", "themselves": "pl"}
GOVERNMENT_WORDS = {"regime", "assadites", "loyalist", "loyalists", "pro-government", "pro-regime"}
REFLEXIVES = {"itself", "themselves"}
# Below this an actor was only named in passing (an object two sentences back): "treat it as such" is no actor.
MIN_SALIENCE = 1.0
# A description names its class ("the group"), so anything compatible in the window will do.
MIN_DESCRIPTION_SALIENCE = 0.25
CLEAR_SALIENCE = 2.0  # the subject of the previous sentence, or an actor named in sentence after sentence
# Nouns too vague to mean "the actor whose name has this word" unless that actor is in view:
# "the group" is not the Wagner Group of three paragraphs ago.
VAGUE_NOUNS = {"group", "organization", "organisation"}
# Relational nouns whose owner and country pick out one catalog actor: "al Qaeda's Syrian branch".
# Clauses below another clause of the sentence, whose descriptions may point at the other clause's actors.
SUBORDINATE_CLAUSES = {"advcl", "relcl", "ccomp", "acl", "xcomp", "pcomp"}
# How a pronoun was read when the reporting verb's subject decided it (Mention.note): "X said it would ...".
SPEAKER = "speaker"
BRANCH_HEADS = {"branch", "affiliate", "franchise", "wing", "offshoot", "arm", "province", "wilayat", "wilayah",
                "chapter", "subsidiary"}


def _embedded(name: Token, pronoun: Token) -> bool:
    """Whether `name` sits in an apposition or relative clause that does not also hold `pronoun`."""
    above_pronoun = {t.i for t in pronoun.ancestors}
    t = name
    while t.i not in above_pronoun and t.head.i != t.i:
        if t.dep_ in {"appos", "relcl", "acl"}:
            return True
        t = t.head
    return False


class ReferenceResolver:
    def __init__(self, nlp: Language) -> None:
        self.cat = catalog()
        self.generic = {str(k).lower(): set(v) for k, v in lexicon().get("generic_references", {}).items()}
        # the kind a generic noun names first ("council": a political body before an armed group)
        self.primary_kind = {str(k).lower(): str(v[0]) for k, v in lexicon().get("generic_references", {}).items() if v}
        self.gov_words = words("government_side_words") | GOVERNMENT_WORDS
        self.demonyms = {str(k).lower(): str(v) for k, v in lexicon().get("demonyms", {}).items()}
        self.descriptors = {str(k): {str(w).lower() for w in v}
                            for k, v in (lexicon().get("reference_descriptors") or {}).items()}
        self.families = {str(x) for x in lexicon().get("jihadist_families") or []}
        self.reporting = words("speech_verbs") | words("negating_verbs") | words("irrealis_verbs")

    # -- which earlier actor ------------------------------------------------------------------------
    def _antecedent(self, doc: Doc, sents: list[Span], si: int, before: int, kinds: set[str],
                    clusters: list[Cluster], exclude: set[int], by_sent: list[list[Mention]],
                    same_sentence: bool = True) -> int | None:
        scores = ranked(doc, sents, si, before, clusters, kinds, exclude, same_sentence=same_sentence,
                        mentions=by_sent)
        return scores[0][1] if scores and scores[0][0] >= MIN_SALIENCE else None

    @staticmethod
    def _possessor(doc: Doc, mentions: list[Mention], tok: Token, clusters: list[Cluster],
                   kinds: set[str]) -> int | None:
        """"its" / "their" inside a sentence that named an actor before it: the nearest such actor.

        "X of Y and its ministry", "the KDF said its troops": a possessive binds locally, whatever the
        subject. A country counts only as a subject ("Kenya said its troops"), else it is a place. An
        actor inside an apposition or relative clause the pronoun is not in does not bind it ("AQAP, the
        Islamic State's rival, said its rules ...").
        """
        for m in reversed(mentions):
            if m.start >= tok.i or m.cluster is None or m.generic or _embedded(doc[m.start:m.end].root, tok):
                continue
            c = clusters[m.cluster]
            if c.kind in kinds and not c.mentions[0].generic and (c.kind != "state" or role_weight(doc, m) >= 2):
                return m.cluster
        return None

    def _named_after(self, doc: Doc, clusters: list[Cluster], noun: str, at: int) -> int | None:
        """The actor whose name has this head noun; among several, the one mentioned most up to here."""
        found = [i for i, c in enumerate(clusters) if c.kind in ACTOR_KINDS
                 and any(noun in n.lower().split() for n in c.names)]
        if len(found) <= 1:
            return found[0] if found else None

        def salience(i: int) -> tuple[int, int]:
            before = [m.start for m in clusters[i].mentions if m.start < at]
            return (len(before), max(before, default=-1))
        best = max(found, key=salience)
        return best if salience(best)[0] > 0 else None

    @staticmethod
    def _clause_subjects(tok: Token, at: dict[int, list[int]]) -> set[int]:
        """Clusters of the subject of the pronoun's own clause: "X designated it" - 'it' is not X."""
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        out: set[int] = set()
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                for i in range(child.left_edge.i, child.i + 1):
                    out.update(at.get(i, []))
        return out

    def _speakers(self, tok: Token, at: dict[int, list[int]], clusters: list[Cluster]) -> list[int]:
        """"France ... has said it does not recognise the junta", "Liyu Police and the ENDF said they had
        killed ...": the subject of a reporting verb is who the subject pronoun of its complement clause is,
        whatever the actor's kind (a government says "it" too); [] when the verb reports nothing.

        "it" takes a single speaker; "they" every listed speaker, or one named in the plural ("the Houthis").
        """
        if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.head.dep_ != "ccomp" or tok.i > tok.head.i:
            return []
        verb = tok.head.head
        if verb.lemma_.lower() not in self.reporting:
            return []
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return []
        heads = [subj, *subj.conjuncts]
        if PRONOUNS[tok.lower_] == "sg" and len(heads) > 1:
            return []
        if PRONOUNS[tok.lower_] == "pl" and len(heads) == 1 and subj.tag_ not in {"NNS", "NNPS"}:
            return []
        found: list[int] = []
        for head in heads:
            own = {c for c in at.get(head.i, []) if clusters[c].kind in ACTOR_KINDS}
            if len(own) != 1:
                return []  # a speaker that is no actor ("officials"), or two readings of one: not plain
            found.append(own.pop())
        return list(dict.fromkeys(found))

    def _only_one(self, clusters: list[Cluster], kinds: set[str]) -> int | None:
        """The document's single actor of these kinds, wherever it is named (a forward reference)."""
        found = [i for i, c in enumerate(clusters) if c.kind in kinds and c.names]
        if len(found) > 1 and "state_forces" in kinds:
            # "government troops" in a report naming one government and other states: that government
            found = [i for i in found if clusters[i].kind == "state_forces"]
        return found[0] if len(found) == 1 else None

    # -- government side ----------------------------------------------------------------------------
    def _government(self, doc: Doc, clusters: list[Cluster]) -> int | None:
        for i, c in enumerate(clusters):
            if c.kind == "state_forces" and c.catalog_id and self.cat.actors[c.catalog_id].state:
                return i
        # Which country is the report about? The most mentioned place that is a state in the catalog.
        counts: Counter[str] = Counter()
        for c in clusters:
            if c.catalog_id and self.cat.actors.get(c.catalog_id) and self.cat.actors[c.catalog_id].kind == "state":
                counts[c.catalog_id] += len(c.mentions)
            elif c.kind == "place":
                for hit in self.cat.lookup(c.name):
                    if hit.kind == "state":
                        counts[hit.id] += len(c.mentions)
        for state_id, _ in counts.most_common():
            govs = [a for a in self.cat.actors.values() if a.kind == "state_forces" and a.state == state_id]
            govs.sort(key=lambda a: (not a.id.endswith("government"), a.id))
            if govs:
                gov = govs[0]
                clusters.append(Cluster(kind="state_forces", names=[gov.name], catalog_id=gov.id,
                                        first_token=len(doc)))
                return len(clusters) - 1
        return None

    # -- "al Qaeda's Syrian branch" -------------------------------------------------------------------
    def _country_codes(self, tok: Token) -> set[str]:
        """ISO codes a relational noun is placed in: "Syrian branch", "branch in Syria"."""
        names = [self.demonyms[c.lower_] for c in tok.children if c.dep_ in {"amod", "compound"}
                 and c.lower_ in self.demonyms]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                names += [p.text for p in prep.children if p.dep_ == "pobj"]
        codes: set[str] = set()
        for name in names:
            for hit in self.cat.lookup(name):
                if hit.kind == "state":
                    codes.update(hit.countries)
        return codes

    def _relational(self, tok: Token, at: dict[int, list[int]], clusters: list[Cluster]) -> int | None:
        """The document's actor that the catalog makes this owner's branch (or parent), when only one fits."""
        lemma = tok.lemma_.lower()
        owners = [c for child in tok.children if child.dep_ == "poss" for c in at.get(child.i, [])]
        owners += [c for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for p in prep.children if p.dep_ == "pobj" for c in at.get(p.i, [])]
        if len(set(owners)) != 1:
            return None
        owner = self.cat.actors.get(clusters[owners[0]].catalog_id or "")
        if owner is None:
            return None
        named = {c.catalog_id: i for i, c in enumerate(clusters) if c.catalog_id and c.names
                 and not c.mentions[0].generic}
        if lemma == "parent":  # "its parent organisation", "the group's parent"
            return named.get(owner.parent or "")
        if lemma not in BRANCH_HEADS:
            return None
        codes = self._country_codes(tok)
        found = [i for cid, i in named.items() if self.cat.actors[cid].parent == owner.id
                 and (not codes or codes & set(self.cat.actors[cid].countries))]
        return found[0] if len(found) == 1 else None

    # -- the pass -------------------------------------------------------------------------------------
    def _generic_kinds(self, tok: Token) -> set[str] | None:
        """The kinds a generic noun may stand for: by its form ("militants") or its lemma ("group")."""
        return self.generic.get(tok.lower_) or self.generic.get(tok.lemma_.lower())

    def _description(self, doc: Doc, tok: Token, sents: list[Span], si: int, clusters: list[Cluster],
                     taken: set[int], by_sent: list[list[Mention]]) -> int | None:
        """"the group", "the jihadist militia", "coalition airstrikes": one actor, or None."""
        det = [c for c in tok.children if c.dep_ == "det"]
        definite = det and det[0].lower_ in {"the", "this", "that", "these", "those"}
        modifier = tok.dep_ == "compound" and tok.lower_ == tok.text  # "coalition airstrikes"
        # a plural of a singular class noun ("the factions") names a set, not one actor
        plural_set = tok.tag_ in {"NNS", "NNPS"} and tok.lower_ != tok.lemma_.lower() and \
            tok.lemma_.lower() in self.generic and tok.lower_ not in self.generic
        kinds = self._generic_kinds(tok)
        if kinds is None or not (definite or modifier) or plural_set or any(
                c.dep_ in {"compound", "poss"} and c.i in taken for c in tok.children):
            return None
        # A possessive description may point inside its own sentence, to an actor of another clause
        # ("Faylaq did not sign; the group's spokesman said"), and so may one in a subordinate clause ("IS
        # fighters carried out the killings after the group seized Tikrit"); any other looks back to earlier
        # sentences.
        inside = tok.dep_ == "poss" or doc[clause_verb(tok)].dep_ in SUBORDINATE_CLAUSES
        own_clause = {m.cluster for m in by_sent[si] if m.cluster is not None and role_weight(doc, m) >= 1.0
                      and clause_verb(doc[m.start:m.end].root) == clause_verb(tok)}
        exclude = own_clause | self._misfits(tok, clusters)
        scores = ranked(doc, sents, si, tok.i, clusters, kinds, exclude, same_sentence=inside or modifier,
                        mentions=by_sent)
        # a class in the plural ("the rebels", "the militants") often means several actors: only a clear favourite
        least = MIN_SALIENCE if tok.tag_ in {"NNS", "NNPS"} else MIN_DESCRIPTION_SALIENCE
        window = {c for _, c in scores}
        # "the Front" means the actor called "... Front" when the report names one
        named = self._named_after(doc, clusters, tok.lower_, tok.i)
        if named is not None and named not in exclude and named in window:
            return named
        # out of view, a name that merely shares the noun yields to the subject of the last sentence if that is
        # of the noun's own kind ("the coalition" after "Jaish al-Fatah took Idlib" is not the US-led coalition
        # of an earlier paragraph; "the council" after "IS fighters left" is still the Manbij Military Council)
        # A modifier is the name-like use ("coalition airstrikes": the air coalition): the name keeps it.
        primary = self.primary_kind.get(tok.lower_) or self.primary_kind.get(tok.lemma_.lower())
        if scores and scores[0][0] >= CLEAR_SALIENCE and (named is None or clusters[scores[0][1]].kind == primary
                                                          and not modifier):
            return scores[0][1]
        if named is not None and named not in exclude and tok.lemma_.lower() not in VAGUE_NOUNS:
            return named
        if scores and scores[0][0] >= least:
            return scores[0][1]
        if modifier:
            return self._only_one(clusters, kinds)
        main = topic(clusters, tok.i, kinds)  # a profile's "the group" after a paragraph about others
        return main if main is not None and main not in exclude else None

    def _family(self, actor_id: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a catalog actor belongs to a jihadist family: itself, or up its parent / members_of chain."""
        if actor_id in self.families:
            return True
        actor = self.cat.actors.get(actor_id)
        if actor is None or actor_id in seen:
            return False
        ups = [actor.parent] if actor.parent else []
        return any(self._family(u, seen | {actor_id}) for u in ups + list(actor.members_of))

    def _misfits(self, tok: Token, clusters: list[Cluster]) -> set[int]:
        """Actors the description's camp word rules out: "the jihadists" are not a rebel coalition."""
        said = {tok.lower_, tok.lemma_.lower()} | {c.lower_ for c in tok.children if c.dep_ in {"amod", "compound"}}
        camp = next((k for k, ws in self.descriptors.items() if said & ws), None)
        if camp is None:
            return set()
        out = set()
        for i, c in enumerate(clusters):
            if c.catalog_id and c.catalog_id in self.cat.actors:
                if self._family(c.catalog_id) != (camp == "jihadist"):
                    out.add(i)
        return out

    def _resolve(self, doc: Doc, tok: Token, sents: list[Span], si: int, clusters: list[Cluster],
                 taken: set[int], at: dict[int, list[int]], by_sent: list[list[Mention]]) -> tuple[list[int], str | None]:
        """The actors a word stands for, and how they were read when that is worth the decider knowing (a note)."""
        low = tok.lower_
        if low in PRONOUNS and tok.pos_ == "PRON":
            if low in REFLEXIVES:  # "Jabhat al-Nusra renamed itself": its own clause's subject
                subj = [c for c in self._clause_subjects(tok, at) if clusters[c].kind in ACTOR_KINDS]
                if len(subj) == 1 or low == "themselves" and subj:
                    return subj, None
            speakers = self._speakers(tok, at, clusters)
            if speakers:
                return speakers, SPEAKER
            kinds = ACTOR_KINDS if PRONOUNS[low] == "pl" else ACTOR_KINDS - {"state_forces"}
            exclude = self._clause_subjects(tok, at) if tok.dep_ in {"dobj", "pobj", "dative", "obj"} else set()
            best = self._possessor(doc, by_sent[si], tok, clusters, kinds) if tok.dep_ == "poss" else None
            if best is None:
                best = self._antecedent(doc, sents, si, tok.i, kinds, clusters, exclude, by_sent)
            if best is None and tok.dep_ in {"nsubj", "nsubjpass", "poss"} and \
                    not any(m.start < tok.i for m in by_sent[si]):
                # "It later joined ...", "Its fighters ..." opening a sentence of a profile: the report's topic
                best = topic(clusters, tok.i, kinds)
            if best is None:
                return [], None
            if low in PLURAL_PRONOUNS:
                return pronoun_set(doc, si, tok.i, best, clusters, kinds, by_sent, exclude) or [best], None
            return [best], None
        count = plural_count(tok)
        if count is not None:
            return set_antecedents(doc, sents, si, tok.i, count, clusters, plural_kinds(tok), by_sent)
        if tok.pos_ in {"NOUN", "PROPN"} and (tok.lemma_.lower() in BRANCH_HEADS or tok.lemma_.lower() == "parent"):
            found = self._relational(tok, at, clusters)
            if found is not None:
                return [found], None
        if tok.pos_ in {"NOUN", "PROPN"}:
            found = self._description(doc, tok, sents, si, clusters, taken, by_sent)
            return ([] if found is None else [found]), None
        return [], None

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[Cluster] = doc._.clusters or []
        sents = list(doc.sents)
        by_sent: list[list[Mention]] = [[] for _ in sents]
        at: dict[int, list[int]] = {}  # token -> clusters of the mentions over it, references resolved so far too
        taken = set()
        bounds = [0] * len(doc)
        for n, s in enumerate(sents):
            for i in range(s.start, s.end):
                bounds[i] = n
        for m in doc._.mentions:
            taken.update(range(m.start, m.end))
            by_sent[bounds[m.start]].append(m)
            if m.cluster is not None:
                for i in range(m.start, m.end):
                    at.setdefault(i, []).append(m.cluster)
        new: list[Mention] = []
        gov: int | None | bool = False  # False: not looked up yet
        toks = tokens(doc)
        for si, sent in enumerate(sents):
            for tok in toks[sent.start:sent.end]:
                if tok.i in taken:
                    continue
                low = tok.lower_
                # "his loyalists" are not the government's (the children are read only for a government word)
                if (low in self.gov_words or (low == "regime" and tok.dep_ in {"compound", "amod", "nsubj", "dobj",
                                                                                 "pobj"})) \
                        and not any(c.dep_ == "poss" for c in tok.children):
                    if gov is False:
                        gov = self._government(doc, clusters)
                    found, note = ([gov] if isinstance(gov, int) else []), None
                else:
                    found, note = self._resolve(doc, tok, sents, si, clusters, taken, at, by_sent)
                for cluster in found:
                    m = Mention(tok.i, tok.i + 1, clusters[cluster].kind, "reference", tok.text, generic=True,
                                cluster=cluster, note=note)
                    clusters[cluster].mentions.append(m)
                    new.append(m)
                    by_sent[si].append(m)
                    at.setdefault(tok.i, []).append(cluster)
                if found:
                    taken.add(tok.i)
        doc._.mentions = sorted(doc._.mentions + new, key=lambda m: m.start)
        doc._.clusters = clusters
        return doc


@Language.factory("factions_reference", requires=["doc._.mentions", "doc._.clusters", "token.dep", "token.pos"],
                  assigns=["doc._.mentions", "doc._.clusters"])
def make_reference_resolver(nlp: Language, name: str) -> ReferenceResolver:
    return ReferenceResolver(nlp)
