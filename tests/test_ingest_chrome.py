"""Chrome removal by shape and position, paragraph re-flow, and chrome learned across a site."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factions.ingest import ChromeMemory, load_document, load_text

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SITE = FIXTURES / "site_levant"


def test_archive_reprint_hard_wrapped():
    doc = load_document(FIXTURES / "archive_reprint.txt")
    assert doc.title == "Rebel factions agree on joint command for southern Idlib front"
    assert (doc.outlet, doc.published) == ("Levant Wire", "2015-03-12")
    assert (doc.republished_by, doc.republished) == ("Conflict Documents Archive", "2015-03-14")
    paragraphs = doc.text.split("\n\n")
    # The dek stays (it is prose), hard-wrapped lines are joined into one paragraph each.
    assert paragraphs[0] == "Three armed groups announce a shared operations room after weeks of talks."
    assert paragraphs[2].startswith("The statement, signed by commanders of the Sham Brigades, the Free Idlib "
                                    "Battalions and the Hawks")
    # A short sentence between body paragraphs is body.
    assert "The talks stalled twice." in paragraphs
    assert paragraphs[-1].endswith("keep its own leadership and its own name.")
    for chrome in ("ARCHIVE", "Home ·", "[Source:", "Reproduced by", "©"):
        assert chrome not in doc.text


def test_wire_story_with_byline_dateline_and_share_footer():
    doc = load_document(FIXTURES / "wire_dateline.txt")
    assert doc.title == "Government forces shell rebel-held districts of Aleppo"
    assert (doc.author, doc.outlet, doc.published) == ("Jane Doe and Omar Khalil", "Levant Wire", None)
    assert doc.text.startswith("ALEPPO, Syria, Feb. 28 (Levant Wire) - Government artillery")
    assert doc.text.endswith("to retake the hill during the night.")
    assert "Share this" in " ".join(doc.removed) and "Reporting by" in " ".join(doc.removed)


def test_think_tank_brief_with_legal_footer():
    doc = load_document(FIXTURES / "think_tank_brief.txt")
    assert doc.title == "Kurdish-led forces and tribal fighters open new front in Deir ez-Zor"
    assert (doc.author, doc.published) == ("Marta Lindqvist", "2016-03-09")
    assert "Losses were light." in doc.text.split("\n\n")
    assert doc.text.endswith("several clans have fought each other in the past.")
    for chrome in ("Strategic Brief", "Copyright", "All rights reserved", "reproduced without"):
        assert chrome not in doc.text


def test_short_closing_sentence_after_the_body_stays():
    doc = load_text("Truce collapses in the valley towns\n\nThe truce between the two militias collapsed on "
                    "Tuesday after a night of shelling, residents said.\n\nNo one claimed the attack.\n\n"
                    "Home | Contact\n")
    assert doc.text.endswith("No one claimed the attack.")
    assert "Home" not in doc.text


def test_legal_paragraph_near_the_end_is_removed_even_when_long():
    body = "\n\n".join(f"Paragraph {i} says the militia advanced on the town and residents fled north."
                       for i in range(6))
    doc = load_text(body + "\n\nIn accordance with Title 17 U.S.C. Section 107, this material is distributed "
                    "without profit to those who have expressed a prior interest in receiving it for research "
                    "and educational purposes.\n\nPublished with thanks.\n")
    assert "Title 17" not in doc.text
    assert doc.text.endswith("residents fled north.")


def test_body_words_that_sound_like_chrome_stay():
    text = ("Gulf donors shift support to southern rebels\n\n"
            "Private donations from the Gulf now flow to the Southern Front rather than to Islamist groups, "
            "according to two commanders who receive them.\n\n"
            "One commander said the money paid for ammunition bought at a weapons store in Daraa.\n\n"
            "The shop owner, who asked not to be named, confirmed the sales to reporters.\n\n"
            "Its fighters subscribe to a Salafi reading of Islam and share this view with Nusra, "
            "whose terms of use of force they accept, analysts said.\n")
    doc = load_text(text)
    assert doc.text.count("\n\n") == 3
    assert "weapons store" in doc.text and "shop owner" in doc.text and "subscribe to a Salafi" in doc.text


def test_short_note_without_paragraphs_is_kept():
    assert load_text("Hazm fights beside Nusra in Handarat").text == "Hazm fights beside Nusra in Handarat"
    assert load_text("Rebels took the hill.").text == "Rebels took the hill."


def test_all_chrome_is_a_parse_error():
    from factions.errors import ParseError

    with pytest.raises(ParseError):
        load_text("Home | About | Donate\n\n© 2015 Some Site. All rights reserved.\n", name="menu.txt")


def test_chrome_learned_across_three_documents_of_a_site(tmp_path):
    # Each document alone keeps its site's promotional line; by the third, the site has shown it twice.
    memory = ChromeMemory()
    docs = [load_document(path, chrome=memory) for path in sorted(SITE.glob("*.txt"))]
    promo = "Levant Monitor readers can download the full map set"
    assert promo in docs[0].text and promo in docs[1].text
    assert promo not in docs[2].text and promo in docs[2].removed
    assert docs[2].title == "Desert brigade pledges allegiance to jihadist coalition"
    assert docs[2].text.startswith("The Desert Lions Brigade announced on Thursday")
    # Without memory, or for another site, the line is body.
    assert promo in load_document(SITE / "03_pledge.txt").text
    other = tmp_path / "other_site"
    other.mkdir()
    shutil.copy(SITE / "03_pledge.txt", other / "03_pledge.txt")
    assert promo in load_document(other / "03_pledge.txt", chrome=memory).text


def test_chrome_memory_keys_on_the_republisher_across_folders(tmp_path):
    memory = ChromeMemory()
    footer = "This document has been published on 09Oct14 by the Example Archive.\n\nArchive newsletter edition\n"
    for i in range(3):
        folder = tmp_path / f"batch{i}"
        folder.mkdir()
        (folder / "r.txt").write_text(f"Report {i} headline about the front lines\n\nThe brigade number {i} "
                                      f"attacked a checkpoint near the town on Monday, residents said.\n\n"
                                      f"Archive members may request the full dossier\n\n"
                                      f"Residents fled north after the attack, officials said.\n\n{footer}",
                                      encoding="utf-8")
    docs = [load_document(tmp_path / f"batch{i}" / "r.txt", chrome=memory) for i in range(3)]
    assert "Archive members may request the full dossier" in docs[1].text
    assert "Archive members may request the full dossier" not in docs[2].text


def test_chrome_memory_is_bounded_and_keeps_no_text():
    memory = ChromeMemory(max_lines_per_site=50, max_sites=3)
    for i in range(200):
        memory.observe(f"site{i % 5}", [f"line number {i} {j}" for j in range(20)] + ["Menu | Home"])
    assert len(memory._sites) <= 3
    assert all(len(counts) <= 50 for counts in memory._sites.values())
    assert all(isinstance(key, bytes) and len(key) == 8 for c in memory._sites.values() for key in c)
    memory.observe("a", ["x " * 40])  # long lines are never stored
    assert memory._sites["a"] == {}
    memory.observe("b", ["Donate | Shop"])
    memory.observe("b", ["Donate | Shop"])
    assert memory.is_repeated("b", "donate  |  SHOP")  # normalised: case and spacing do not matter
    assert not memory.is_repeated("c", "Donate | Shop")
    assert not memory.is_repeated(None, "Donate | Shop")


def test_layout_normalises_spacing_and_keeps_list_items_apart():
    doc = load_text("Weapons seized in the raid on the depot\n\nThe raid on the depot in the\u00a0northern "
                    "district  netted large stocks of weapons, officials said on Monday after the operation.\n\n"
                    "- 40 rifles were taken from the depot.\n- 3 mortars were taken from the depot.\n")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == ("The raid on the depot in the northern district netted large stocks of weapons, "
                             "officials said on Monday after the operation.")
    assert paragraphs[1:] == ["- 40 rifles were taken from the depot.", "- 3 mortars were taken from the depot."]


def test_headline_with_words_that_sound_like_chrome_is_still_the_title():
    doc = load_text("Archive of the Levant\nHome | Donate\n\nRebels and jihadists share a front, search homes in "
                    "the old city\n\nRebels and jihadist fighters searched homes in the old city on Monday, "
                    "residents said, after the army withdrew.\n\nSupport us | Shop\n")
    assert doc.title == "Rebels and jihadists share a front, search homes in the old city"
    assert doc.text == ("Rebels and jihadist fighters searched homes in the old city on Monday, residents said, "
                        "after the army withdrew.")
