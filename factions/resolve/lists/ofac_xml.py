"""OFAC's classic XML (sdn.xml, consolidated.xml): <sdnList> of <sdnEntry>, behind a <publshInformation> header.

The classic file carries no per-entry designation dates (only the publish date
of the whole list), so every Designation it yields has `listed=None`; listing
dates come from comparing editions (factions.store.editions). The same schema
carries the SDN list and OFAC's non-SDN consolidated list: a file whose entries
include a non-SDN programme (NS-PLC, CMIC-..., FSE-..., 561-Related) is the
latter, since those programmes exist only there.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from factions.resolve.designations import Designation
from factions.resolve.lists.common import ListInfo, fail, unique, us_date
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.xmlutil import descend, stream, text

LIST = "OFAC-SDN"
NON_SDN = "OFAC-NON-SDN"
_NON_SDN_PROGRAM = re.compile(rb"<(?:\w+:)?program>\s*(?:NS-|CMIC-|FSE-|561-)")
CHUNK = 1 << 20
WANTED = frozenset({"sdnEntry", "publshInformation"})  # OFAC's own spelling of "publish"


def person_name(el: etree._Element) -> str:
    """'LAST, First' as the SDN list prints individuals; entities have only lastName."""
    last, first = text(el, "lastName"), text(el, "firstName")
    return f"{last}, {first}" if last and first else last or first


def publication_of(path: Path) -> str:
    """OFAC-NON-SDN when any entry has a non-SDN-only programme, else OFAC-SDN (a byte scan, no parse)."""
    tail = b""
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                if _NON_SDN_PROGRAM.search(tail + chunk):
                    return NON_SDN
                tail = chunk[-64:]
    except OSError:
        return LIST  # the parse that follows reports the unreadable file
    return LIST


def entry(el: etree._Element, path: Path, code: str) -> Designation:
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
        list=code, name=name, aliases=aliases, key=text(el, "uid") or None,
        listed=None,  # the classic SDN file has no per-entry dates (see module docstring)
        reference=text(el, "uid") or None,
        notes=(remarks[0].text or None) if remarks else None,
        program="; ".join(programs) or None,
        entity_type=(text(el, "sdnType") or "entity").lower(),
        countries=country_codes(countries),
        source_file=str(path),
    )


def read(path: Path, info: ListInfo) -> Iterator[Designation]:
    """Each sdnEntry as it is parsed; at the end the count is checked against Record_Count."""
    seen = 0
    for name, el in stream(path, "sdnList", WANTED):
        if name == "publshInformation":
            info.as_of = us_date(text(el, "Publish_Date"), path, el.sourceline, "Publish_Date")
            count = text(el, "Record_Count")
            if count and not count.isdigit():
                fail(path, el.sourceline, f"Record_Count: not a number: {count!r}")
            info.declared = int(count) if count else None
        elif name == "sdnEntry":
            seen += 1
            yield entry(el, path, info.name)
    if info.declared is not None and seen != info.declared:
        fail(path, None, f"Record_Count says {info.declared} entries, the file holds {seen}: truncated or edited")


def start(path: Path) -> tuple[ListInfo, Iterator[Designation]]:
    code = publication_of(path)
    info = ListInfo(code, "ofac-xml", str(path), publication=code, files=[str(path)])
    return info, read(path, info)
