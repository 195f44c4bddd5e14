"""Component `factions_relations`: read the relations of ONTOLOGY.md off the parse.

Verb constructions ("X fights alongside Y", "X swore allegiance to Y", "X was
added to Y's list", "X joined A and B in fighting C", "X backs Y") are read here;
noun and modifier constructions ("US-backed X", "an al Qaeda-allied group",
"Y's branch in Syria", "Y leader X") live in `nominal.py`. Every rule applies to
coordinations on either side. Modality is left to `factions_modality`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from factions.extract import nominal
from factions.extract.resources import lexicon, words
from factions.extract.state import RelationCandidate, reference_clusters, sentence_bounds
from factions.extract.syntax import actor_clusters, described, mention_index, objects, passive_agents, \
    passive_subjects, referents, subjects
from factions.extract.tokens import columns, tokens

ALLIANCE_WORDS = {"allegiance", "loyalty", "bay'ah", "bayah", "baya", "bay`ah", "oath", "fealty"}
ALONGSIDE_PREPS = {"alongside", "beside", "besides"}
FIGHT_FORMS = {"fought", "fights", "fight", "attacked", "attacks", "clashed", "battled", "ambushed", "shelled"}
AGAINST_PREPS = {"against", "with", "on"}
ATTACK_NOUNS = {"attack", "assault", "offensive", "strike", "airstrike", "raid", "bombing", "ambush", "operation",
                "campaign", "war", "insurgency", "shelling", "bombardment", "fight", "battle", "counteroffensive",
                "incursion", "operations", "raids", "strikes", "airstrikes", "attacks", "sortie", "sorties"}
LOCATIVE = {"in", "near", "at", "around", "across", "inside", "outside", "throughout"}


class RelationReader:
    def __init__(self, nlp: Language) -> None:
        verbs = {k: {str(v).split()[0] for v in vs} for k, vs in lexicon()["relation_verbs"].items()}
        self.verbs = verbs
        self.support = words("support_verbs")
        self.nominal = nominal.NominalRules()

    def _add(self, out: list[RelationCandidate], s: int, p: str, o: int, tok: Token, rule: str,
             clusters: list, **kw: object) -> None:
        if s == o:
            return
        if p == "leader_of" and clusters[s].kind != "person":
            return
        # persons lead, pledge, denounce and negotiate; they fight and ally through their groups
        if p not in {"leader_of", "pledged_allegiance_to", "denounces", "member_of"} and (
                clusters[s].kind == "person" or clusters[o].kind == "person"):
            return
        out.append(RelationCandidate(s, p, o, sentence_bounds(tok.doc)[tok.i][0], tok.i, rule=rule, **kw))  # type: ignore[arg-type]

    def _verb(self, v: Token, index: dict[int, int], actors: set[int], clusters: list,
              out: list[RelationCandidate]) -> None:
        lemma = v.lemma_.lower()
        subj = subjects(v, index, actors)
        agents = passive_agents(v, index, actors)
        passive = any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in v.children) or (
            v.dep_ in {"acl", "relcl"} and v.tag_ == "VBN")  # "a faction led by X"
        psubj = passive_subjects(v, index, actors) if passive else []
        prt = {c.lower_ for c in v.children if c.dep_ in {"prt", "prep", "advmod"}}

        # "X joined A and B in fighting C": co-fighters, and all of them against C.
        if lemma == "join":
            partners = [c for _, c in objects(v, index, actors, preps={"with", "including"})]
            pcomp = [g for g in v.subtree if g.dep_ == "pcomp" and g.head.lower_ == "in"
                     and g.lemma_.lower() in {"fight", "battle", "attack", "combat", "repel", "defend"}]
            if pcomp:
                side = subj + [p for p in partners if p not in subj]
                for i, a in enumerate(side):
                    for b in side[i + 1:]:
                        self._add(out, a, "fights_alongside", b, v, "join-in-fighting", clusters)
                for g in pcomp:
                    for _, enemy in objects(g, index, actors):
                        for a in side:
                            self._add(out, a, "fights_against", enemy, g, "join-in-fighting", clusters)
            elif any(c.dep_ == "dobj" and c.lower_ in {"forces", "hands", "ranks"} for c in v.children):
                # "A, B and C joined forces against D"
                side = subj + [p for p in partners if p not in subj]
                for i, a in enumerate(side):
                    for b in side[i + 1:]:
                        self._add(out, a, "fights_alongside", b, v, "join-forces", clusters)
                for _, enemy in objects(v, index, actors, preps={"against"}):
                    for a in side:
                        self._add(out, a, "fights_against", enemy, v, "join-forces", clusters)
            else:
                for a in subj:
                    for p in partners:
                        kind = clusters[p].kind
                        pred = "member_of" if kind in {"coalition", "armed_group", "political_org"} else "ally_of"
                        self._add(out, a, pred, p, v, "join", clusters)
            return

        if len(subj) > 1 and any(c.dep_ in {"dobj", "npadvmod", "pobj", "prep"} and c.lower_ in {"other", "another"}
                                 or any(g.lower_ in {"other", "another"} for g in c.subtree) and c.dep_ in {"dobj", "prep"}
                                 for c in v.children) and lemma in self.verbs["fights_against"] | {"fight", "battle"}:
            for i, a in enumerate(subj):  # "A and B fought each other"
                for b in subj[i + 1:]:
                    self._add(out, a, "fights_against", b, v, "reciprocal", clusters)
            return

        if lemma in {"fight", "battle", "operate", "fought"}:
            for prep, o in objects(v, index, actors):
                if prep in ALONGSIDE_PREPS:
                    for a in subj:
                        self._add(out, a, "fights_alongside", o, v, "fight-alongside", clusters)
                elif prep in {"dobj", "against"}:
                    for a in subj:
                        self._add(out, a, "fights_against", o, v, "fight-against", clusters)
            if len(subj) > 1 and not any(p in ALONGSIDE_PREPS for p, _ in objects(v, index, actors)):
                enemies = [o for p, o in objects(v, index, actors) if p in {"dobj", "against"}]
                if enemies:
                    for i, a in enumerate(subj):
                        for b in subj[i + 1:]:
                            self._add(out, a, "fights_alongside", b, v, "co-subjects", clusters)
            return

        if lemma in self.verbs["fights_against"] and lemma not in {"turn"}:
            targets = [o for p, o in objects(v, index, actors) if p in {"dobj", "against", "on", "with"}]
            if lemma in {"clash"}:
                targets = [o for p, o in objects(v, index, actors) if p in {"with", "against", "dobj"}]
            doers = subj
            if psubj and agents:  # "X was attacked by Y"
                doers, targets = agents, psubj
            elif psubj:
                doers, targets = [], []
            for a in doers:
                for t in targets:
                    self._add(out, a, "fights_against", t, v, "attack-verb", clusters)
            if len(doers) > 1 and targets:
                for i, a in enumerate(doers):
                    for b in doers[i + 1:]:
                        self._add(out, a, "fights_alongside", b, v, "co-attackers", clusters)
            if lemma == "clash" and len(subj) > 1 and not targets:  # "A and B clashed"
                for i, a in enumerate(subj):
                    for b in subj[i + 1:]:
                        self._add(out, a, "fights_against", b, v, "clash-mutual", clusters)
            return

        if lemma in {"claim", "conduct", "carry", "launch", "mount", "stage", "begin", "step", "intensify", "wage",
                     "fly", "execute", "perform"} or (lemma == "claim" and psubj):
            # "X claimed the attack on Y", "X launched air strikes against Y": the nominal attack's doer is X
            doers = agents if psubj else subj
            for child in v.subtree:
                if child.lemma_.lower() in ATTACK_NOUNS and child.pos_ == "NOUN":
                    for _, t in objects(child, index, actors, preps={"on", "against", "at"}):
                        for a in doers:
                            self._add(out, a, "fights_against", t, child, "claim-attack", clusters)
            if lemma != "launch":
                return

        if lemma in {"pledge", "swear", "give", "declare", "renew", "offer"}:
            has_oath = any(c.lower_ in ALLIANCE_WORDS for c in v.subtree)
            if has_oath:
                for _, o in objects(v, index, actors, preps={"to"}):
                    for a in subj:
                        self._add(out, a, "pledged_allegiance_to", o, v, "pledge", clusters)
            return

        if lemma in self.support:
            if psubj or agents:
                for a in psubj:
                    for b in agents:
                        self._add(out, a, "backed_by", b, v, "backed-passive", clusters)
            else:
                backed = [a for _, a in objects(v, index, actors, preps=set())]
                if not backed and v.dep_ in {"relcl", "conj"}:  # "a force that the UAE trained and pays"
                    head = v.head if v.dep_ == "relcl" else v.head.head
                    if v.dep_ == "relcl" or head.dep_ == "relcl":
                        head = v.head if v.dep_ == "relcl" else head.head
                        backed = [c for c in referents(head, index, actors) or described(head, index, actors)
                                  if c not in subj]
                for b in subj:
                    for a in backed:
                        self._add(out, a, "backed_by", b, v, "backs", clusters)
            return

        if lemma in {"receive", "get", "obtain", "accept"}:
            gives_support = any(c.lemma_.lower() in {"support", "aid", "funding", "training", "backing", "weapon",
                                                     "arm", "assistance", "money", "missile", "cover"}
                                for c in v.subtree)
            if gives_support:
                for _, b in objects(v, index, actors, preps={"from"}):
                    for a in subj:
                        self._add(out, a, "backed_by", b, v, "receive-support", clusters)
            return

        if lemma in self.verbs["supplies_weapons_to"] and lemma not in {"give", "arm"}:
            arms = any(c.lemma_.lower() in {"weapon", "arm", "missile", "rocket", "ammunition", "munition", "gun",
                                            "rifle", "tow", "manpad", "explosive", "drone", "launcher"}
                       for c in v.subtree)
            if arms:
                recips = [o for p, o in objects(v, index, actors) if p in {"to", "dobj", "dative"}]
                for a in subj:
                    for r in recips:
                        self._add(out, a, "supplies_weapons_to", r, v, "supply", clusters)
                        self._add(out, r, "backed_by", a, v, "supply", clusters)  # arms are support
            return

        if lemma == "belong":  # "X belongs to Y", "the umbrella to which X belongs"
            owners = [o for p, o in objects(v, index, actors, preps={"to"})]
            if not owners and v.dep_ == "relcl":
                owners = referents(v.head, index, actors) or described(v.head, index, actors)
            for a in subj:
                for o in owners:
                    self._add(out, a, "member_of", o, v, "belong", clusters)
            return

        if lemma in {"designate", "blacklist", "sanction", "list", "proscribe", "add", "label", "ban"}:
            self.nominal.designation(v, index, actors, clusters, subj, psubj, agents, out, self._add)
            return

        if lemma in {"ally", "cooperate", "coordinate", "collaborate", "partner", "align", "side", "unite"}:
            others = [o for p, o in objects(v, index, actors) if p in {"with", "dobj", "behind"}]
            if others:
                for a in subj or psubj:
                    for o in others:
                        self._add(out, a, "ally_of", o, v, "ally-verb", clusters)
            elif len(subj) > 1:
                for i, a in enumerate(subj):
                    for b in subj[i + 1:]:
                        self._add(out, a, "ally_of", b, v, "ally-mutual", clusters)
            return

        if lemma == "work" and ("together" in prt or "with" in prt or "alongside" in prt):
            others = [o for p, o in objects(v, index, actors) if p in {"with", "alongside"}]
            group = subj + others
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    self._add(out, a, "ally_of", b, v, "work-together", clusters)
            return

        if lemma in {"merge", "fold", "absorb", "integrate", "amalgamate", "unify", "dissolve"}:
            into = [o for p, o in objects(v, index, actors) if p in {"into", "dobj"}]
            withs = [o for p, o in objects(v, index, actors) if p == "with"]
            if lemma == "absorb":  # "Y absorbed X": X merged into Y
                for a in subj:
                    for o in into:
                        self._add(out, o, "merged_into", a, v, "absorb", clusters)
                return
            formed = nominal.formed_targets(v, index, actors)
            for a in subj + withs + psubj:
                for o in into + formed:
                    self._add(out, a, "merged_into", o, v, "merge", clusters)
            return

        if lemma in {"form", "found", "create", "establish", "launch"}:
            made = [o for p, o in objects(v, index, actors) if p == "dobj"]
            if len(subj) > 1 or any(c.dep_ == "prep" and c.lower_ in {"with", "together"} for c in v.children):
                partners = subj + [o for p, o in objects(v, index, actors) if p == "with"]
                for a in partners:
                    for o in made:
                        if clusters[a].kind != "person":
                            self._add(out, a, "merged_into", o, v, "form-together", clusters)
            if lemma in {"found", "establish", "create", "form"}:
                for a in subj:
                    if clusters[a].kind == "person":
                        for o in made:
                            self._add(out, a, "leader_of", o, v, "founder", clusters)
            for a in psubj:  # "Y was founded by X"
                for b in agents:
                    if clusters[b].kind == "person":
                        self._add(out, b, "leader_of", a, v, "founded-by", clusters)
            return

        if lemma in {"split", "break", "defect", "secede", "splinter"}:
            for _, o in objects(v, index, actors, preps={"from", "with", "away"}):
                for a in subj:
                    self._add(out, a, "split_from", o, v, "split", clusters)
            for c in v.children:  # "broke away from"
                if c.dep_ in {"prt", "advmod"} and c.lower_ == "away":
                    for _, o in objects(c, index, actors, preps={"from"}):
                        for a in subj:
                            self._add(out, a, "split_from", o, v, "break-away", clusters)
            return

        if lemma in {"rename", "rebrand", "rechristen", "change", "become", "restyle", "relaunch"}:
            self.nominal.rename(v, index, actors, clusters, subj, psubj, out, self._add)
            return

        if lemma in self.verbs["negotiates_with"]:
            if lemma in {"sign", "agree", "reach", "conclude", "broker"} and not any(
                    w.lemma_.lower() in {"truce", "ceasefire", "agreement", "deal", "accord", "settlement", "pact",
                                         "armistice", "reconciliation", "memorandum"} for w in v.subtree):
                return
            others = [o for p, o in objects(v, index, actors) if p in {"with", "dobj", "between"}]
            group = subj + [o for o in others if o not in subj]
            if len(group) >= 2:
                for i, a in enumerate(group):
                    for b in group[i + 1:]:
                        self._add(out, a, "negotiates_with", b, v, "negotiate", clusters)
            return

        if lemma in self.verbs["denounces"]:
            targets = [o for p, o in objects(v, index, actors, preps={"for", "over"}) if p in {"dobj", "for", "over"}]
            for a in subj:
                for t in targets:
                    self._add(out, a, "denounces", t, v, "denounce", clusters)
            return

        if lemma in {"lead", "command", "head", "run", "helm"}:
            for a in subj:
                for p, o in objects(v, index, actors):
                    if p == "dobj":
                        self._add(out, a, "leader_of", o, v, "leads", clusters)
            for a in psubj:
                for b in agents:
                    self._add(out, b, "leader_of", a, v, "led-by", clusters)

    def _owned_attacks(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                       out: list[RelationCandidate]) -> None:
        """'JNIM's insurgency against Malian forces', 'coalition air strikes on IS positions'."""
        toks = tokens(doc)
        for tok in [toks[i] for i, pos in enumerate(columns(doc).pos) if pos == "NOUN"]:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ATTACK_NOUNS:
                continue
            owners = [c for child in tok.children if child.dep_ in {"poss", "compound", "amod", "nmod"}
                      for c in referents(child, index, actors)]
            if not owners:
                continue
            for _, t in objects(tok, index, actors, preps={"on", "against"}):
                for a in owners:
                    self._add(out, a, "fights_against", t, tok, "owned-attack", clusters)

    def _surface_fallback(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                          out: list[RelationCandidate]) -> None:
        """'A, B and C fought IS around al-Dour' read off the surface when the parser lost the verb
        (here "IS" was read as "is"): the actors listed just before a fighting verb, the one just after."""
        toks = tokens(doc)
        done = {r.trigger for r in out}
        for tok in [toks[i] for i, low in enumerate(columns(doc).lower) if low in FIGHT_FORMS]:
            low = tok.lower_
            if low not in FIGHT_FORMS or tok.i in done or any(r.trigger == tok.i for r in out):
                continue
            if tok.dep_ not in {"nsubj", "amod", "compound", "dep"} and tok.pos_ == "VERB":
                continue  # the parse holds: the dependency rules have read this verb
            left: list[int] = []
            j = tok.i - 1
            while j >= 0 and (index.get(j) in actors or toks[j].text in {",", "and"}):
                c = index.get(j)
                if c is not None and c in actors and c not in left:
                    left.append(c)
                j -= 1
            k = tok.i + 1
            alongside = k < len(doc) and toks[k].lower_ in ALONGSIDE_PREPS
            while k < len(doc) and toks[k].lower_ in {"the", "alongside", "beside", "against", "with"}:
                k += 1
            right = index.get(k)
            if not left or right is None or right not in actors:
                continue
            for a in left:
                self._add(out, a, "fights_alongside" if alongside else "fights_against", right, tok,
                          "surface-fight", clusters)
            if not alongside:  # the ones who fought together
                for i, a in enumerate(left):
                    for b in left[i + 1:]:
                        self._add(out, a, "fights_alongside", b, tok, "surface-co-fighters", clusters)

    def _allegiance_fallback(self, doc: Doc, index: dict[int, int], actors: set[int], clusters: list,
                             out: list[RelationCandidate]) -> None:
        """'X swore allegiance to Y' read off the surface when the parser mistags the verb."""
        toks = tokens(doc)
        done = {(r.sent_start, r.predicate) for r in out}
        for tok in [toks[i] for i, low in enumerate(columns(doc).lower) if low in ALLIANCE_WORDS]:
            if tok.lower_ not in ALLIANCE_WORDS:
                continue
            s_start, s_end = sentence_bounds(doc)[tok.i]
            if (s_start, "pledged_allegiance_to") in done:
                continue
            verb = next((t for t in toks[max(s_start, tok.i - 3):tok.i]
                         if t.lower_[:4] in {"swor", "swea", "pled", "gave", "give", "rene", "decl", "offe"}), None)
            if verb is None:
                continue
            subj = None
            for j in range(verb.i - 1, max(s_start, verb.i - 8) - 1, -1):
                if toks[j].text in {",", ";"}:
                    break
                if index.get(j) in actors:
                    subj = index[j]
                    break
            to = next((t for t in toks[tok.i + 1:min(s_end, tok.i + 3)] if t.lower_ == "to"), None)
            if subj is None or to is None:
                continue
            objs = [c for p in to.children if p.dep_ == "pobj" for c in referents(p, index, actors)]
            if not objs and to.i + 1 < len(doc) and index.get(to.i + 1) in actors:
                objs = [index[to.i + 1]]
            for o in objs:
                self._add(out, subj, "pledged_allegiance_to", o, verb, "pledge-surface", clusters)

    def __call__(self, doc: Doc) -> Doc:
        toks = tokens(doc)
        clusters = doc._.clusters or []
        index = mention_index(doc)
        actors = actor_clusters(doc)
        out: list[RelationCandidate] = []
        bounds, pairs = sentence_bounds(doc), _two_actors(doc, index, actors)
        for tok in [toks[i] for i, pos in enumerate(columns(doc).pos) if pos in {"VERB", "AUX", "NOUN"}]:
            if not pairs[bounds[tok.i][0]]:
                continue
            if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "NOUN" and tok.dep_ in {"pcomp", "xcomp"}):
                self._verb(tok, index, actors, clusters, out)
        self.nominal.apply(doc, index, actors, clusters, out, self._add)
        self._owned_attacks(doc, index, actors, clusters, out)
        self._allegiance_fallback(doc, index, actors, clusters, out)
        self._surface_fallback(doc, index, actors, clusters, out)
        doc._.relations = out
        return doc


def _two_actors(doc: Doc, index: dict[int, int], actors: set[int]) -> dict[int, bool]:
    """Sentence start -> whether two actors are named in the sentence (or on the word after it, which a verb's
    last argument may reach): a verb's readings join two, so a sentence with fewer needs no reading."""
    by_token = reference_clusters(doc)
    out: dict[int, bool] = {}
    for start, end in dict.fromkeys(sentence_bounds(doc)):
        here = {index.get(i) for i in range(start, min(end + 1, len(doc)))}
        here.update(c for i in range(start, min(end + 1, len(doc))) for c in by_token.get(i, []))
        out[start] = len(here & actors) >= 2
    return out


@Language.factory("factions_relations", requires=["doc._.mentions", "doc._.clusters", "token.dep", "token.lemma"],
                  assigns=["doc._.relations"])
def make_relation_reader(nlp: Language, name: str) -> RelationReader:
    return RelationReader(nlp)

