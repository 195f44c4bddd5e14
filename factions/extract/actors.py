"""Component `factions_actors`: find the names of actors, places and weapons.

Three sources, in order of trust:
1. the actor catalog (factions/data/actors.yaml) and weapon list, matched as phrases;
2. the shape of organisation names: a run of capitalised words with an Arabic
   head at its start (Jaish, Harakat, Liwa ...) or an English head at its end
   (Movement, Army, Front ...) or "Army of ..." translations; looked up in the
   catalog by transliteration-folded key so unseen spellings still resolve;
3. spaCy's NER for persons and places (its ORG labels are too noisy for
   armed groups, so ORG spans only count when they also have an org shape).
Overlaps keep the longest span, then the most trusted source.
"""
from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from factions.extract.learn.bundle import shipped_folder
from factions.extract.name_model import CANDIDATES_KEY, RULE_SOURCES, NameModel, candidates, group_nouns, rule_candidates
from factions.extract.resources import catalog, gazetteer, lexicon, weapons, words
from factions.extract.state import Mention
from factions.extract.tokens import columns, span_text, tokens
from factions.names import name_key, skeleton_string

# Where a name stands for an actor doing something rather than for a location: the subject of a
# clause ("Tehran denied ..."), the agent of a passive ("struck by Turkey"), a possessor ("Iran's support").
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})


# A country is also a party where it is a member of a force or coalition: the object of "includes",
# "made up of" ("the coalition includes Egypt, Jordan and Sudan"), the "of" of a force or an acronym ("the MNJTF
# of Nigeria, Niger and Chad"), or where troops come from it ("drew troops from Uganda and Burundi").
MEMBER_VERBS = frozenset({"include", "comprise", "unite", "gather", "group"})
MEMBER_BODIES = frozenset({"force", "forces", "coalition", "alliance", "mission", "member", "members", "contingent",
                           "contingents", "bloc", "troop", "troops", "soldier", "soldiers", "contributor",
                           "contributors", "peacekeeper", "peacekeepers"})

LEAVING_VERBS = frozenset({"withdraw", "pull", "remove", "evacuate", "expel", "drive", "oust", "leave", "redeploy",
                           "move", "flee", "return", "bring"})


def acting_dep(tok: Token) -> bool:
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "Iran and Turkey denied"
        tok = tok.head
    if tok.dep_ in ACTING_DEPS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
        return True
    return member_dep(tok)


def member_dep(tok: Token) -> bool:
    """Whether a (first) conjunct names a member of a force, coalition or mission (MEMBER_VERBS, MEMBER_BODIES)."""
    head = tok.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in MEMBER_VERBS:
        return True
    if tok.dep_ != "pobj" or head.lower_ not in {"of", "from"}:
        return False
    body = head.head
    if head.lower_ == "of":
        return body.lower_ in MEMBER_BODIES or (body.text.isupper() and len(body.text) >= 3 and body.pos_ == "PROPN")
    if body.lemma_.lower() in LEAVING_VERBS:
        return False  # "withdrew troops from Syria": where troops leave, not who sent them
    return body.lower_ in MEMBER_BODIES or any(c.dep_ == "dobj" and c.lower_ in MEMBER_BODIES for c in body.children)


_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
# A consonant skeleton shorter than this says too little to tell two names apart.
MIN_SKELETON = 8


def spelling_skeleton(text: str) -> str:
    """A transliteration-blind key: an article glued to its head is dropped ("Harakatul-Shabaab",
    "Ansaril Muslimina"), then only the consonants are kept ("Jama'atu"/"Jamaat", "Ifriqiya"/"Ifriqiyah",
    "Mujaahidiin"/"Mujahideen", "Abdulqadir"/"Abdul Qadir")."""
    toks = [t[:-2] if len(t) >= 6 and t[-2:] in {"ul", "il", "al"} else t for t in name_key(text).split()]
    return skeleton_string(" ".join(toks))


# Marks of a transliterated name: skeletons are only compared between such names, since English names
# that differ in their vowels are other names ("Nigerian army" / "Nigerien army").
_TRANSLITERATED = re.compile(r"['\u2019\u02bc]|\b(?:al|el|ul|wal|wa|fi|li|bin|ibn|abu|ahl|ahlu|wilayat|wilayah|jama|jamaat|jamaatu|tehrik|tehreek)\b|-(?:e|i|ul|al)-|\w(?:ul|ud)\b",
                             re.IGNORECASE)


_IN_PLACE = re.compile(r"^(?P<name>.+?)\s+(?:in|fi)\s+(?:(?:al|el)[- ])?(?P<place>[A-Z][\w' -]+)$")


def transliterated(text: str) -> bool:
    return bool(_TRANSLITERATED.search(text))
TRUST = {"catalog": 3, "shape": 2, "shape-list": 2, "weapon": 2, "demonym": 2, "gazetteer": 1.6, "shape-person": 1.5,
         "shape-place": 1.4, "ner": 1}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Place readings from a name's shape or NER alone, which the trained name model may overrule.
