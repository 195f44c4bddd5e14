"""GeoNames country dumps (SY.txt, IQ.txt, or their .zip as downloaded from download.geonames.org/export/dump/).

The layout is GeoNames' own: tab-separated, no header, 19 columns: geonameid, name,
asciiname, alternatenames (comma-separated), latitude, longitude, feature class,
feature code, country code, cc2, admin1..admin4 codes, population, elevation, dem,
timezone, modification date. Rows are streamed: allCountries.txt runs to gigabytes.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from factions.errors import DataError

COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
           "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
           "population", "elevation", "dem", "timezone", "modification_date")
MIN_COLUMNS = 15  # up to population: what the store keeps


def _open(path: Path) -> IO[str]:
    if path.suffix.lower() == ".zip":
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
        if not members:
            raise DataError("the zip holds no GeoNames .txt file", path=str(path))
        return io.TextIOWrapper(archive.open(members[0]), encoding="utf-8")
    return path.open(encoding="utf-8", newline="")


def _row(fields: list[str], where: str) -> dict[str, Any]:
    if len(fields) < MIN_COLUMNS:
        raise DataError(f"{where}: {len(fields)} tab-separated columns, a GeoNames dump has 19")
    row: dict[str, Any] = dict(zip(COLUMNS, fields))
    try:
        row["geonameid"] = int(row["geonameid"])
        row["latitude"], row["longitude"] = float(row["latitude"]), float(row["longitude"])
        row["population"] = int(row["population"]) if row["population"].strip() else None
    except ValueError as exc:
        raise DataError(f"{where}: not a GeoNames row ({exc})") from exc
    if not (-90 <= row["latitude"] <= 90 and -180 <= row["longitude"] <= 180):
        raise DataError(f"{where}: coordinates out of range")
    row["alternatenames"] = [a for a in row["alternatenames"].split(",") if a.strip()]
    return row


def read_geonames(path: str | Path) -> Iterator[dict[str, Any]]:
    """The places of a GeoNames dump, one dict per row; DataError names the line that is not one."""
    path = Path(path)
    try:
        with _open(path) as fh:
            for n, line in enumerate(fh, start=1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                yield _row(line.split("\t"), f"line {n}")
    except DataError as exc:
        exc.path = exc.path or str(path)
        raise
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise DataError(f"cannot read the GeoNames file: {exc}", path=str(path)) from exc
