"""Official designation lists: the shipped FTO/SDGT/UN rows, and importers for published lists.

- `load_shipped()` reads factions/data/us_fto.csv and other_designations.csv (verified).
- `import_file(path)` reads OFAC SDN XML or CSV, the UN consolidated list XML,
  OpenSanctions FollowTheMoney JSON lines, or a factions list CSV, after
  `detect_format(path)` has sniffed which one it is.

- `open_list(path)` is the streamed form: (ListInfo, iterator of entries).

Every malformed file raises DataError("PATH: line N: what") and returns nothing.
"""
from __future__ import annotations

from factions.resolve.lists.common import FORMATS, ListInfo
from factions.resolve.lists.detect import detect_format
from factions.resolve.lists.importer import import_file, open_list
from factions.resolve.lists.shipped import load_shipped

__all__ = ["FORMATS", "ListInfo", "detect_format", "import_file", "load_shipped", "open_list"]
