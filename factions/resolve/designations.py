"""Official designation lists as facts with dates: the record vetting compares claims against.

A `Designation` is one entry of one list (an FTO listing, an SDGT designation, a
UN 1267 entry, an OpenSanctions sanction), with every name it is listed under
and the dates that bound it. Lists are never inferred from news.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from factions.model import stable_id


@dataclass
class Designation:
    list: str  # short list code: US-FTO, US-SDGT, UN-1267, OFAC-SDN, UN-SC, or a dataset name for FtM imports
    name: str  # the entry's primary name as the list writes it
    aliases: list[str] = field(default_factory=list)
    listed: str | None = None  # ISO date the entry took effect; None when the source does not say
    amended: list[str] = field(default_factory=list)  # "YYYY-MM-DD: what changed", as the source says
    removed: str | None = None  # ISO date of revocation / delisting
    reference: str | None = None  # legal basis or the list's own reference number
    notes: str | None = None  # the source note, kept verbatim
    source_file: str | None = None  # the file it was imported from
    program: str | None = None  # sanctions programme (SDGT, FTO, IRAQ2 ...)
    entity_type: str | None = None  # entity | individual | vessel ... as the list says
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 codes the entry mentions
    # The entry's own id in its publication (OFAC ent_num, UN reference): what ties one entry across
    # editions, so a renamed entry stays one entry and a missing one is a removal.
    key: str | None = None

    @property
    def id(self) -> str:
        if self.key:  # stable across renames; one row per listing interval
            return stable_id(self.list, "key", self.key, self.listed, length=16)
        return stable_id(self.list, self.name, self.listed, self.reference, length=16)

    @property
    def names(self) -> list[str]:
        return [self.name, *[a for a in self.aliases if a != self.name]]

    def active_on(self, day: str | None) -> bool:
        """Listed on or before `day` and not removed by then (no day: active now)."""
        if day is None:
            return self.removed is None
        if self.listed and self.listed > day:
            return False
        return self.removed is None or self.removed > day
