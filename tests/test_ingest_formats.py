"""HTML (meta tags, trafilatura, fallback, malformed), markdown, and format sniffing."""
from __future__ import annotations

from pathlib import Path

import pytest

from factions.errors import ParseError
from factions.ingest import load_document, load_text
from factions.ingest.sniff import detect_format

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_html_meta_tags_and_trafilatura_body():
    doc = load_document(FIXTURES / "news_page.html")
    assert doc.extraction_path == "trafilatura"
    assert doc.title == "Militia coalition splits over ceasefire talks"
    assert (doc.author, doc.outlet, doc.section) == ("Karim Haddad", "Northern Observer", "Middle East")
    assert doc.published == "2016-05-04"
    assert doc.url == "https://observer.example.org/2016/05/coalition-splits"
    assert doc.text.startswith("The Northern Shield coalition broke apart on Tuesday")
    assert doc.text.count("\n\n") == 3  # four paragraphs, blank-line separated
    for chrome in ("tracking", "color: black", "Home", "Subscribe", "All rights reserved", "Most read"):
        assert chrome not in doc.text
    assert doc.title not in doc.text


def test_html_meta_wins_over_text_heuristics():
    html = ("<html><head><meta name='author' content='By Karim Haddad'>"
            "<meta property='og:site_name' content='Northern Observer'>"
            "<meta name='date' content='2016-05-04'></head><body><article><h1>Truce talks collapse in the valley</h1>"
            "<p>By Someone Else</p><p>Talks between the two militias collapsed on Tuesday, officials said, "
            "after a night of shelling in the valley towns.</p><p>Both sides accused the other of breaking "
            "the truce that tribal elders had brokered last month.</p></article></body></html>")
    doc = load_text(html, name="page.html")
    assert (doc.author, doc.outlet, doc.published) == ("Karim Haddad", "Northern Observer", "2016-05-04")


def test_html_archive_copy_keeps_original_and_reprint_apart():
    doc = load_document(FIXTURES / "archive_page.html")
    # The page's own meta describe the archive; the source line names the original report.
    assert (doc.author, doc.outlet, doc.published) == ("Lina Farouk", "Coastal Daily News", "2015-06-15")
    assert (doc.republished_by, doc.republished) == ("Coastal Rights Archive", "2015-06-20")
    assert doc.title == "Local council accuses armed group of seizing aid convoy"  # not the generic <title>
    assert "[Source:" not in doc.text and "Title 17" not in doc.text and "Archive | Search" not in doc.text


def test_malformed_html_still_gives_text():
    doc = load_document(FIXTURES / "malformed.html")
    assert doc.extraction_path in ("trafilatura", "html-fallback")
    assert "Clashes erupted between two rival factions" in doc.text
    assert "mediate between the groups" in doc.text
    assert "<" not in doc.text and "</span>" not in doc.text


def test_html_fallback_when_trafilatura_fails(monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "extract", broken)
    doc = load_document(FIXTURES / "news_page.html")
    assert doc.extraction_path == "html-fallback"
    assert doc.text.startswith("The Northern Shield coalition broke apart on Tuesday")
    assert "Wadi Hamra" in doc.text
    for chrome in ("tracking", "Home", "Subscribe", "All rights reserved", "Most read"):
        assert chrome not in doc.text
    assert doc.author == "Karim Haddad"


def test_html_fallback_when_trafilatura_finds_nothing():
    doc = load_text("<html><body><p>Short one.</p><div>Fighters withdrew from the hill at dawn.</div>"
                    "</body></html>", name="tiny.html")
    assert "Fighters withdrew from the hill at dawn." in doc.text


@pytest.mark.parametrize("html", [
    "<html><head><script>var a = 1;</script><style>p {}</style></head><body><nav>x</nav></body></html>",
    "<html><body>   </body></html>",
    "<!DOCTYPE html><html></html>",
])
def test_html_without_readable_text_is_a_parse_error(html):
    with pytest.raises(ParseError) as err:
        load_text(html, name="empty.html")
    assert err.value.path == "empty.html"
    assert "\n" not in err.value.one_line()


