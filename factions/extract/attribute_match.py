"""The English model's attribute ruler, matched by lookup instead of by spaCy's general Matcher.

`en_core_web_sm`'s `attribute_ruler` maps fine tags to coarse POS and morphology with
179 rules of one or two tokens each (`{"TAG": "NNS"}`, `{"LOWER": "gon"}, {"LOWER": "na"}`).
spaCy's Matcher tries every rule at every token: a tenth of the whole pipeline's time
(bench/profile_extract.py), more than most of factions' own components. The rules only
compare a token's tag, lowercase form, dependency and whitespace flag with a value, a
set or a regular expression, so each rule is filed under the exact tag or lowercase
form it needs, and a token is checked against only the rules filed under its own.

`fast_match(ruler)` returns the same list as `AttributeRuler.match` (same tuples, same
order: tests/test_attribute_match.py compares them on the samples and the dev split), and
sets the attributes as `AttributeRuler.set_annotations` does, reading each token once
rather than through a new Span per match. A rule set using anything else (operators,
other attributes, callbacks) returns None and the ruler keeps spaCy's Matcher.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}  # positions in a token's row of `Doc.to_array`
Check = Callable[[tuple, Callable[[int], str]], bool]
Match = tuple[int, int, int, int]  # (rule number, match id, start, end), as AttributeRuler.match gives them


def _check(key: str, value: Any, strings: Any) -> Check | None:
    """A test of one attribute of a token row against a pattern value; None where the Matcher would do more."""
    col = COLUMNS.get(key)
    if col is None:
        return None
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            return None
        want = int(value)
        return lambda row, text: row[3] == want
    if isinstance(value, str):
        h = strings.add(value)
        return lambda row, text: row[col] == h
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        hashes = frozenset(strings.add(v) for v in arg)
        if op == "IN":
            return lambda row, text: row[col] in hashes
        return lambda row, text: row[col] not in hashes
    if op == "REGEX" and isinstance(arg, str):
        rx = re.compile(arg)
        return lambda row, text: bool(rx.search(text(row[col])))
    return None


def _anchor(spec: dict, strings: Any) -> tuple[int, list[int]] | None:
    """(column, hashes): one of these values a token must have in that column for the spec to match it (the
    exact lowercase form or tag the spec asks for, else each of its IN values; the lowercase form first, as
    it is the rarer); None where the spec needs no such value."""
    for key in ("LOWER", "TAG"):
        value = spec.get(key)
        if isinstance(value, str):
            return COLUMNS[key], [strings.add(value)]
    for key in ("LOWER", "TAG"):
        value = spec.get(key)
        if isinstance(value, dict) and list(value) == ["IN"]:
            return COLUMNS[key], list(dict.fromkeys(strings.add(v) for v in value["IN"]))
    return None


Rule = tuple[int, int, list[tuple[int, Check]]]  # (rule number, match id, [(token offset, test)])


class FastAttributeMatch:
    """`AttributeRuler.match` for rules of plain token tests, by lookup.

    What the one-token rules give depends on the token's row alone (its lowercase form, tag, dependency and
    whitespace flag), and rows repeat ("the" DT det), so their matches are kept per row; the few two-token
    rules are tried where their first token fits."""

    MEMO_SIZE = 50_000  # rows kept; emptied when full (a long run of new words)

    def __init__(self, ruler: AttributeRuler,
                 rules: list[tuple[int, int, list[list[Check]], Any, Any]]) -> None:
        self.ruler = ruler
        self.n_rules = len(ruler.attrs)
        self.strings = ruler.vocab.strings
        # per span length: column -> value hash -> rules; and the rules with no value to file them under
        self.filed: dict[int, tuple[dict[int, dict[int, list[Rule]]], list[Rule]]] = {1: ({0: {}, 1: {}}, []),
                                                                                    2: ({0: {}, 1: {}}, [])}
        # two-token rules whose first token needs no value, filed under what their second token needs ("y'all",
        # "there is": without it every token of a report tried them)
        self.second: dict[int, dict[int, list[Rule]]] = {0: {}, 1: {}}
        for number, match_id, checks, anchor, second in rules:
            rule = (number, match_id, [(off, c) for off, token in enumerate(checks) for c in token])
            by_column, unfiled = self.filed[len(checks)]
            if anchor is not None:
                for h in anchor[1]:
                    by_column[anchor[0]].setdefault(h, []).append(rule)
            elif second is not None:
                for h in second[1]:
                    self.second[second[0]].setdefault(h, []).append(rule)
            else:
                unfiled.append(rule)
        self.memo: dict[tuple, list[tuple[int, int]]] = {}

    def _candidates(self, length: int, row: tuple, nxt: tuple = ()) -> list[Rule]:
        by_column, unfiled = self.filed[length]
        found = by_column[0].get(row[0], []) + by_column[1].get(row[1], []) + unfiled
        if nxt:
            found += self.second[0].get(nxt[0], []) + self.second[1].get(nxt[1], [])
        return found

    def _one_token(self, row: tuple, text: Callable[[int], str]) -> list[tuple[int, int]]:
        return [(number, match_id) for number, match_id, tests in self._candidates(1, row)
                if all(test(row, text) for _, test in tests)]

    def __call__(self, doc: Doc) -> list[Match]:
        if len(self.ruler.attrs) != self.n_rules:  # rules added since: only spaCy's Matcher knows them
            return AttributeRuler.match(self.ruler, doc)
        rows = [tuple(r) for r in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        text = self.strings.__getitem__
        memo = self.memo
        if len(memo) > self.MEMO_SIZE:
            memo.clear()
        found: list[Match] = []
        for i, row in enumerate(rows):
            single = memo.get(row)
            if single is None:
                single = memo[row] = self._one_token(row, text)
            for number, match_id in single:
                found.append((number, match_id, i, i + 1))
            if i + 1 < len(rows):
                pair = (row, rows[i + 1])
                for number, match_id, tests in self._candidates(2, row, rows[i + 1]):
                    if all(test(pair[off], text) for off, test in tests):
                        found.append((number, match_id, i, i + 2))
        found.sort()
        return found

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        """`AttributeRuler.set_annotations` without a Span per match: the same attributes, in the same order."""
        ruler = self.ruler
        toks = list(doc)
        for number, _, start, end in matches:
            index = ruler.indices[number]
            k = start + index if index >= 0 else end + index
            if not start <= k < end:  # spaCy's own error message
                AttributeRuler.set_annotations(ruler, doc, [(number, _, start, end)])
            set_token_attrs(toks[k], ruler.attrs[number])


def fast_match(ruler: AttributeRuler) -> FastAttributeMatch | None:
    """The lookup matcher for `ruler`'s rules, or None where a rule needs more than plain token tests."""
    strings = ruler.vocab.strings
    rules = []
    for number in range(len(ruler.attrs)):
        key = str(number)  # AttributeRuler files rule n under the key "n" and sorts matches by n
        if key not in ruler.matcher:
            return None
        on_match, patterns = ruler.matcher.get(key)
        if on_match is not None:
            return None
        for pattern in patterns:
            if not pattern or len(pattern) > 2 or any(not isinstance(spec, dict) for spec in pattern):
                return None
            checks = [[_check(str(k), v, strings) for k, v in spec.items()] for spec in pattern]
            if any(c is None for token in checks for c in token):
                return None
            second = _anchor(pattern[1], strings) if len(pattern) == 2 else None
            rules.append((number, strings[key], checks, _anchor(pattern[0], strings), second))
    return FastAttributeMatch(ruler, rules)


def speed_up_attribute_ruler(nlp: Language) -> Language:
    """Give nlp's attribute ruler the lookup matcher where its rules allow (in place; returns nlp)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        matcher = fast_match(ruler) if isinstance(ruler, AttributeRuler) else None
        if matcher is not None:
            # AttributeRuler.__call__ reads self.match and self.set_annotations
            ruler.match, ruler.set_annotations = matcher, matcher.set_annotations
    return nlp
