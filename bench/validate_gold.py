"""Check gold annotation files against ../shared/ONTOLOGY.md before anyone scores or trains on them.

    python bench/validate_gold.py tests/eval            # every *.gold.json under a folder (recursive)
    python bench/validate_gold.py a.gold.json b.gold.json

One line per problem (`FILE: what is wrong`), exit 1 when there is any. Checks: the report
beside the gold file exists; kinds, predicates and ACLED types come from the ontology's
vocabulary; every relation and event names actors the file defines (by name or alias,
folded as the scorer folds them); every evidence string occurs in the report (whitespace
and quote style aside; an elided quote 'A ... B' must hold each part); dates are ISO; the same name is not two actors.
Standard library plus lxml (for HTML reports).
"""
from __future__ import annotations

import argparse
import html as htmlmod
import json
import re
import sys
import unicodedata
from pathlib import Path

KINDS = {"armed_group", "state", "state_forces", "state_agency", "coalition", "political_org", "media"}
PREDICATES = {"ally_of", "fights_alongside", "fights_against", "member_of", "branch_of",
              "pledged_allegiance_to", "leader_of", "backed_by", "supplies_weapons_to", "designated_by",
              "merged_into", "split_from", "renamed_to", "negotiates_with", "denounces"}
EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
TOP_KEYS = {"file", "document", "groups", "persons", "places", "weapons", "relations", "events"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ARTICLES = {"the", "al", "el", "a", "ad", "ar", "as", "ash", "an", "at", "az", "ul", "ud", "wal"}
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def fold(name: str) -> str:
    """The scorer's forgiving key, simplified: case, accents, apostrophes, articles."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['\u2018\u2019\u02bc\u02bb`]s\b", "", s)
    s = re.sub(r"['\u2018\u2019\u02bc\u02bb`]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(t for t in s.split() if t not in ARTICLES)


def flat(text: str) -> str:
    """Text compared for evidence: quotes and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u02bc\u2032]", "'", text)
    text = re.sub(r"[\u201c\u201d\u2033]", '"', text)
    text = re.sub(r"[\u2013\u2014\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def report_text(path: Path) -> str:
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(raw)
        for bad in tree.xpath("//script|//style"):
            bad.drop_tree()
        return htmlmod.unescape(" ".join(tree.itertext()))
    return raw


def find_report(gold_path: Path, declared: str | None) -> Path | None:
    if declared and (gold_path.parent / declared).exists():
        return gold_path.parent / declared
    stem = gold_path.name.removesuffix(".gold.json")
    for suffix in REPORT_SUFFIXES:
        if (gold_path.parent / f"{stem}{suffix}").exists():
            return gold_path.parent / f"{stem}{suffix}"
    return None


def validate(gold_path: Path) -> list[str]:
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{gold_path}: {msg}")

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{gold_path}: not readable JSON ({exc})"]
    if not isinstance(gold, dict):
        return [f"{gold_path}: top level is not an object"]
    missing = TOP_KEYS - gold.keys()
    if missing:
        bad(f"missing keys {sorted(missing)}")
        return problems
    report = find_report(gold_path, gold.get("file"))
    if report is None:
        bad("no report file beside it (.txt/.md/.html with the same stem)")
        return problems
    if gold.get("file") != report.name:
        bad(f"'file' says {gold.get('file')!r}, the report is {report.name!r}")
    text = flat(report_text(report))

    doc = gold["document"]
    for key in ("published", "republished"):
        if doc.get(key) and not ISO.match(str(doc[key])):
            bad(f"document.{key} {doc[key]!r} is not an ISO date")

    owner: dict[str, str] = {}
    for kind_key, items in (("groups", gold["groups"]), ("persons", gold["persons"])):
        for item in items:
            name = item.get("name")
            if not name:
                bad(f"a {kind_key[:-1]} without a name")
                continue
            if kind_key == "groups" and item.get("kind") not in KINDS:
                bad(f"group {name!r}: kind {item.get('kind')!r} is not one of {sorted(KINDS)}")
            for form in [name, *item.get("aliases", [])]:
                key = fold(form)
                if key in owner and owner[key] != name:
                    bad(f"{form!r} belongs to both {owner[key]!r} and {name!r}")
                owner.setdefault(key, name)
    for name in gold.get("optional_entities", []):
        owner.setdefault(fold(name), name)

    def known(name: object, where: str) -> None:
        if not isinstance(name, str) or fold(name) not in owner:
            bad(f"{where}: {name!r} is not a group, person or optional entity of this file")

    def evidence(item: dict, where: str, previous: str | None) -> str | None:
        ev = item.get("evidence")
        if isinstance(ev, str) and re.match(r"same (sentence|quote|apposition)\b", ev):
            if previous is None:
                bad(f"{where}: 'same sentence' with no sentence before it")
            return previous
        if not isinstance(ev, str) or not ev.strip():
            bad(f"{where}: no evidence string")
            return previous
        # An elided quotation ("A ... B", or "A; B" for two sentences) must hold every part.
        parts = [flat(p).strip(" .,;'\"") for p in re.split(r"\.\.\.|\u2026|; | / ", ev)]
        missing = [p for p in parts if len(p) >= 8 and p not in text]
        if missing or not any(len(p) >= 8 for p in parts):
            bad(f"{where}: evidence not found in the report: {(missing or [ev])[0][:80]!r}")
        return ev

    previous = None
    for i, rel in enumerate(gold["relations"]):
        where = f"relation {i} ({rel.get('subject')} {rel.get('predicate')} {rel.get('object')})"
        if rel.get("predicate") not in PREDICATES:
            bad(f"{where}: predicate not in the ontology")
        known(rel.get("subject"), where)
        known(rel.get("object"), where)
        for flag in ("negated", "hedged", "required"):
            if flag in rel and not isinstance(rel[flag], bool):
                bad(f"{where}: {flag} must be true or false")
        if rel.get("date") and not ISO.match(str(rel["date"])):
            bad(f"{where}: date {rel['date']!r} is not ISO")
        previous = evidence(rel, where, previous)
    previous = None
    for i, ev in enumerate(gold["events"]):
        where = f"event {i} ({ev.get('type')} @ {ev.get('place')})"
        subtypes = EVENT_TYPES.get(ev.get("type"))
        if subtypes is None:
            bad(f"{where}: type not an ACLED event type")
        elif ev.get("sub_event_type") and ev["sub_event_type"] not in subtypes:
            bad(f"{where}: sub_event_type {ev['sub_event_type']!r} is not a sub-type of {ev.get('type')!r}")
        if not isinstance(ev.get("actors", []), list):
            bad(f"{where}: actors must be a list")
        for name in ev.get("actors", []):
            known(name, where)
        targets = ev.get("targets", [ev["target"]] if ev.get("target") else [])
        for name in targets or []:
            known(name, where)
        if ev.get("date") and not ISO.match(str(ev["date"])):
            bad(f"{where}: date {ev['date']!r} is not ISO")
        previous = evidence(ev, where, previous)
    return problems


def gold_files(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        path = Path(arg)
        out.extend(sorted(path.rglob("*.gold.json")) if path.is_dir() else [path])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    files = gold_files(args.paths)
    problems = [p for f in files for p in validate(f)]
    for line in problems:
        print(line)
    print(f"{len(files)} gold files, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