def test_txt_that_is_html_is_sniffed(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text((FIXTURES / "news_page.html").read_text(encoding="utf-8"), encoding="utf-8")
    doc = load_document(page)
    assert doc.extraction_path == "trafilatura"
    assert doc.author == "Karim Haddad"


def test_xhtml_with_xml_declaration(tmp_path):
    page = tmp_path / "page.xhtml"
    page.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
                    'xml:lang="en"><head><title>Convoy attacked</title></head><body><p>A convoy of the Border '
                    'Guards was attacked near the crossing on Sunday, officials said, and two guards were '
                    'wounded.</p></body></html>', encoding="utf-8")
    doc = load_document(page)
    assert "A convoy of the Border Guards was attacked" in doc.text


def test_markdown_blog_post():
    doc = load_document(FIXTURES / "blog_post.md")
    assert doc.extraction_path == "markdown"
    assert doc.title == "Who arms the Valley Front?"
    assert (doc.published, doc.outlet) == ("2015-03-01", "Frontline Notes")
    assert doc.text.startswith("The Valley Front has grown")
    # Markup undone: emphasis, links (text kept), images (dropped), heading markers.
    for markup in ("**", "](", "![", "convoy.jpg", "#", "_Frontline", "Published 2015"):
        assert markup not in doc.text
    assert "A recent video shows" in doc.text  # link text kept, soft-wrapped lines joined
    assert "\n\n    We receive nothing from abroad." in doc.text  # a block quote stays a quote
    for chrome in ("Home | About", "Subscribe", "Follow us"):
        assert chrome not in doc.text


def test_markdown_front_matter_and_setext_heading():
    md = ("---\ntitle: Brigade joins the Southern Front\nauthor: Sam Lee\ndate: 2016-02-03\n"
          "publisher: Field Notes\n---\n\nBrigade joins the Southern Front\n================================\n\n"
          "The Yarmouk Brigade said on Wednesday that it had joined the Southern Front, a coalition of "
          "rebel factions in Daraa province.\n\n* one item\n* another item\n")
    doc = load_text(md, name="note.md")
    assert (doc.title, doc.author, doc.published, doc.outlet) == (
        "Brigade joins the Southern Front", "Sam Lee", "2016-02-03", "Field Notes")
    assert doc.text.startswith("The Yarmouk Brigade said on Wednesday")
    assert "=====" not in doc.text and "title:" not in doc.text


def test_broken_front_matter_does_not_stop_the_report():
    doc = load_text("---\ntitle: [unclosed\n---\n\nRebels took the hill on Monday after a night of shelling, "
                    "residents said.\n", name="x.md")
    assert doc.text == "Rebels took the hill on Monday after a night of shelling, residents said."


@pytest.mark.parametrize("name, text, fmt", [
    ("a.html", "plain words", "html"),
    ("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("a.txt", "  \n<html lang='en'><body>x</body></html>", "html"),
    ("a.txt", "# Not markdown in a .txt\n\n[Source: X, 07Oct14]", "text"),
    ("a.md", "Plain words", "markdown"),
    ("report", "# Heading\n\nSome [link](http://x.org) text.", "markdown"),
    ("report", "<div><p>One</p><p>Two</p><br></div>", "html"),
    ("report", "Rebels took the hill.", "text"),
    ("report.dat", "Rebels took the hill.", "text"),
])
def test_detect_format(name, text, fmt):
    assert detect_format(name, text) == fmt


def test_explicit_format_overrides_sniffing():
    doc = load_text("# Rebels took the hill on Monday after heavy shelling, residents said.", fmt="text")
    assert doc.extraction_path == "text"


def test_markdown_subheading_is_not_the_title():
    doc = load_text("Rebels took the hill on Monday after a night of shelling, residents said.\n\n## Background\n\n"
                    "The hill overlooks the main road to the coast.\n", name="x.md")
    assert doc.title is None
    assert "Background" in doc.text
