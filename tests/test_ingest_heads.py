"""Head shapes: where the date and author sit when no source line names them."""
from __future__ import annotations

from factions.ingest import load_text

BLOG = """Euphrates Field Notes
a notebook on the war in the east
Home   About   Archive

Deir ez-Zor is quiet. For now.
Posted on April 3, 2018 by Layla Haddad | Filed under: Syria, SDF

The SDF said on Monday that its fighters had cleared the last pockets held by Islamic State militants near Hajin, after weeks of fighting along the river.

Local councils reopened two schools in the town, residents said.
"""

WIRE_WITH_DATE_LINE = """WORLD DESK
Wednesday, Nov. 4, 2015 | 11:20 GMT

Rebels repel army push near Hama

HAMA, Syria (Crescent Wire) - Rebels of Jaysh al-Izza said on Tuesday they had repelled an army advance north of Hama, destroying two tanks with guided missiles.

The army did not comment on the claim.
"""

DIGEST = """MONITOR - STATEMENT DIGEST
Iraq | Saturday 27 June 2020 | Compiled by the digest desk

Subject: a raid in southern Baghdad

1. Joint Operations Command, Friday. The statement said counter-terrorism units raided a house in southern Baghdad and detained several suspects.
"""


def test_blog_headline_with_period_and_posted_line() -> None:
    doc = load_text(BLOG, name="blog.txt")
    assert doc.title == "Deir ez-Zor is quiet. For now."
    assert (doc.published, doc.author) == ("2018-04-03", "Layla Haddad")
    assert doc.text.startswith("The SDF said on Monday")


def test_date_line_above_the_headline() -> None:
    doc = load_text(WIRE_WITH_DATE_LINE, name="wire.txt")
    assert doc.published == "2015-11-04"
    assert doc.title == "Rebels repel army push near Hama"


def test_date_inside_a_masthead_line() -> None:
    doc = load_text(DIGEST, name="digest.txt")
    assert doc.published == "2020-06-27"
