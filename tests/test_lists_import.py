"""Designation lists: the shipped FTO/SDGT/UN rows and the importers for published list formats."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from factions.errors import DataError, InputError
from factions.resolve.designations import Designation
from factions.resolve.lists import FORMATS, ListInfo, detect_format, import_file, load_shipped
from factions.resolve.lists import factions_csv, shipped

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "factions" / "data"
FIX = Path(__file__).parent / "fixtures" / "lists"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
OFAC_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"


def by_name(rows: list[Designation], name: str, lst: str | None = None) -> Designation:
    found = [d for d in rows if d.name == name and (lst is None or d.list == lst)]
    assert len(found) == 1, f"{name!r} ({lst}): {len(found)} matches"
    return found[0]


def raises_at(path: Path, line: int | None, func, *args) -> DataError:
    """The call raises DataError naming the file and (when given) the line."""
    with pytest.raises(DataError) as info:
        func(*args)
    message = str(info.value)
    assert path.name in message, message
    if line is not None:
        assert f"line {line}:" in message, message
    return info.value


# --------------------------------------------------------------------------- shipped lists

@pytest.fixture(scope="module")
def shipped_rows() -> list[Designation]:
    return load_shipped()


@pytest.fixture(scope="module")
def fto_csv() -> list[dict[str, str]]:
    with (DATA / "us_fto.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def other_csv() -> list[dict[str, str]]:
    with (DATA / "other_designations.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_row_counts(shipped_rows):
    fto = [d for d in shipped_rows if d.list == "US-FTO"]
    other = [d for d in shipped_rows if d.list != "US-FTO"]
    assert len(fto) == 116
    assert len(other) == 10
    assert sum(1 for d in fto if d.removed) == 22  # SOURCES.md: 22 rows have a revocation
    assert sorted({d.list for d in other}) == ["UN-1267", "US-SDGT"]
    assert sum(1 for d in other if d.list == "US-SDGT") == 9


def test_shipped_rows_match_the_files_field_by_field(shipped_rows, fto_csv, other_csv):
    fto = [d for d in shipped_rows if d.list == "US-FTO"]
    for d, row in zip(fto, fto_csv, strict=True):
        assert d.name == row["name"]
        assert d.listed == row["designated"]
        assert d.removed == (row["revoked"] or None)
        assert d.notes == (row["notes"] or None)  # verbatim
        assert d.aliases == [a.strip() for a in row["aliases"].split(" | ") if a.strip()]
        assert len(d.amended) == len([a for a in row["amendments"].split(" | ") if a.strip()])
        assert d.source_file == "factions/data/us_fto.csv" and d.program == "FTO"
    other = [d for d in shipped_rows if d.list != "US-FTO"]
    for d, row in zip(other, other_csv, strict=True):
        assert (d.list, d.name, d.listed, d.reference) == (row["list"], row["name"], row["listed"],
                                                           row["reference"])
        assert d.notes == row["notes"]


def test_anf_hts_fto_row(shipped_rows):
    anf = [d for d in shipped_rows if d.list == "US-FTO" and "Hay'at Tahrir al-Sham" in d.aliases]
    assert len(anf) == 1
    row = anf[0]
    assert row.name == "al-Nusrah Front (ANF), aka Hay'at Tahrir al-Sham (HTS)"
    assert row.listed == "2014-05-15"
    assert row.removed == "2025-07-08"
    assert {"Jabhat al-Nusrah", "Jabhat Fath al-Sham", "HTS"} <= set(row.aliases)
    assert [a[:10] for a in row.amended] == ["2016-11-14", "2018-06-01"]
    assert "2025-06-23" in row.notes


def test_jma_is_sdgt_only(shipped_rows):
    jma = by_name(shipped_rows, "Jaysh al-Muhajireen wal-Ansar (JMA)")
    assert (jma.list, jma.listed, jma.program) == ("US-SDGT", "2014-09-24", "SDGT")
    assert "Muhajireen Army" in jma.aliases
    assert not any("Muhajireen" in d.name for d in shipped_rows if d.list == "US-FTO")


def test_un_qde137_row(shipped_rows):
    un = [d for d in shipped_rows if d.list == "UN-1267"]
    assert len(un) == 1
    assert (un[0].reference, un[0].listed) == ("QDe.137", "2014-05-14")
    assert "Hay'at Tahrir al-Sham" in un[0].aliases


def test_shipped_dates_are_iso_and_ordered(shipped_rows):
    for d in shipped_rows:
        assert d.name and d.listed and DATE.match(d.listed), d
        assert d.removed is None or DATE.match(d.removed), d
        assert d.removed is None or d.listed <= d.removed, d
        for amendment in d.amended:
            assert DATE.match(amendment.split(":", 1)[0]), amendment
    partial = [a for d in shipped_rows for a in d.amended if not re.match(r"^\d{4}-\d{2}-\d{2}:", a)]
    assert len(partial) == 2  # PKK 2004-01 and ISIS-K 2021, kept as given


def test_active_on_semantics(shipped_rows):
    anf = [d for d in shipped_rows if d.list == "US-FTO" and "HTS" in d.aliases][0]
    assert not anf.active_on("2014-05-14")
    assert anf.active_on("2014-05-15")
    assert anf.active_on("2020-01-01")
    assert anf.active_on("2025-07-07")
    assert not anf.active_on("2025-07-08")  # revoked that day
    assert not anf.active_on(None)  # no date: "now", and it is revoked
    jma = by_name(shipped_rows, "Jaysh al-Muhajireen wal-Ansar (JMA)")
    assert not jma.active_on("2014-09-23") and jma.active_on("2014-09-24") and jma.active_on(None)
    # Ansarallah: designated, revoked within a month, designated again four years later.
    houthis = sorted((d for d in shipped_rows if d.name.startswith("Ansarallah")), key=lambda d: d.listed)
    assert [d.active_on("2021-02-01") for d in houthis] == [True, False]
    assert not any(d.active_on("2023-06-01") for d in houthis)
    assert [d.active_on("2025-06-01") for d in houthis] == [False, True]
    # Partial dates compare as strings: a year-only listing is active from that year on.
    year_only = Designation("X", "Y", listed="2021")
    assert year_only.active_on("2021-03-01") and not year_only.active_on("2020-12-31")


FTO_HEADER = "name,aliases,designated,amendments,revoked,notes\n"


@pytest.mark.parametrize("row, line, what", [
    (",X,1997-10-08,,,no name\n", 3, "without a name"),
    ("Group,X,1997-13-08,,,bad month\n", 3, "designated"),
    ("Group,X,,,,no date\n", 3, "designated: missing"),
    ("Group,X,2001-01-01,,1999-01-01,removed first\n", 3, "before listed"),
    ("Group,X,2001-01-01,renamed without a date,,\n", 3, "amendments"),
    ("Group,X,2001-01-01,\n", 3, "expected 6 fields"),
])
def test_shipped_fto_bad_rows_raise(row, line, what):
    text = FTO_HEADER + "Fine Group,FG,1997-10-08,,,ok\n" + row
    err = raises_at(Path("us_fto.csv"), line, shipped.parse_fto, text, "factions/data/us_fto.csv")
    assert what in str(err)


def test_shipped_fto_missing_column():
    text = "name,aliases,designated,revoked,notes\nGroup,X,2001-01-01,,\n"
    err = raises_at(Path("us_fto.csv"), 1, shipped.parse_fto, text, "factions/data/us_fto.csv")
    assert "amendments" in str(err)


# --------------------------------------------------------------------------- OFAC SDN XML

def test_ofac_xml_import():
    info, rows = import_file(FIX / "sdn.xml")
    assert info == ListInfo("OFAC-SDN", "ofac-xml", str(FIX / "sdn.xml"), "2025-06-20", 5,
                            publication="OFAC-SDN", declared=5, files=[str(FIX / "sdn.xml")])
    anf = by_name(rows, "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT")
    assert {"JABHAT AL-NUSRAH", "HAY'AT TAHRIR AL-SHAM", "HTS", "THE VICTORY FRONT"} <= set(anf.aliases)
    assert (anf.list, anf.program, anf.reference, anf.entity_type) == ("OFAC-SDN", "SDGT; FTO", "17069", "entity")
    assert anf.countries == ["SY"]
    assert all(d.listed is None for d in rows)  # the classic SDN file has no per-entry dates
    jma = by_name(rows, "JAYSH AL-MUHAJIRIN WAL-ANSAR")
    assert jma.program == "SDGT" and "MUHAJIREEN ARMY" in jma.aliases
    assert jma.notes == "(Linked To: ISLAMIC STATE OF IRAQ AND THE LEVANT)"
    zawahiri = by_name(rows, "AL ZAWAHIRI, Dr. Ayman")
    assert zawahiri.entity_type == "individual" and zawahiri.countries == ["EG"]
    assert zawahiri.aliases == ["AL-ZAWAHIRI, Ayman", "THE DOCTOR"]
    shabaab = by_name(rows, "AL-SHABAAB")
    assert shabaab.program == "SOMALIA; SDGT; FTO" and "AL-SHABAAB AL-ISLAMIYA" in shabaab.aliases


@pytest.mark.parametrize("namespace", ["http://tempuri.org/sdnList.xsd", ""])
def test_ofac_xml_any_namespace(tmp_path, namespace):
    text = (FIX / "sdn.xml").read_text(encoding="utf-8")
    text = text.replace(f' xmlns="{OFAC_NS}"', f' xmlns="{namespace}"' if namespace else "")
    path = tmp_path / "sdn_old.xml"
    path.write_text(text, encoding="utf-8")
    info, rows = import_file(path)
    assert info.as_of == "2025-06-20" and len(rows) == 5
    assert by_name(rows, "AL-SHABAAB").countries == ["SO"]


def test_ofac_xml_truncated():
    raises_at(FIX / "sdn_malformed.xml", 60, import_file, FIX / "sdn_malformed.xml")


def test_ofac_xml_entry_without_name(tmp_path):
    text = (FIX / "sdn.xml").read_text(encoding="utf-8")
    text = text.replace("<lastName>JAYSH AL-MUHAJIRIN WAL-ANSAR</lastName>", "")
    path = tmp_path / "sdn.xml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "<uid>17450</uid>" in l) - 1
    err = raises_at(path, line, import_file, path)
    assert "17450" in str(err)


def test_ofac_xml_bad_publish_date(tmp_path):
    path = tmp_path / "sdn.xml"
    path.write_text((FIX / "sdn.xml").read_text(encoding="utf-8").replace("06/20/2025", "2025-06-20"),
                    encoding="utf-8")
    err = raises_at(path, 3, import_file, path)
    assert "Publish_Date" in str(err)


# --------------------------------------------------------------------------- OFAC SDN CSV

def test_ofac_csv_import_with_alt_and_add():
    info, rows = import_file(FIX / "ofac_csv" / "sdn.csv")
    assert (info.name, info.format, info.as_of, info.entries) == ("OFAC-SDN", "ofac-csv", None, 6)
    anf = by_name(rows, "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT")
    assert anf.aliases[:2] == ["AL-NUSRAH FRONT", "JABHAT AL-NUSRAH"]
    assert "HAY'AT TAHRIR AL-SHAM" in anf.aliases
    assert (anf.program, anf.reference, anf.countries, anf.listed) == ("SDGT; FTO", "17069", ["SY"], None)
    assert anf.notes == "Additional Sanctions Information - Subject to Secondary Sanctions."
    zawahiri = by_name(rows, "AL ZAWAHIRI, Dr. Ayman")
    assert zawahiri.entity_type == "individual" and zawahiri.program == "SDGT; SDT"
    assert zawahiri.notes.startswith("DOB 19 Jun 1951; POB Giza, Egypt")
    assert by_name(rows, "AEROCARIBBEAN AIRLINES").countries == ["CU"]
    vessel = by_name(rows, "ADRIAN DARYA 1")
    assert vessel.entity_type == "vessel" and vessel.aliases == ["GRACE 1"] and vessel.countries == ["IR"]
    assert by_name(rows, "JAYSH AL-MUHAJIRIN WAL-ANSAR").entity_type == "entity"  # "-0-" type


def test_ofac_csv_without_siblings(tmp_path):
    shutil.copy(FIX / "ofac_csv" / "sdn.csv", tmp_path / "sdn.csv")
    _, rows = import_file(tmp_path / "sdn.csv")
    assert len(rows) == 6 and all(d.aliases == [] for d in rows)


def test_ofac_csv_short_row():
    err = raises_at(FIX / "sdn_malformed.csv", 3, import_file, FIX / "sdn_malformed.csv")
    assert "12 fields" in str(err)


def test_ofac_csv_bad_alt_file_fails_the_whole_import(tmp_path):
    for name in ("sdn.csv", "add.csv"):
        shutil.copy(FIX / "ofac_csv" / name, tmp_path / name)
    (tmp_path / "alt.csv").write_text('17069,1901,"aka","AL-NUSRAH FRONT",-0- \r\nX1,2,"aka","Y",-0- \r\n')
    err = raises_at(tmp_path / "alt.csv", 2, import_file, tmp_path / "sdn.csv")
    assert "ent_num" in str(err)


def test_ofac_csv_unterminated_quote(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
                    '37,"CUT OFF', encoding="utf-8")
    err = raises_at(path, 2, import_file, path)
    assert "malformed CSV" in str(err)


def test_ofac_csv_entry_without_name(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_text('36,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', encoding="utf-8")
    err = raises_at(path, 1, import_file, path)
    assert "without any name" in str(err)


# --------------------------------------------------------------------------- UN consolidated XML

def test_un_xml_import():
    info, rows = import_file(FIX / "un_consolidated.xml")
    assert info == ListInfo("UN-SC", "un-xml", str(FIX / "un_consolidated.xml"), "2025-06-20", 5,
                            publication="UN-SC", files=[str(FIX / "un_consolidated.xml")])
    anf = by_name(rows, "AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT")
    assert (anf.list, anf.program, anf.reference, anf.listed) == ("UN-1267", "Al-Qaida", "QDe.137", "2014-05-14")
    assert anf.key == "QDe.137"
    assert anf.amended == ["2016-02-03: updated", "2018-06-05: updated", "2022-03-14: updated"]
    assert {"Jabhat al-Nusrah", "Hay'at Tahrir al-Sham", "HTS"} <= set(anf.aliases)
    assert anf.countries == ["SY", "IQ"] and anf.entity_type == "entity" and anf.removed is None
    aq = by_name(rows, "AL-QAIDA")
    assert (aq.reference, aq.listed) == ("QDe.004", "2001-10-06") and "The Base" in aq.aliases
    assert aq.countries == []
    zawahiri = by_name(rows, "AIMAN MUHAMMED RABI AL-ZAWAHIRI")  # four name parts, in order
    assert zawahiri.entity_type == "individual" and zawahiri.reference == "QDi.006"
    assert "أيمن محمد ربيع الظواهري" in zawahiri.aliases  # NAME_ORIGINAL_SCRIPT
    assert zawahiri.countries == ["AF", "EG"]
    jawlani = by_name(rows, "MUHAMMAD AL-JAWLANI")
    assert jawlani.amended == [] and jawlani.countries == ["SY"]
    assert by_name(rows, "AL-SHABAAB").program == "Somalia"
    assert by_name(rows, "AL-SHABAAB").notes is None


def test_un_xml_entity_without_name():
    err = raises_at(FIX / "un_malformed.xml", 90, import_file, FIX / "un_malformed.xml")
    assert "without any name" in str(err)


def test_un_xml_truncated(tmp_path):
    path = tmp_path / "consolidated.xml"
    text = (FIX / "un_consolidated.xml").read_text(encoding="utf-8")
    path.write_text(text[: text.index("<ENTITIES>") + 200], encoding="utf-8")
    err = raises_at(path, None, import_file, path)
    assert re.search(r"line \d+: malformed XML", str(err))


def test_un_xml_bad_listed_on(tmp_path):
    path = tmp_path / "consolidated.xml"
    text = (FIX / "un_consolidated.xml").read_text(encoding="utf-8")
    path.write_text(text.replace("<LISTED_ON>2014-05-14</LISTED_ON>", "<LISTED_ON>14 May 2014</LISTED_ON>"),
                    encoding="utf-8")
    err = raises_at(path, None, import_file, path)
    assert "LISTED_ON" in str(err)


# --------------------------------------------------------------------------- OpenSanctions / FtM

def test_ftm_import_joins_sanctions_to_entities():
    info, rows = import_file(FIX / "opensanctions.jsonl")
    assert (info.format, info.as_of, info.entries) == ("ftm-jsonl", "2025-07-09", 5)
    anf = [d for d in rows if d.name == "Al-Nusrah Front for the People of the Levant"]
    assert len(anf) == 2  # one Designation per Sanction
    un, us = anf
    assert (un.list, un.listed, un.reference, un.program) == (
        "United Nations Security Council", "2014-05-14", "QDe.137", "Al-Qaida")
    assert (us.list, us.listed, us.removed, us.program) == (
        "Office of Foreign Assets Control", "2014-05-15", "2025-07-08", "SDGT; FTO")
    assert us.aliases == ["Jabhat al-Nusrah", "Jabhat Fath al-Sham", "Hay'at Tahrir al-Sham", "HTS",
                          "Al-Nusrah Front"]  # alias + weakAlias + previousName
    assert un.countries == ["SY"] and un.notes.startswith("Associated with Al-Qaida")
    jma = by_name(rows, "Jaysh al-Muhajirin wal-Ansar")
    assert (jma.list, jma.listed) == ("SDGT", "2014-09-24")  # no authority: the program names the list
    shabaab = by_name(rows, "Al-Shabaab")  # topic "sanction", no Sanction entity
    assert (shabaab.list, shabaab.listed) == ("eu_fsf", None)
    zawahiri = by_name(rows, "Aiman Muhammed Rabi al-Zawahiri")
    assert zawahiri.entity_type == "individual" and zawahiri.listed == "2001-01-25"
    names = {d.name for d in rows}
    assert "Example Trading LLC" not in names  # sanction.linked is not a designation
    assert "ADRIAN DARYA 1" not in names  # vessels are not vetted


def test_ftm_nested_form():
    info, rows = import_file(FIX / "opensanctions_nested.jsonl")
    assert info.entries == 4
    anf = [d for d in rows if d.name.startswith("Al-Nusrah")]
    assert [(d.list, d.listed, d.removed) for d in anf] == [
        ("United Nations Security Council", "2014-05-14", None),
        ("Office of Foreign Assets Control", "2014-05-15", "2025-07-08")]
    assert by_name(rows, "Jaysh al-Muhajirin wal-Ansar").listed == "2014-09-24"
    hurras = by_name(rows, "Hurras al-Din")
    assert (hurras.list, hurras.listed) == ("us_ofac_sdn", None)


def test_ftm_single_dataset_names_the_list(tmp_path):
    path = tmp_path / "targets.jsonl"
    lines = (FIX / "opensanctions_nested.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    info, rows = import_file(path)
    assert info.name == "us_ofac_sdn" and info.as_of is None and len(rows) == 2


def test_ftm_invalid_json_line():
    err = raises_at(FIX / "ftm_malformed.jsonl", 3, import_file, FIX / "ftm_malformed.jsonl")
    assert "invalid JSON" in str(err)


@pytest.mark.parametrize("obj, what", [
    ({"id": "x", "schema": "Organization", "properties": {"alias": ["Only An Alias"]}}, "without any name"),
    ({"schema": "Organization", "properties": {"name": ["X"]}}, "'id'"),
    ([1, 2], "not a JSON object"),
    ({"id": "s", "schema": "Sanction", "properties": {"entity": ["a"], "startDate": ["May 2014"]}}, "startDate"),
])
def test_ftm_bad_entities(tmp_path, obj, what):
    good = {"id": "a", "schema": "Organization", "properties": {"name": ["A"], "topics": ["sanction"]}}
    path = tmp_path / "entities.ftm.json"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps(obj) + "\n", encoding="utf-8")
    err = raises_at(path, 3, import_file, path)
    assert what in str(err)


# --------------------------------------------------------------------------- factions CSV

def test_factions_csv_import():
    info, rows = import_file(FIX / "factions_rows.csv")
    assert (info.format, info.entries, info.as_of) == ("factions-csv", 4, None)
    assert info.name == "UN-1267+US-FTO+US-SDGT"
    anf = by_name(rows, "al-Nusrah Front (ANF), aka Hay'at Tahrir al-Sham (HTS)")
    assert (anf.list, anf.listed, anf.removed, anf.program) == ("US-FTO", "2014-05-15", "2025-07-08", "FTO")
    assert anf.notes == "Revocation notice signed 2025-06-23,\npublished and effective 2025-07-08."
    jma = by_name(rows, "Jaysh al-Muhajireen wal-Ansar (JMA)")
    assert jma.aliases[-1] == "JMA" and jma.reference == "E.O. 13224 (designated by State Dept)"
    un = by_name(rows, "Al-Nusrah Front for the People of the Levant")
    assert (un.reference, un.notes, un.program) == ("QDe.137", None, None)


def test_factions_csv_shipped_file_imports_like_load_shipped(shipped_rows):
    _, rows = import_file(DATA / "other_designations.csv")
    assert [(d.list, d.name, d.listed) for d in rows] == [
        (d.list, d.name, d.listed) for d in shipped_rows if d.list != "US-FTO"]


def test_factions_csv_bad_date():
    err = raises_at(FIX / "factions_malformed.csv", 3, import_file, FIX / "factions_malformed.csv")
    assert "2016-09-31" in str(err)


@pytest.mark.parametrize("text, line, what", [
    ("list,aliases,listed\nUS-SDGT,X,2014-01-01\n", 1, "missing required column(s): name"),
    ("list,name,listed\nUS-SDGT,,2014-01-01\n", 2, "without a name"),
    ("list,name,listed\n,Group,2014-01-01\n", 2, "without a list code"),
    ("list,name,listed\nUS-SDGT,Group,2014-01-01,extra\n", 2, "expected 3 fields"),
    ("list,name,listed,removed\nUS-SDGT,Group,2014-01-01,2013-01-01\n", 2, "before listed"),
    ('list,name,listed\nUS-SDGT,"Group,2014\n', 2, "malformed CSV"),
])
def test_factions_csv_errors(tmp_path, text, line, what):
    path = tmp_path / "mine.csv"
    path.write_text(text, encoding="utf-8")
    err = raises_at(path, line, factions_csv.parse, text, path)
    assert what in str(err)


# --------------------------------------------------------------------------- detection and dispatch

@pytest.mark.parametrize("name, fmt", [
    ("sdn.xml", "ofac-xml"), ("sdn_malformed.xml", "ofac-xml"),
    ("ofac_csv/sdn.csv", "ofac-csv"), ("sdn_malformed.csv", "ofac-csv"),
    ("un_consolidated.xml", "un-xml"), ("un_malformed.xml", "un-xml"),
    ("opensanctions.jsonl", "ftm-jsonl"), ("opensanctions_nested.jsonl", "ftm-jsonl"),
    ("ftm_malformed.jsonl", "ftm-jsonl"),
    ("factions_rows.csv", "factions-csv"), ("factions_malformed.csv", "factions-csv"),
])
def test_detect_format(name, fmt):
    assert detect_format(FIX / name) == fmt
    assert fmt in FORMATS


def test_detect_format_sniffs_content_not_suffix(tmp_path):
    for source, fake in [("sdn.xml", "list.csv"), ("un_consolidated.xml", "download"),
                         ("opensanctions.jsonl", "entities.xml"), ("ofac_csv/sdn.csv", "SDN.TXT"),
                         ("factions_rows.csv", "mine.json")]:
        shutil.copy(FIX / source, tmp_path / fake)
        assert detect_format(tmp_path / fake) == detect_format(FIX / source)
    assert import_file(tmp_path / "download")[0].entries == 5


def test_detect_format_rejects_other_files(tmp_path):
    err = raises_at(FIX / "ofac_csv" / "alt.csv", 1, detect_format, FIX / "ofac_csv" / "alt.csv")
    assert "sdn.csv" in str(err)
    other_xml = tmp_path / "feed.xml"
    other_xml.write_text('<?xml version="1.0"?>\n<!-- <sdnList> --><rss><channel/></rss>\n')
    assert "<rss>" in str(raises_at(other_xml, 1, detect_format, other_xml))
    fto = tmp_path / "us_fto.csv"
    shutil.copy(DATA / "us_fto.csv", fto)
    raises_at(fto, 1, detect_format, fto)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n  \n")
    with pytest.raises(InputError):
        detect_format(empty)
    with pytest.raises(InputError):
        detect_format(tmp_path / "missing.xml")
    with pytest.raises(InputError):
        import_file(tmp_path / "missing.xml")


def test_import_file_format_override_and_wrong_root(tmp_path):
    info, _ = import_file(FIX / "sdn.xml", format="ofac-xml")
    assert info.format == "ofac-xml"
    err = raises_at(FIX / "sdn.xml", 2, import_file, FIX / "sdn.xml", "un-xml")
    assert "<sdnList>" in str(err) and "<CONSOLIDATED_LIST>" in str(err)
    with pytest.raises(DataError):
        import_file(FIX / "sdn.xml", "pdf")


def test_large_xml_streams(tmp_path):
    """Thousands of entries parse entry by entry (elements are freed as they are read)."""
    entry = ("<sdnEntry><uid>{n}</uid><lastName>GROUP {n}</lastName><sdnType>Entity</sdnType>"
             "<programList><program>SDGT</program></programList></sdnEntry>\n")
    body = "".join(entry.format(n=n) for n in range(5000))
    path = tmp_path / "sdn.xml"
    path.write_text(f'<sdnList xmlns="{OFAC_NS}"><publshInformation><Publish_Date>01/02/2025'
                    f"</Publish_Date></publshInformation>\n{body}</sdnList>", encoding="utf-8")
    info, rows = import_file(path)
    assert info.entries == 5000 and info.as_of == "2025-01-02"
    assert rows[-1].name == "GROUP 4999" and rows[-1].reference == "4999"
