"""The seed report: its Document block, its chrome, and identity across re-chromed reprints."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factions.ingest import load_document, load_text

# The shared folder sits beside the repository (…/main and …/shared), in a clean clone too.
SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED = SEED_DIR / "000_1419a0e6fcd13314.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not next to the repository")

CHROME = ["Bookshop | Donate", "Tienda de Libros Radio Nizkor On-Line Donations",
          "In accordance with Title 17 U.S.C. Section 107", "Equipo Nizkor", "Syria War", "small logo"]


@pytest.fixture(scope="module")
def seed():
    return load_document(SEED)


def _body_paragraphs(raw: str) -> list[str]:
    """The seed's body paragraphs as the file has them (from the first paragraph to the source line)."""
    start = raw.index("The US-backed Harakat Hazm")
    end = raw.index("[Source:")
    return [p.rstrip() for p in raw[start:end].split("\n\n") if p.strip()]


def test_seed_document_block_matches_gold(seed):
    gold = json.loads(SEED.with_name(SEED.stem + ".gold.json").read_text(encoding="utf-8"))["document"]
    for key in ("title", "author", "outlet", "section", "published", "republished_by", "republished"):
        assert getattr(seed, key) == gold[key], key


def test_seed_values(seed):
    assert seed.title == "US-backed Hazm Movement, Muhajireen Army working together in Aleppo"
    assert (seed.author, seed.outlet, seed.section) == ("Caleb Weiss", "The Long War Journal", "Threat Matrix")
    assert (seed.published, seed.republished_by, seed.republished) == ("2014-10-07", "Equipo Nizkor", "2014-10-09")
    assert seed.extraction_path == "text"
    assert seed.path == str(SEED)
    assert re.fullmatch(r"[0-9a-f]{64}", seed.raw_sha)


def test_seed_chrome_is_gone_and_recorded(seed):
    for line in CHROME:
        assert line not in seed.text, line
    removed = "\n".join(seed.removed)
    for line in ("Bookshop | Donate", "Tienda de Libros Radio Nizkor On-Line Donations",
                 "In accordance with Title 17 U.S.C. Section 107"):
        assert line in removed
    assert "[Source:" not in seed.text


def test_seed_body_is_intact(seed):
    raw = SEED.read_text(encoding="utf-8")
    assert seed.text.startswith("The US-backed Harakat Hazm, or Hazm Movement, has joined several groups")
    assert seed.title not in seed.text
    assert seed.text.endswith('We like Nusrah."')
    # Every body paragraph, the indented quotes included, is there whole, one blank line apart.
    assert seed.text.split("\n\n") == _body_paragraphs(raw)
    assert seed.text.count("\n    \"What occurred by way of guiding the aerial attacks") == 1


def _rechrome(raw: str) -> str:
    """The same report as another archive would print it: other header, footer, source line, CRLF."""
    paragraphs = _body_paragraphs(raw)
    title = "US-backed Hazm Movement, Muhajireen Army working together in Aleppo"
    header = "MIDDLE EAST DOCUMENT VAULT\nHome | Collections | Search | Contact\n\nFiled under: Syria\n\n"
    footer = ("\n\nSource: Caleb Weiss, The Long War Journal, Oct 7, 2014\n\n"
              "Republished by the Middle East Document Vault, October 12, 2014.\n"
              "© 2014 Middle East Document Vault. All rights reserved.\nShare this page\n")
    body = "\n\n".join(p.replace("    ", "\t", 1) if p.startswith("    ") else p for p in paragraphs)
    return (header + title + "\n\n" + body + footer).replace("\n", "\r\n")


def test_reprint_with_other_chrome_has_the_same_text_and_id(seed):
    other = load_text(_rechrome(SEED.read_text(encoding="utf-8")), name="vault/hazm.txt")
    assert other.text == seed.text
    assert other.id == seed.id
    assert other.title == seed.title
    assert (other.author, other.outlet, other.published) == ("Caleb Weiss", "The Long War Journal", "2014-10-07")
    assert (other.republished_by, other.republished) == ("Middle East Document Vault", "2014-10-12")
    assert other.raw_sha != seed.raw_sha  # a different copy of the same report


def test_reprint_as_html_has_the_same_id(seed):
    paragraphs = _body_paragraphs(SEED.read_text(encoding="utf-8"))
    body = "".join(f"<blockquote><p>{p.strip()}</p></blockquote>" if p.startswith("    ") else f"<p>{p}</p>"
                   for p in paragraphs)
    html = (f"<!DOCTYPE html><html><head><title>{seed.title} | Archive</title></head><body>"
            f"<nav>Home | Donate</nav><article><h1>{seed.title}</h1>{body}"
            "<p>[Source: By Caleb Weiss, Threat Matrix, The Long War Journal, 07Oct14]</p></article>"
            "<footer>All rights reserved.</footer></body></html>")
    doc = load_text(html, name="copy.html")
    assert doc.id == seed.id
    assert (doc.author, doc.outlet, doc.published) == ("Caleb Weiss", "The Long War Journal", "2014-10-07")