WEAK_PLACE_SOURCES = {"ner", "shape-place"}
# Assimilated Arabic articles that are also English words: particles only when hyphenated ("at-Tawhid").
SPACED_ARTICLES_ARE_WORDS = {"at", "as", "an", "ad"}
# Titles that are also part of many names ("Hassan Sheikh Mohamud", "Sharif Sheikh Ahmed"): titles only
# where a name starts with them.
NAME_TITLES = {"sheikh", "shaykh", "sheikha"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# No armed group names itself with these words; phrases that contain them name lists and categories.
LIST_WORDS = {"terrorist", "terrorists", "designated"}
# Descriptive words reporters put before a name: not part of it.
DESCRIPTORS = {"islamist", "jihadist", "salafist", "salafi", "moderate", "hardline", "extremist", "radical", "rebel",
               "militant", "insurgent", "chechen", "uzbek", "uighur", "foreign", "rival", "notorious", "powerful",
               "infamous", "secular", "shadowy", "little-known", "sunni", "shiite", "shia", "iranian-backed",
               "us-backed", "elite", "veteran", "influential", "main", "largest", "former"}
# Peoples whose names reporters put before a group noun ("Tuareg militias"): who the fighters are, not a name.
PEOPLES = {"tuareg", "tebu", "toubou", "tubu", "fulani", "peul", "fula", "dogon", "bambara", "songhai", "arab", "arabs",
           "amazigh", "berber", "kurdish", "turkmen", "yazidi", "hazara", "pashtun", "tajik", "baloch", "hausa", "kanuri",
           "hawiye", "darod", "isaaq", "hutu", "tutsi", "hema", "lendu", "banyamulenge", "makonde", "mwani", "zaydi",
           "bedouin", "tribal", "christian", "muslim", "druze", "alawite"}
# Plural heads a list of names can share ("the Halbous and Mahjoub brigades"), and each name's singular.
PLURAL_HEADS = {"brigades": "brigade", "battalions": "battalion", "militias": "militia", "factions": "faction",
                "regiments": "regiment"}
_SENT_INITIAL_NOISE = {"The", "A", "An", "In", "On", "At", "After", "Also", "But", "And", "According", "Inside",
                       "Underscoring", "While", "When", "Since", "During", "Meanwhile", "However",
                       # quantifiers that open a sentence: "Most Misratan brigades", "Four U.S. Army soldiers"
                       "Most", "Several", "Some", "Many", "All", "Both", "Other", "Two", "Three", "Four", "Five",
                       "Six", "Seven", "Eight", "Nine", "Ten", "Dozens", "Hundreds", "Thousands"}



def _capitalised(text: str, lower: str, pos: str) -> bool:
    """A word that can stand in a name: capitalised, not a pronoun or article, not a month or weekday."""
    if pos in {"PRON", "DET"} and lower not in {"al", "el"} or lower in CALENDAR:
        return False
    return (text[:1].isupper() and any(c.isalpha() for c in text)) or text in {"'", "’"}

class ActorFinder:
    """Callable component; holds the compiled matchers."""

    def __init__(self, nlp: Language, name_model: str = "", name_mode: str = "apply") -> None:
        """`name_mode`: "apply" adds the trained name model's readings (the one in folder `name_model`,
        the shipped one when empty); "collect" only records its candidates (what `factions train` reads)."""
        self.cat = catalog()
        self.name_mode = name_mode
        self.name_model = NameModel.load(Path(name_model) if name_model else shipped_folder()) \
            if name_mode == "apply" else None
        self.group_nouns = group_nouns()
        self.sentence_openers = _SENT_INITIAL_NOISE
        self.descriptors = DESCRIPTORS
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_forms: dict[str, list[str]] = {}
        orth_forms: dict[str, list[str]] = {}
        for actor in self.cat.actors.values():
            for form in actor.surface_forms:
                # All-caps short forms (US, IS, SDF) only match in capitals: "us" is a pronoun.
                target = orth_forms if (form.isupper() and len(form) <= 6) else lower_forms
                target.setdefault(form, []).append(actor.id)
            for acr in actor.acronyms:
                orth_forms.setdefault(acr, []).append(actor.id)
        self.lowercase_forms = {f.lower() for f in lower_forms if f == f.lower()}
        self.form_ids: dict[str, list[str]] = {}
        for forms, matcher, attr in ((lower_forms, self.lower_matcher, "lower"), (orth_forms, self.orth_matcher, "orth")):
            for form, ids in forms.items():
                key = form.lower() if attr == "lower" else form
                self.form_ids.setdefault(key, [])
                self.form_ids[key].extend(i for i in ids if i not in self.form_ids[key])
                matcher.add(key, [nlp.make_doc(form)])
        # Long names by consonant skeleton, for the spellings the catalog does not list.
        self.skeletons: dict[str, list[str]] = {}
        for actor in self.cat.actors.values():
            for form in actor.surface_forms:
                sk = spelling_skeleton(form)
                if len(form.split()) >= 2 and len(sk) >= MIN_SKELETON and transliterated(form):
                    ids = self.skeletons.setdefault(sk, [])
                    if actor.id not in ids:
                        ids.append(actor.id)
        # a skeleton that two actors share tells them apart no better than a guess
        self.skeletons = {sk: ids for sk, ids in self.skeletons.items() if len(ids) == 1}
        self.place_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.places = gazetteer()
        for form in self.places:
            if name_key(form) not in self.cat.by_key:  # an actor's name is not a town
                self.place_matcher.add(form, [nlp.make_doc(form)])
        self.weapon_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.weapon_names: dict[str, str] = {}
        for weapon in weapons():
            for form in (weapon.name, *weapon.aliases):
                self.weapon_names[form.lower()] = weapon.name
                self.weapon_matcher.add(form.lower(), [nlp.make_doc(form)])
        lex = lexicon()
        self.arabic_heads = words("org_heads_arabic")
        self.english_heads = words("org_heads_english")
        self.lowercase_heads = words("lowercase_org_heads")
        self.branch_heads = {"province", "wilayat", "wilayah", "branch", "wing"}
        self.leading_heads = {str(k).lower(): str(v) for k, v in lex.get("leading_org_heads", {}).items()}
        self.weak_heads = words("weak_heads")
        self.particles = words("name_particles")
        self.head_kinds = {str(k).lower(): str(v) for k, v in lex.get("head_kinds", {}).items()}
        self.list_cues = words("list_name_cues")
        self.demonyms = {str(k).lower(): str(v) for k, v in lex.get("demonyms", {}).items()}
        # "Americans", "Emiratis", "Saudis" from the adjectives; irregular ones ("Turks") from the lexicon
        self.demonym_plurals = {k + "s": v for k, v in self.demonyms.items() if k[-1:] in {"n", "i"} and k.isalpha()}
        self.demonym_plurals.update({str(k).lower(): str(v) for k, v in lex.get("demonym_plurals", {}).items()})
        self.state_nouns = words("state_action_nouns")
        self.titles = words("person_titles")
        self.place_prefixes = words("place_prefixes")
        self.person_markers = words("person_markers")
        self.locatives = words("locative_prepositions") - {"from", "on", "at"}
        self.metonyms = {str(k).lower(): str(v) for k, v in lex.get("capital_metonyms", {}).items()}
        self.hyphen_words = {str(k).lower() for k in lex.get("hyphen_modifiers", {})}

    # -- sources -------------------------------------------------------------------------------
    def _catalog_mentions(self, doc: Doc) -> list[Mention]:
        out = []
        for matcher in (self.lower_matcher, self.orth_matcher):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                # A lowercase match of a name needs a capital somewhere: "hazm" in prose is not the group.
                if not any(t.text[:1].isupper() for t in span) and not self._lowercase_form(doc.vocab.strings[match_id]):
                    continue  # "the base" in prose is not al-Qaeda; "international coalition" may be lowercase
                key = doc.vocab.strings[match_id]
                ids = self.form_ids.get(key, [])
                if not ids:
                    continue
                actor, note = self._choose(doc, ids)
                out.append(Mention(start, end, actor.kind, "catalog", span_text(span), catalog_id=actor.id, note=note))
        return out

    def _place_mentions(self, doc: Doc) -> list[Mention]:
        """Gazetteer towns, and places by shape: an Arabic place word first ("Tal Afar", "Ras al-Ain"),
        or the name after "the town of", "the village of", "the district of"."""
        toks = tokens(doc)
        out = []
        for start, end in self._runs(doc):
            if self._in_dateline(doc, start) or self.cat.lookup(span_text(doc[start:end])):
                continue
            before = " ".join(t.lower_ for t in toks[max(0, start - 3):start])
            if toks[start].lower_ in self.place_prefixes and end - start >= 2 or re.search(
                    r"\b(?:town|city|village|district|province|governorate|region|neighbourhood|neighborhood|"
                    r"suburb|outskirts|area|camp|base|crossing) of$", before):
                out.append(Mention(start, end, "place", "shape-place", span_text(doc[start:end])))
        for match_id, start, end in self.place_matcher(doc):
            if self._in_dateline(doc, start):
                continue
            out.append(Mention(start, end, "place", "gazetteer", span_text(doc[start:end])))
        return out

    def _doc_countries(self, doc: Doc) -> dict[str, int]:
        """Country codes the report is about: gazetteer places and country names, counted."""
        cached = doc.user_data.get("factions_countries")
        if cached is None:
            cached = {}
            for _, start, end in self.place_matcher(doc):
                place = self.places.get(span_text(doc[start:end]))
                if place is not None:
                    cached[place.country] = cached.get(place.country, 0) + 1
            doc.user_data["factions_countries"] = cached
        return cached

    def _choose(self, doc: Doc, ids: list[str]):  # -> tuple[CatalogActor, str | None]
        """One catalog actor for a name several share (homonyms), decided by the report's countries."""
        actors = [self.cat.actors[i] for i in ids]
        if len(actors) == 1:
            return actors[0], None
        countries = self._doc_countries(doc)

        def fit(actor) -> int:  # noqa: ANN001
            return sum(countries.get(c, 0) for c in actor.countries)
        ranked = sorted(actors, key=lambda a: -fit(a))
        best = ranked[0]
        if fit(best) == 0:
            return best, (f"ambiguous name: {', '.join(a.id for a in actors)}; no place in the report decides, "
                          f"took {best.id}")
        places = ", ".join(f"{c} x{n}" for c, n in sorted(countries.items(), key=lambda kv: -kv[1])[:3])
        return best, (f"chose {best.id} ({'/'.join(best.countries)}) over "
                      f"{', '.join(a.id for a in ranked[1:])}: the report's places are in {places}")

    def _lowercase_form(self, key: str) -> bool:
        """True when the catalog itself writes this form in lowercase (a descriptive name)."""
        return key in self.lowercase_forms

    def _weapon_mentions(self, doc: Doc) -> list[Mention]:
        out = []
        for match_id, start, end in self.weapon_matcher(doc):
            out.append(Mention(start, end, "weapon", "weapon", span_text(doc[start:end]),
                               catalog_id=self.weapon_names.get(doc.vocab.strings[match_id])))
        return out

    def _is_cap(self, tok: Token) -> bool:
        return _capitalised(tok.text, tok.lower_, tok.pos_)

    def _particle(self, doc: Doc, i: int) -> bool:
        """A name particle (al, wal, bin...), or an article assimilated as "a-" ("Jaish a-Thuwar")."""
        tok = doc[i]
        if tok.lower_ in SPACED_ARTICLES_ARE_WORDS and not (i + 1 < len(doc) and doc[i + 1].text == "-"):
            return False  # "Ghani at Camp David", "as Reuters said": English words unless joined by a hyphen
        return tok.lower_ in self.particles or (tok.lower_ == "a" and i + 1 < len(doc) and doc[i + 1].text == "-"
                                                 and tok.whitespace_ == "")

    def _runs(self, doc: Doc) -> list[tuple[int, int]]:
        """_proper_runs of the document being read, computed once: places, shapes and persons all read them."""
        if getattr(self, "_runs_doc", None) is not doc:
            self._runs_doc, self._runs_cache = doc, self._proper_runs(doc)
        return self._runs_cache

    def _proper_runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Runs of capitalised words, allowing lowercase particles and hyphens between them."""
        cols = columns(doc)
        text, lower, punct, sent_start = cols.text, cols.lower, cols.is_punct, cols.sent_start
        cap = [_capitalised(t, low, pos) for t, low, pos in zip(text, lower, cols.pos)]
        runs = []
        i, n = 0, len(doc)
        while i < n:
            # an ordinal opens a unit's name: "35th Armoured Brigade", "7th Military Region"
            ordinal = bool(_ORDINAL.fullmatch(text[i])) and i + 1 < n and cap[i + 1]
            if (not cap[i] or punct[i]) and not ordinal:
                i += 1
                continue
            j = i + 1
            while j < n:
                if sent_start[j]:
                    break
                if cap[j] and not punct[j]:
                    j += 1
                    continue
                if lower[j] == "and" and not (lower[i] in self.english_heads and j > i + 1 and lower[i + 1] == "of"):
                    break  # "Katiba Macina and the Sahara emirate" are two names
                if (self._particle(doc, j) or text[j] in {"-", "'", "’"}) and j + 1 < n:
                    # a particle belongs to the name only if a capitalised word follows it
                    k = j + 1
                    while k < n and (self._particle(doc, k) or text[k] in {"-", "'", "’"}):
                        k += 1
                    if k < n and cap[k] and not punct[k] and not sent_start[k]:
                        j = k
                        continue
                break
            runs.append((i, j))
            i = j
        return runs

    def _org_in_run(self, doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
        """The organisation name inside a capitalised run, by its head word; None if it has none."""
        doc_toks = tokens(doc)
        while start < end and (doc_toks[start].lower_ in self.particles or doc_toks[start].text in _SENT_INITIAL_NOISE):
            if doc_toks[start].lower_ in {"al", "el", "an", "ash", "as", "ad", "ar", "at", "az"} and start + 1 < end:
                break  # "Al Nusrah Front": the article is part of the name
            start += 1
        while end > start and (doc_toks[end - 1].lower_ in self.particles or doc_toks[end - 1].text in {"-", "'", "’"}):
            end -= 1
        if start >= end:
            return None
        toks = doc_toks[start:end]
        lowers = columns(doc).lower[start:end]
        # "Jaish al Muhajireen wal Ansar", "Harakat Hazm": Arabic head first.
        while start < end - 1 and lowers[0] in DESCRIPTORS:  # "Islamist Jaish Mujahideen", "Chechen-led"
            start += 1
            toks, lowers = doc_toks[start:end], lowers[1:]
        if "of" in lowers[1:-1]:
            # "Hadi al-Amiri of the Badr Organisation": a name before "of" with no organisation head is a
            # person or a role; the organisation is what follows.
            k = lowers.index("of", 1)
            person_before = toks[0].ent_type_ == "PERSON" or (k >= 2 and all(
                t.pos_ == "PROPN" or t.lower_ in self.particles or t.text == "-" for t in toks[:k]))
            if person_before and not any(w in self.arabic_heads or w in self.english_heads for w in lowers[:k]):
                rest = start + k + 1 + (1 if k + 1 < len(lowers) and lowers[k + 1] == "the" else 0)
                found = self._org_in_run(doc, rest, end) if rest < end else None
                if found:
                    return found
        if len(lowers) > 2 and lowers[1] == "of" and toks[0].pos_ == "NOUN" and lowers[0] not in self.english_heads:
            # "Fighters of the Islamic State": a common noun of a name, not the name
            skip = 3 if len(lowers) > 3 and lowers[2] == "the" else 2
            start += skip
            toks, lowers = doc_toks[start:end], lowers[skip:]
        for idx, low in enumerate(lowers):
            if low in self.arabic_heads and idx < len(lowers) - 1:
                s = start + idx
                if idx > 0 and lowers[idx - 1] in {"al", "el"}:
                    s -= 1
                return s, end, "armed_group"
            if low not in {"al", "el", "the"} and toks[idx].pos_ not in {"ADJ", "PROPN"}:
                break
        # "Operation Euphrates Shield": a head that opens a name on its own.
        if len(lowers) >= 2 and lowers[0] in self.leading_heads and toks[1].text[:1].isupper():
            return start, end, self.leading_heads[lowers[0]]
        # "Army of the Emigrants and Helpers": English head + "of".
        if len(lowers) >= 3 and lowers[0] in self.english_heads and lowers[1] == "of":
            return start, end, self.head_kinds.get(lowers[0], "armed_group")
        # "Islamic Caucasus Emirate", "Free Syrian Army", "Kavkaz Center": English head last.
        last = toks[-1].lemma_.lower() if toks[-1].lemma_ else lowers[-1]
        head = lowers[-1] if lowers[-1] in self.english_heads else last
        if head in self.english_heads or lowers[-1] in self.english_heads:
            if len(lowers) == 1:
                return None
            if head in self.weak_heads and len(lowers) < 2:
                return None
            kind = self.head_kinds.get(lowers[-1], self.head_kinds.get(head, "armed_group"))
            return start, end, kind
        return None

    def _is_list_name(self, doc: Doc, start: int) -> bool:
        """'the list of Foreign Terrorist Organizations' names a list, not an actor."""
        toks = tokens(doc)
        left = [t.lower_ for t in toks[max(0, start - 3):start]]
        return bool(left) and (left[-1] == "of" and any(w in self.list_cues for w in left)
                               or " ".join(left[-2:]) == "designated as")

    def _lowercase_head(self, doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
        """"the Qaaqaa brigade": a headless capitalised run followed by a lowercase head word."""
        doc_toks = tokens(doc)
        if end >= len(doc) or doc_toks[end].text not in self.lowercase_heads or doc_toks[end].is_sent_start:
            return None
        while start < end - 1 and doc_toks[start].text in _SENT_INITIAL_NOISE:
            start += 1
        lowers = columns(doc).lower[start:end]
        if "of" in lowers[:-1]:  # "Fighters of the Souq al-Juma brigades"
            start += lowers.index("of") + 1 + (lowers[lowers.index("of") + 1] == "the")
        toks = doc_toks[start:end]
        if not len(toks) or any(t.lower_ in self.arabic_heads or t.lower_ in self.english_heads for t in toks) \
                or toks[-1].tag_ == "POS" or not toks[0].text[:1].isupper():
            return None
        listed = start > 0 and doc_toks[start - 1].lower_ in {"and", ","} and doc_toks[end].text in PLURAL_HEADS
        if toks[0].ent_type_ == "PERSON" and not listed:  # "the Sawaiq and Madani brigades": a list of units
            return None
        if len(toks) == 1 and toks[0].lower_ in self.demonyms:
            return None  # "Syrian brigades": a demonym, not a name
        if self.cat.lookup(doc[start:end].text):
            return None  # "an FSA faction", "a Hizbul Islam militia": a unit of a known actor, not a new one
        return start, end + 1, self.head_kinds.get(doc[end].text, "armed_group")

    def _possessive_branches(self, doc: Doc, runs: list[tuple[int, int]]) -> list[Mention]:
        """"Islamic State's Yemen Province", "al-Qaeda's Sahel Branch": a group's named branch is one name."""
        toks = tokens(doc)
        out = []
        for (s1, e1), (s2, e2) in zip(runs, runs[1:]):
            if e1 < len(doc) and toks[e1].tag_ == "POS" and s2 == e1 + 1 and toks[e2 - 1].lower_ in self.branch_heads \
                    and toks[e2 - 1].text[:1].isupper() and e2 - s2 >= 2:
                s1 += 1 if toks[s1].text in _SENT_INITIAL_NOISE else 0
                out.append(Mention(s1, e2, "armed_group", "shape", span_text(doc[s1:e2])))
        return out

    def _shape_mentions(self, doc: Doc) -> list[Mention]:
        toks = tokens(doc)
        runs = self._runs(doc)
        out = self._possessive_branches(doc, runs)
        for start, end in runs:
            found = self._org_in_run(doc, start, end) or self._lowercase_head(doc, start, end)
            if not found:
                spelled = self._skeleton_mention(doc, start, end)
                if spelled is not None:
                    out.append(spelled)
                continue
            s, e, kind = found
            if self._is_list_name(doc, start) or self._is_list_name(doc, s):
                continue
            if any(t.lower_ in LIST_WORDS for t in toks[s:e]):
                continue  # "Foreign Terrorist Organization", "Specially Designated Global Terrorist": a list

            if e - s >= 3 and doc[s].lower_ in self.demonyms and self.cat.lookup(doc[s + 1:e].text):
                s += 1  # "Russian Wagner Group": the nationality is the group's, not part of its name
            text = doc[s:e].text
            hits = self.cat.lookup(text) or [self.cat.actors[i] for i in self._skeleton_ids(text)] \
                or self._actor_in_its_country(text)
            if hits:
                actor, note = self._choose(doc, [h.id for h in hits])
                out.append(Mention(s, e, actor.kind, "catalog", text, catalog_id=actor.id, note=note))
            else:
                out.append(Mention(s, e, kind, "shape", text))
        return out + self._shared_heads(doc, runs, out)

    def _shared_heads(self, doc: Doc, runs: list[tuple[int, int]], found: list[Mention]) -> list[Mention]:
        """"the Halbous and Mahjoub brigades", "the Qaaqaa, Sawaiq and Madani brigades": a plural head after a
        list of names is each one's own ("Halbous brigade", "Mahjoub brigade"); the list's last name keeps its
        span and takes the singular."""
        toks = tokens(doc)
        out: list[Mention] = []
        by_end = {e: (s, e) for s, e in runs}
        for m in found:
            head = toks[m.end - 1]
            singular = PLURAL_HEADS.get(head.text)
            if m.source != "shape" or singular is None or m.end - m.start < 2:
                continue
            names = []
            s = m.start
            while True:
                k = s
                if k > 0 and toks[k - 1].lower_ == "and":
                    k -= 1
                if k > 0 and toks[k - 1].text == ",":
                    k -= 1
                prev = by_end.get(k)
                if k == s or prev is None or prev[1] - prev[0] > 4:
                    break
                ps, pe = prev
                lowers = [t.lower_ for t in toks[ps:pe]]
                if "of" in lowers:  # "Fighters of the Halbous and ...": the name follows the "of"
                    ps += lowers.index("of") + 1
                    ps += ps < pe and toks[ps].lower_ == "the"
                if ps >= pe:
                    break
                # "the Zintani Qaaqaa, Sawaiq ... brigades": the town's adjective is no part of the name (the
                # mention keeps its span, so that it outranks a place reading of the two words)
                name_start = ps + 1 if pe - ps >= 2 and toks[ps].text.endswith("i") \
                    and (toks[ps].pos_ == "ADJ" or toks[ps].ent_type_ in {"NORP", "FAC", "GPE"}) else ps
                if toks[name_start].lower_ in self.demonyms or self.cat.lookup(span_text(doc[name_start:pe])):
                    break
                names.append((ps, name_start, pe))
                s = ps
            single = [(ns, pe) for _, ns, pe in names] + [(m.start, m.end - 1)]
            if not names or any(pe - ns == 1 and self._people_word(toks[ns].text) for ns, pe in single):
                continue  # "the Tebu and Tuareg militias", "Misratan and Islamist brigades": peoples, not names
            m.text = f"{span_text(doc[m.start:m.end - 1])} {singular}"
            # a name read off the list's shared head is as sure as one with its own lowercase head: not the
            # name model's to drop ("shape-list")
            out.extend(Mention(ps, pe, m.kind, "shape-list", f"{span_text(doc[ns:pe])} {singular}")
                       for ps, ns, pe in names)
        return out

    def _people_word(self, word: str) -> bool:
        """A word for a people or a town's people ("Tuareg", "Islamist", "Misratan", "Zintani"), not a name."""
        low = word.lower()
        return low in PEOPLES or low in DESCRIPTORS or low in self.demonyms or low in self.demonym_plurals \
            or (low[-1:] in {"n", "i"} and word[:-1] in self.places) or (low.endswith("ni") and word[:-2] in self.places)

    def _actor_in_its_country(self, text: str) -> list:  # -> list[CatalogActor]
        """"Kata'ib Hizballah fi al-Iraq", "Hezbollah in Lebanon": a catalog name followed by a country or
        town where that actor operates is that actor; "al-Qaeda in Iraq" is a catalog name of its own and
        never reaches here, and a place outside the actor's countries ("X in Yemen") makes no match."""
        found = _IN_PLACE.match(text)
        if not found:
            return []
        place = self.places.get(found.group("place")) or next(
            (self.places.get(a.name) for a in self.cat.lookup(found.group("place")) if a.kind == "state"), None)
        if place is None:
            return []
        return [a for a in self.cat.lookup(found.group("name")) if place.country in a.countries]

    def _skeleton_ids(self, text: str) -> list[str]:
        if len(text.split()) < 2 or not transliterated(text):
            return []
        sk = spelling_skeleton(text)
        return self.skeletons.get(sk, []) if len(sk) >= MIN_SKELETON else []

    def _skeleton_mention(self, doc: Doc, start: int, end: int) -> Mention | None:
        """A headless run that is a catalog name in another spelling: by its folded key ("Tehreek-i-Taliban
        Pakistan", which the phrase matcher misses: its particle differs) or its skeleton ("Jama'atu Ansaril
        Muslimina Fi Biladis Sudan")."""
        while start < end and (doc[start].text in _SENT_INITIAL_NOISE or doc[start].lower_ in DESCRIPTORS):
            start += 1
        if end - start < 2:
            return None
        text = doc[start:end].text
        ids = [a.id for a in self.cat.lookup(text)] or self._skeleton_ids(text)
        if not ids:
            return None
        actor, note = self._choose(doc, ids)
        return Mention(start, end, actor.kind, "catalog", doc[start:end].text, catalog_id=actor.id, note=note)

    def _demonym_mentions(self, doc: Doc) -> list[Mention]:
        """'French troops', 'Kenyan forces', 'Iranian-backed': a nationality adjective names the state acting."""
        toks = tokens(doc)
        out = []
        for tok in [toks[i] for i, low in enumerate(columns(doc).lower)
                    if low in self.demonyms or low in self.metonyms or low in self.demonym_plurals]:
            country = self.demonyms.get(tok.lower_)
            if country is None and tok.lower_ in self.metonyms and tok.text[:1].isupper():
                nxt = toks[tok.i + 1] if tok.i + 1 < len(doc) else None
                prev = toks[tok.i - 1] if tok.i > 0 else None
                if (nxt is not None and nxt.text == "-" and tok.i + 2 < len(doc) and toks[tok.i + 2].lower_ in
                        self.hyphen_words) or (prev is not None and prev.lower_ == "by") or acting_dep(tok):
                    # "Washington-backed", "designated by Washington", "Tehran denied ...": the state acting
                    country = self.metonyms[tok.lower_]
                    hits = [a for a in self.cat.lookup(country) if a.kind in {"state", "state_forces"}]
                    if hits:
                        out.append(Mention(tok.i, tok.i + 1, "state", "demonym", tok.text, catalog_id=hits[0].id))
                continue
            if country is None and tok.text[:1].isupper() and tok.lower_ in self.demonym_plurals and acting_dep(tok):
                # "the Emiratis pulled out", "the Russians stayed": the people for the state acting
                hits = [a for a in self.cat.lookup(self.demonym_plurals[tok.lower_]) if a.kind == "state"]
                if hits:
                    out.append(Mention(tok.i, tok.i + 1, "state", "demonym", tok.text, catalog_id=hits[0].id))
                continue
            if country is None:
                continue
            nxt = toks[tok.i + 1] if tok.i + 1 < len(doc) else None
            nxt2 = toks[tok.i + 2] if tok.i + 2 < len(doc) else None
            acting = nxt is not None and (nxt.lower_ in self.state_nouns or (
                nxt.text == "-" and nxt2 is not None and nxt2.lower_ in self.hyphen_words) or (
                tok.head.lower_ in self.state_nouns and tok.dep_ in {"amod", "compound"}))
            if not acting:
                continue
            hits = [a for a in self.cat.lookup(country) if a.kind == "state"]
            if hits:
                # "Turkish warplanes", "Kenyan troops": the phrase is the state's name in this report
                end = tok.i + 2 if nxt is not None and nxt.lower_ in self.state_nouns else tok.i + 1
                out.append(Mention(tok.i, end, "state", "demonym", span_text(doc[tok.i:end]), catalog_id=hits[0].id))
        return out

    def _person_mentions(self, doc: Doc, ner_spans: set[int]) -> list[Mention]:
        """Persons by shape, where NER misses Arabic names: after a title ("Lt. Gen. X"), after
        "led by / headed by / founded by", or with a marker particle (Abu, bin, ag) or an article
        surname ("Hamza al-Shamali")."""
        doc_toks = tokens(doc)
        out = []
        for run_start, run_end in self._runs(doc):
            # The name itself: after its titles ("Defence Minister ..."), before "of the <group>".
            start, end = self._after_titles(doc, run_start, run_end), self._before_of(doc, run_start, run_end)
            if end <= start:
                continue
            toks = doc[start:end]
            lowers = columns(doc).lower[start:end]
            if start in ner_spans or lowers[0] in self.place_prefixes or len(toks) > 7:
                continue
            if any(low in self.arabic_heads or low in self.english_heads for low in lowers):
                continue
            if self.cat.lookup(span_text(toks)):
                continue
            prev = doc_toks[start - 1].lower_ if start > 0 else ""
            prev2 = doc_toks[start - 2].lower_ if start > 1 else ""
            titled = start > run_start or prev in self.titles or f"{prev2} {prev}" in self.titles
            agent = prev == "by" and prev2 in {"led", "headed", "founded", "commanded", "run", "chaired"}
            marked = lowers[0] in self.person_markers or any(l in {"bin", "ibn", "ag", "ould"} for l in lowers[1:])
            article_surname = len(toks) >= 3 and lowers[-2] in {"al", "el", "-"} and toks[0].text[:1].isupper() \
                and all(t.pos_ == "PROPN" or t.text == "-" for t in toks)
            if titled or agent or marked or article_surname:
                if end - start == 1 and not titled:
                    continue
                out.append(Mention(start, end, "person", "shape-person", span_text(doc[start:end])))
        return out

    def _is_title(self, tok: Token) -> bool:
        return tok.lower_ in self.titles or tok.lower_.rstrip(".") + "." in self.titles

    def _after_titles(self, doc: Doc, start: int, end: int) -> int:
        """Skip the titles at the start of a name, with the words that qualify them: "Lt. Gen.
        Abdul-Wahab al-Saadi", "Caretaker Prime Minister Adil Abdul-Mahdi", "Saudi Crown Prince
        Mohammed bin Salman", "Grand Ayatollah Ali al-Sistani" -> the name after the last title."""
        last = None
        for i in range(start, end - 1):
            tok = doc[i]
            if tok.lower_ in NAME_TITLES and i > start and not self._is_title(doc[i - 1]) and \
                    doc[i - 1].lower_ not in self.demonyms:
                break  # "Hassan Sheikh Mohamud": a title word inside a name is part of the name
            if self._is_title(tok):
                last = i
            elif not (tok.text[:1].isupper() or tok.text in {".", "-"} or self._hyphened_in(doc, i)) or i - start > 4:
                break
        start = last + 1 if last is not None else start
        while start < end - 1 and (self._is_title(doc[start]) or doc[start].text in {".", "-"}
                                   or self._hyphened_in(doc, start)):
            start += 1
        return start

    @staticmethod
    def _hyphened_in(doc: Doc, i: int) -> bool:
        """The "in" of "Commander-in-Chief"."""
        return doc[i].lower_ == "in" and 0 < i < len(doc) - 1 and doc[i - 1].text == "-" and doc[i + 1].text == "-"

    def _before_of(self, doc: Doc, start: int, end: int) -> int:
        """A person's name stops at "of": "Hadi al-Amiri of the Badr Organisation" -> "Hadi al-Amiri"."""
        toks = tokens(doc)
        for i in range(start + 1, end - 1):
            if toks[i].lower_ == "of":
                return i
        return end

    def _in_dateline(self, doc: Doc, i: int) -> bool:
        """'BAMAKO, Mali (Meridian Press) —': where the wire filed from, not where anything happened."""
        toks = tokens(doc)
        if i > 12:
            return False
        for tok in toks[i:min(len(doc), 16)]:
            if tok.text in {"\u2014", "\u2013", "--"} or (tok.text == "-" and tok.whitespace_):
                return True
            if tok.is_sent_start and tok.i > i:
                return False
        return False

    def _ner_mentions(self, doc: Doc) -> list[Mention]:
        toks = tokens(doc)
        out = []
        for ent in doc.ents:
            s, e = ent.start, ent.end
            while s < e and toks[s].lower_ in {"the", "a", "an"}:
                s += 1
            while e > s and toks[e - 1].is_punct:
                e -= 1
            if e > s and toks[e - 1].tag_ == "POS":
                e -= 1
            if s >= e:
                continue
            span = doc[s:e]
            if not span_text(span)[:1].isupper():
                continue
            hits = self.cat.lookup(span_text(span))
            if hits:
                actor, note = self._choose(doc, [h.id for h in hits])
                out.append(Mention(s, e, actor.kind, "catalog", span_text(span), catalog_id=actor.id, note=note))
            elif ent.label_ == "PERSON" and span[0].lower_ in self.place_prefixes:
                out.append(Mention(s, e, "place", "ner", span_text(span)))  # "Tell Abyad" read as a person
            elif ent.label_ == "PERSON" and all(self._is_cap(t) or t.lower_ in self.particles for t in span):
                s, e = self._after_titles(doc, s, e), self._before_of(doc, s, e)
                if e > s and not (e - s == 1 and self._is_title(toks[s])):  # "General" alone names nobody
                    out.append(Mention(s, e, "person", "ner", span_text(doc[s:e])))
            elif ent.label_ in PLACE_LABELS and span_text(span).lower() not in self.demonyms and not self._in_dateline(doc, s):
                out.append(Mention(s, e, "place", "ner", span_text(span)))
        return out

    def _after_locative(self, doc: Doc, m: Mention) -> bool:
        """A name right after "in", "near", "around" ... is where something happened, not who did it;
        a possessive ("in Baghdadi's speech") still names a person."""
        if m.start == 0 or doc[m.start - 1].lower_ not in self.locatives:
            return False
        return not (m.end < len(doc) and doc[m.end].tag_ == "POS")

    def _occurrences(self, word: str) -> int:
        return self._token_counts.get(word, 0)

    def _drop_stray_persons(self, mentions: list[Mention]) -> list[Mention]:
        """A one-word PERSON from NER ("Twitter") is kept only if it is a known surname or recurs."""
        full = {m.text.split()[-1] for m in mentions if m.kind == "person" and len(m.text.split()) > 1}
        return [m for m in mentions if not (m.kind == "person" and m.source == "ner" and len(m.text.split()) == 1
                                            and m.text not in full and self._occurrences(m.text) < 2)]

    # -- merge -----------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self._token_counts: dict[str, int] = {}
        for text in columns(doc).text:
            if text[:1].isupper():
                self._token_counts[text] = self._token_counts.get(text, 0) + 1
        ner = self._ner_mentions(doc)
        ner_places = {i for m in ner if m.kind == "place" for i in range(m.start, m.end)}
        candidates = (self._catalog_mentions(doc) + self._shape_mentions(doc) + self._weapon_mentions(doc)
                      + self._demonym_mentions(doc) + ner + self._person_mentions(doc, ner_places)
                      + self._place_mentions(doc))
        candidates.sort(key=lambda m: (-(m.end - m.start), -TRUST.get(m.source, 0), m.start))
        taken = [False] * len(doc)
        chosen: list[Mention] = []
        for m in candidates:
            if any(taken[m.start:m.end]):
                continue
            for i in range(m.start, m.end):
                taken[i] = True
            chosen.append(m)
        chosen = self._drop_stray_persons(chosen)
        # "Nigerien", "Ugandan AMISOM" read as persons by NER: a nationality is nobody's name
        chosen = [m for m in chosen if not (m.kind == "person" and m.source == "ner"
                                            and doc[m.start].lower_ in self.demonyms)]
        for m in chosen:
            if m.kind == "person" and m.source in {"ner", "shape-person"} and self._after_locative(doc, m):
                m.kind = "place"  # "fighting in Jurf al-Sakhar": a town with a person's shape
        # "ERBIL, Iraq (Levant Wire Service) —": where the wire filed from names no actor
        chosen = [m for m in chosen if not (m.kind in {"state", "place"} and self._in_dateline(doc, m.start))]
        chosen += self._model_mentions(doc, chosen)
        chosen.sort(key=lambda m: m.start)
        doc._.mentions = chosen
        doc.spans["actors"] = [Span(doc, m.start, m.end, label=m.kind) for m in chosen]
        return doc


    def _model_mentions(self, doc: Doc, chosen: list[Mention]) -> list[Mention]:
        """The trained name model's readings of the spans no rule claimed, most probable first."""
        if self.name_mode != "collect" and self.name_model is None:
            return []
        taken, soft = [False] * len(doc), [False] * len(doc)
        for m in chosen:
            weak = m.kind == "place" and m.source in WEAK_PLACE_SOURCES
            (soft if weak else taken)[m.start:m.end] = [True] * (m.end - m.start)
        found = candidates(self, doc, taken, soft)
        ruled = rule_candidates(self, doc, chosen)
        if self.name_mode == "collect":
            doc.user_data[CANDIDATES_KEY] = found + ruled
            return []
        assert self.name_model is not None
        dropped = {(s, e) for s, e, feats in ruled if self.name_model.drops(feats)}
        if dropped:
            chosen[:] = [m for m in chosen if not (m.source in RULE_SOURCES and (m.start, m.end) in dropped)]
        decided = [(d[1], s, e, d[0]) for s, e, feats in found if (d := self.name_model.decide(feats))]
        out = []
        for _, s, e, label in sorted(decided, key=lambda d: (-d[0], d[1])):
            if any(taken[s:e]):
                continue
            taken[s:e] = [True] * (e - s)
            kind = "person" if label == "person" else self.head_kinds.get(doc[e - 1].lower_, "armed_group")
            out.append(Mention(s, e, kind, "model", span_text(doc[s:e])))
        if out:  # a weak place reading that the model overruled gives way
            added = [False] * len(doc)
            for o in out:
                added[o.start:o.end] = [True] * (o.end - o.start)
            chosen[:] = [m for m in chosen if not (m.kind == "place" and m.source in WEAK_PLACE_SOURCES
                                                   and any(added[m.start:m.end]))]
        return out


@Language.factory("factions_actors", requires=["token.lemma", "token.is_sent_start", "doc.ents"],
                  assigns=["doc._.mentions", "doc.spans"], default_config={"name_model": "", "name_mode": "apply"})
def make_actor_finder(nlp: Language, name: str, name_model: str, name_mode: str) -> ActorFinder:
    return ActorFinder(nlp, name_model, name_mode)

