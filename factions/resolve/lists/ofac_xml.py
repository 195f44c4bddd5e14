"""OFAC's classic SDN XML (sdn.xml): <sdnList> of <sdnEntry>, behind a <publshInformation> header.

The classic SDN file carries no per-entry designation dates (only the publish
date of the whole list), so every Designation it yields has `listed=None`; the
dates live in OFAC's "recent actions" notices and in sdn_advanced.xml.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, unique, us_date
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.xmlutil import descend, stream, text

LIST = "OFAC-SDN"
WANTED = frozenset({"sdnEntry", "publshInformation"})  # OFAC's own spelling of "publish"


def person_name(el: etree._Element) -> str:
    """'LAST, First' as the SDN list prints individuals; entities have only lastName."""
    last, first = text(el, "lastName"), text(el, "firstName")
    return f"{last}, {first}" if last and first else last or first


def entry(el: etree._Element, path: Path) -> Designation:
    name = person_name(el)
    if not name:
        fail(path, el.sourceline, f"sdnEntry {text(el, 'uid') or '?'} without any name")
    # Weak a.k.a.s are kept: for armed groups they are often the short forms reports use;
    # the vetting step, not the importer, decides how much a weak alias match counts.
    aliases = unique([person_name(aka) for aka in descend(el, "akaList", "aka")], exclude=name)
    countries = [text(c, "country") for c in descend(el, "addressList", "address")]
    countries += [text(c, "country") for c in descend(el, "nationalityList", "nationality")]
    countries += [text(c, "country") for c in descend(el, "citizenshipList", "citizenship")]
    programs = unique([p.text or "" for p in descend(el, "programList", "program")])
    remarks = descend(el, "remarks")
    return Designation(
        list=LIST, name=name, aliases=aliases,
        listed=None,  # the classic SDN file has no per-entry dates (see module docstring)
        reference=text(el, "uid") or None,
        notes=(remarks[0].text or None) if remarks else None,
        program="; ".join(programs) or None,
        entity_type=(text(el, "sdnType") or "entity").lower(),
        countries=country_codes(countries),
        source_file=str(path),
    )


def parse(path: Path) -> tuple[ListInfo, list[Designation]]:
    as_of: str | None = None
    out: list[Designation] = []
    for name, el in stream(path, "sdnList", WANTED):
        if name == "publshInformation":
            as_of = us_date(text(el, "Publish_Date"), path, el.sourceline, "Publish_Date")
        elif name == "sdnEntry":
            out.append(entry(el, path))
    return ListInfo(LIST, "ofac-xml", str(path), as_of, len(out)), out
