"""The UN Security Council consolidated list XML (<CONSOLIDATED_LIST dateGenerated=...>).

Individuals and entities of every UN sanctions regime (Al-Qaida/ISIL 1267,
Taliban 1988, Somalia, DPRK ...) in one file; UN_LIST_TYPE says which regime.
The consolidated list holds current entries only, so nothing here has `removed`.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, iso_date, unique
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.xmlutil import descend, kids, stream, text

LIST = "UN-SC"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")  # entities use FIRST_NAME only
KINDS = {"INDIVIDUAL": "individual", "ENTITY": "entity"}


def entry(el: etree._Element, kind: str, path: Path) -> Designation:
    line = el.sourceline
    name = " ".join(p for p in (text(el, part) for part in NAME_PARTS) if p)
    if not name:
        fail(path, line, f"{kind} {text(el, 'DATAID') or '?'} without any name")
    prefix = kind  # INDIVIDUAL_ALIAS / ENTITY_ALIAS, INDIVIDUAL_ADDRESS / ENTITY_ADDRESS
    aliases = [text(a, "ALIAS_NAME") for a in kids(el, f"{prefix}_ALIAS")]
    aliases.append(text(el, "NAME_ORIGINAL_SCRIPT"))  # the name in Arabic etc. script
    updated = [iso_date(v.text, path, v.sourceline, "LAST_DAY_UPDATED")
               for v in descend(el, "LAST_DAY_UPDATED", "VALUE")]
    countries = [text(a, "COUNTRY") for a in kids(el, f"{prefix}_ADDRESS")]
    countries += [v.text or "" for v in descend(el, "NATIONALITY", "VALUE")]
    comments = kids(el, "COMMENTS1")
    return Designation(
        list=LIST, name=name, aliases=unique(aliases, exclude=name),
        listed=iso_date(text(el, "LISTED_ON"), path, line, "LISTED_ON"),
        amended=[f"{day}: updated" for day in updated if day],
        reference=text(el, "REFERENCE_NUMBER") or None,
        notes=(comments[0].text or None) if comments else None,
        program=text(el, "UN_LIST_TYPE") or None,
        entity_type=KINDS[kind],
        countries=country_codes(countries),
        source_file=str(path),
    )


def parse(path: Path) -> tuple[ListInfo, list[Designation]]:
    as_of: str | None = None
    out: list[Designation] = []
    for name, el in stream(path, "CONSOLIDATED_LIST", frozenset(KINDS)):
        if name == "ROOT":
            generated = el.get("dateGenerated")
            as_of = iso_date(generated, path, el.sourceline, "dateGenerated") if generated else None
        else:
            out.append(entry(el, name, path))
    return ListInfo(LIST, "un-xml", str(path), as_of, len(out)), out
