"""A fact's date comes from its own clause, not from another clause of the same sentence."""
from __future__ import annotations

from factions.extract.pipeline import extract
from factions.model import Document


def _dates(text: str, published: str = "2015-06-01") -> dict[tuple[str, str], set]:
    ex = extract(Document(text=text, title="t", published=published)).to_json()
    out: dict[tuple[str, str], set] = {}
    for r in ex["relations"]:
        out.setdefault((r["subject"], r["object"]), set()).add(r.get("date"))
    return out


def test_each_coordinated_clause_keeps_its_own_date() -> None:
    got = _dates("The Islamic State drove the Sham Legion out of Maarat al-Numan in October 2014 "
                 "and forced the Mujahideen Army to surrender in March 2015.")
    dated = {obj: d for (subj, obj), d in got.items()}
    legion = next(d for o, d in dated.items() if "Sham" in o)
    army = next(d for o, d in dated.items() if "Mujahideen" in o)
    assert all(x and x.startswith("2014-10") for x in legion), got
    assert all(x and x.startswith("2015-03") for x in army), got
