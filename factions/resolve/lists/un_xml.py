"""The UN Security Council consolidated list XML (<CONSOLIDATED_LIST dateGenerated=...>).

Individuals and entities of every UN sanctions regime (Al-Qaida/ISIL 1267,
Taliban 1988, Somalia, DPRK ...) in one file; UN_LIST_TYPE says which regime, and
each regime is its own list, named after the resolution that set up its committee.
The consolidated list holds current entries only, so nothing here has `removed`:
a removal shows as an entry missing from a newer edition.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from factions.resolve.designations import Designation
from factions.resolve.lists.aliases import split_alias
from factions.resolve.lists.common import ListInfo, fail, iso_date, unique
from factions.resolve.lists.countries import country_codes
from factions.resolve.lists.xmlutil import descend, kids, stream, text

PUBLICATION = "UN-SC"
# UN_LIST_TYPE -> the committee's list, by its founding resolution(s).
REGIMES = {"Al-Qaida": "UN-1267", "Taliban": "UN-1988", "DPRK": "UN-1718", "Iraq": "UN-1518", "DRC": "UN-1533",
           "Libya": "UN-1970", "Somalia": "UN-2713", "CAR": "UN-2127", "Yemen": "UN-2140", "GB": "UN-2048",
           "SouthSudan": "UN-2206", "Haiti": "UN-2653", "Sudan": "UN-1591", "Iran": "UN-2231",
           "Mali": "UN-2374", "Lebanon": "UN-1636"}
TITLES = {"UN-1267": "UN 1267/1989/2253 ISIL (Da'esh) and Al-Qaida", "UN-1988": "UN 1988 Taliban"}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")  # entities use FIRST_NAME only
KINDS = {"INDIVIDUAL": "individual", "ENTITY": "entity"}


def regime_list(list_type: str) -> str:
    """The list code of a UN_LIST_TYPE; an unknown regime keeps its own word (UN-<type>)."""
    return REGIMES.get(list_type, f"UN-{list_type or 'SC'}")


def entry(el: etree._Element, kind: str, path: Path) -> Designation:
    line = el.sourceline
    name = " ".join(p for p in (text(el, part) for part in NAME_PARTS) if p)
    if not name:
        fail(path, line, f"{kind} {text(el, 'DATAID') or '?'} without any name")
    prefix = kind  # INDIVIDUAL_ALIAS / ENTITY_ALIAS, INDIVIDUAL_ADDRESS / ENTITY_ADDRESS
    # One ALIAS_NAME may pack several names, scripts and notes, across lines: split_alias unpacks them.
    aliases = [n for a in kids(el, f"{prefix}_ALIAS") for n in split_alias(text(a, "ALIAS_NAME"))]
    aliases.extend(split_alias(text(el, "NAME_ORIGINAL_SCRIPT")))  # the name in Arabic etc. script
    updated = [iso_date(v.text, path, v.sourceline, "LAST_DAY_UPDATED")
               for v in descend(el, "LAST_DAY_UPDATED", "VALUE")]
    countries = [text(a, "COUNTRY") for a in kids(el, f"{prefix}_ADDRESS")]
    countries += [v.text or "" for v in descend(el, "NATIONALITY", "VALUE")]
    comments = kids(el, "COMMENTS1")
    return Designation(
        list=regime_list(text(el, "UN_LIST_TYPE")), name=name, aliases=unique(aliases, exclude=name),
        key=text(el, "REFERENCE_NUMBER") or text(el, "DATAID") or None,
        listed=iso_date(text(el, "LISTED_ON"), path, line, "LISTED_ON"),
        amended=[f"{day}: updated" for day in updated if day],
        reference=text(el, "REFERENCE_NUMBER") or None,
        notes=(comments[0].text or None) if comments else None,
        program=text(el, "UN_LIST_TYPE") or None,
        entity_type=KINDS[kind],
        countries=country_codes(countries),
        source_file=str(path),
    )


def read(path: Path, info: ListInfo) -> Iterator[Designation]:
    for name, el in stream(path, "CONSOLIDATED_LIST", frozenset(KINDS)):
        if name == "ROOT":
            generated = el.get("dateGenerated")
            info.as_of = iso_date(generated, path, el.sourceline, "dateGenerated") if generated else None
        else:
            yield entry(el, name, path)


def start(path: Path) -> tuple[ListInfo, Iterator[Designation]]:
    info = ListInfo(PUBLICATION, "un-xml", str(path), publication=PUBLICATION, files=[str(path)])
    return info, read(path, info)
