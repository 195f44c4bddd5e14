"""Other forms a report uses for an actor it already names, read off the text around its mentions.

These become aliases of the actor (`Cluster.also_called`), never mentions: they do not take part in
relations, events or training labels, and they never change the actor's name.

- a nationality adjective for a state the report names: "American strikes" -> "American" (United States);
- an actor's name with a body noun after it: "Iran's foreign ministry", "US officials", "Taliban
  negotiators", "Wagner contingent" (`actor_body_nouns` in lexicon.yaml);
- an adjective before a name: "Kurdish Peshmerga", "Lebanese Hizballah";
- a person's name with the titles before it: "Mullah Mohammad Omar", "Marshal Abdul Rashid Dostum";
- a capital named as a place, for a state the report names: "Damascus" (Syrian government), as the
  country's own name already is;
- the common nouns a report uses for the government, army and police of the country it is about
  ("the government", "the army", "government forces", "federal police"), for that country's one
  government, army or police force the report names (its army falls back to its government, as
  ONTOLOGY folds a national army into its state).
"""
from __future__ import annotations

from spacy.tokens import Doc

from factions.extract.resources import Catalog, lexicon, words
from factions.extract.state import Cluster, Mention

_NO_ALIAS_KINDS = {"place", "weapon", "person"}
# Common nouns for a country's own institutions -> the role they name; the words that may qualify them.
ROLE_NOUNS = {"government": "government", "army": "army", "military": "army", "troops": "army", "soldiers": "army",
               "forces": "army", "police": "police"}
_ROLE_QUALIFIERS = {"government", "security", "federal", "central", "national", "state", "regular"}
# Nouns that name the role only with a qualifier: "government forces", not "forces".
_QUALIFIED_ONLY = {"forces", "troops", "soldiers"}
_MAX_MODIFIERS = 2  # "Turkish defence ministry", "YPG general command"


class AliasForms:
    def __init__(self, cat: Catalog) -> None:
        lex = lexicon()
        self.cat = cat
        self.demonyms = {str(k).lower(): str(v) for k, v in lex.get("demonyms", {}).items()}
        self.demonyms.update({str(k).lower(): str(v) for k, v in lex.get("demonym_plurals", {}).items()})
        self.demonyms.update({k + "s": v for k, v in list(self.demonyms.items()) if k[-1:] in {"n", "i"}})
        self.capitals = {str(k).lower(): str(v) for k, v in lex.get("capital_metonyms", {}).items()}
        self.body_nouns = words("actor_body_nouns") | words("state_action_nouns")
        self.titles = words("person_titles")

    def _state_cluster(self, country: str, by_catalog: dict[str, int], clusters: list[Cluster]) -> int | None:
        """The cluster of the named country's state, or of the government it acts as (preferred)."""
        found = None
        for actor in self.cat.lookup(country):
            chain = [actor.id]
            while True:
                nxt = self.cat.actors.get(chain[-1])
                if nxt is None or not nxt.folds_into or nxt.folds_into in chain:
                    break
                chain.append(nxt.folds_into)
            for cid in reversed(chain):  # the government acting before the state as a place
                i = by_catalog.get(cid)
                if i is not None and clusters[i].kind not in _NO_ALIAS_KINDS:
                    return i
                if i is not None and found is None:
                    found = i
        return found

    def add(self, doc: Doc, mentions: list[Mention], clusters: list[Cluster]) -> None:
        by_catalog: dict[str, int] = {}
        for i, c in enumerate(clusters):
            if c.catalog_id:
                by_catalog.setdefault(c.catalog_id, i)
        taken = [-1] * len(doc)
        for m in mentions:
            for t in range(m.start, m.end):
                taken[t] = m.cluster if m.cluster is not None else -1
        anchors: list[tuple[int, int, int]] = []  # (start, end, cluster) of spans that name an actor
        for m in mentions:
            if m.cluster is not None and not m.generic and clusters[m.cluster].kind not in _NO_ALIAS_KINDS:
                anchors.append((m.start, m.end, m.cluster))
        for tok in doc:
            country = self.demonyms.get(tok.lower_)
            if country is None or not tok.text[:1].isupper():
                continue
            i = self._state_cluster(country, by_catalog, clusters)
            if i is None or clusters[i].kind in _NO_ALIAS_KINDS:
                continue
            self._also(clusters[i], tok.text)
            if taken[tok.i] < 0:
                anchors.append((tok.i, tok.i + 1, i))
        for start, end, i in anchors:
            body_end = self._body_phrase_end(doc, end)
            if body_end is not None:
                self._also(clusters[i], doc[start:body_end].text)
            before = doc[start - 1] if start > 0 else None
            if before is not None and before.text[:1].isupper() and taken[before.i] < 0 and not before.is_sent_start \
                    and (before.pos_ == "ADJ" or before.ent_type_ == "NORP") and before.lower_ not in self.demonyms:
                self._also(clusters[i], doc[start - 1:end].text)  # "Kurdish Peshmerga"
        self._home_institutions(doc, clusters, taken)
        for m in mentions:
            if m.cluster is None:
                continue
            c = clusters[m.cluster]
            if m.kind == "person" and c.kind == "person":
                s = m.start
                while s > 0 and s > m.start - 3 and doc[s - 1].text[:1].isupper() and self._title(doc[s - 1].lower_):
                    s -= 1
                if s < m.start:
                    self._also(c, doc[s:m.end].text)  # "Mullah Mohammad Omar"
            elif m.kind == "place" and m.text.lower() in self.capitals:
                i = self._state_cluster(self.capitals[m.text.lower()], by_catalog, clusters)
                if i is not None and clusters[i].kind not in _NO_ALIAS_KINDS:
                    self._also(clusters[i], m.text)

    def _home_roles(self, doc: Doc, clusters: list[Cluster]) -> dict[str, int]:
        """role -> the cluster of the report's main country that plays it, where exactly one does."""
        # the report's country: the state whose clusters (as an actor or as a place) are mentioned most
        countries: dict[str, int] = {}
        for c in clusters:
            known = self.cat.actors.get(c.catalog_id or "")
            states = [known] if known is not None else [a for a in self.cat.lookup(c.name) if a.kind == "state"]
            for actor in states:
                if actor.kind == "state" and len(actor.countries) == 1:
                    countries[actor.countries[0]] = countries.get(actor.countries[0], 0) + len(c.mentions)
        if not countries:
            return {}
        home = max(countries, key=lambda c: (countries[c], c))
        found: dict[str, set[int]] = {}
        for i, c in enumerate(clusters):
            actor = self.cat.actors.get(c.catalog_id or "")
            if actor is None or home not in actor.countries or actor.kind not in {"state", "state_forces"}:
                continue
            low = actor.name.lower()
            if actor.kind == "state" and len(actor.countries) == 1 or low.endswith("government"):
                found.setdefault("government", set()).add(i)
            elif "police" in low:
                found.setdefault("police", set()).add(i)
            elif actor.kind == "state_forces" and any(w in low for w in ("army", "armed forces", "defence force",
                                                                         "defense force", "military")):
                found.setdefault("army", set()).add(i)
        roles = {role: next(iter(ix)) for role, ix in found.items() if len(ix) == 1}
        if "army" not in roles and "government" in roles and "army" not in found:
            roles["army"] = roles["government"]
        return roles

    def _home_institutions(self, doc: Doc, clusters: list[Cluster], taken: list[int]) -> None:
        """"the army", "government forces", "federal police": aliases of the home country's institution."""
        hits = [tok for tok in doc if tok.lower_ in ROLE_NOUNS and taken[tok.i] < 0 and tok.is_lower]
        if not hits:
            return
        roles = self._home_roles(doc, clusters)
        for tok in hits:
            role = roles.get(ROLE_NOUNS[tok.lower_])
            prev = doc[tok.i - 1] if tok.i > 0 else None
            qualified = prev is not None and prev.lower_ in _ROLE_QUALIFIERS and taken[prev.i] < 0 and prev.is_lower
            if role is None or (tok.lower_ in _QUALIFIED_ONLY and not qualified) or clusters[role].kind in _NO_ALIAS_KINDS \
                    and clusters[role].kind != "place":
                continue
            self._also(clusters[role], doc[tok.i - 1:tok.i + 1].text if qualified else tok.text)

    def _title(self, low: str) -> bool:
        return low in self.titles or low.rstrip(".") + "." in self.titles

    def _body_phrase_end(self, doc: Doc, end: int) -> int | None:
        """End of "'s foreign ministry" / " officials" after a name: lowercase modifiers, then a body noun."""
        j = end
        if j < len(doc) and doc[j].tag_ == "POS":
            j += 1
        last = None
        for k in range(j, min(len(doc), j + _MAX_MODIFIERS + 1)):
            tok = doc[k]
            if tok.is_sent_start or not tok.is_alpha or not tok.is_lower or tok.pos_ not in {"NOUN", "ADJ", "PROPN"}:
                break
            if tok.lower_ in self.body_nouns:
                last = k
                nxt = doc[k + 1] if k + 1 < len(doc) else None
                if nxt is None or not (nxt.is_lower and nxt.lower_ in self.body_nouns):
                    break
        return None if last is None else last + 1

    @staticmethod
    def _also(cluster: Cluster, form: str) -> None:
        if form and form not in cluster.names and form not in cluster.also_called:
            cluster.also_called.append(form)
