"""HTML reports: bibliographic meta tags, then the body by trafilatura, else by a plain fallback.

Meta tags are read first because they are the most reliable attribution a page has.
The body comes from trafilatura (precision-first, no comments); when it returns nothing
or fails, the text of <article>/<main>/<body> with page furniture removed is used; a page
nested deeper than libxml2's limit (2048) is read as a stream of tags instead, so that what
lies deep is kept. `path` records which one won. Paragraphs come back one per block,
separated by blank lines.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import lxml.etree
import lxml.html

from factions.errors import ParseError
from factions.ingest.attribution import Attribution
from factions.ingest.dates import parse_date

log = logging.getLogger(__name__)

# name/property/itemprop of <meta> (lowercased) -> Attribution field, in priority order per field.
_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "headline"),
    "author": ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author"),
    "published": ("article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "pubdate",
                  "publishdate", "publication_date", "og:published_time", "parsely-pub-date", "sailthru.date"),
    "outlet": ("og:site_name", "publisher", "dc.publisher", "application-name"),
    "url": ("og:url",),
    "section": ("article:section",),
}
_FURNITURE = ("script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "svg",
              "template", "button", "select", "figure")
_BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "pre", "tr", "table", "dd", "dt", "dl", "address", "center", "hr"}


@dataclass
class HtmlPage:
    text: str  # body text, paragraphs separated by blank lines
    path: str  # "trafilatura" or "html-fallback"
    title: str | None = None  # from meta tags: the page's own statement of its headline
    tag_title: str | None = None  # from <title>, often generic ('Archive copy'): used only if no headline is found
    language: str | None = None
    meta: Attribution = field(default_factory=Attribution)


def repair(html: str) -> str:
    """Undo the two input traps that make parsers lose a whole page."""
    # lxml refuses str input that carries an XML encoding declaration (XHTML): drop it.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    # An unclosed <title> swallows the rest of the page as title text: close it at its line end.
    if re.search(r"<title\b", html, re.I) and not re.search(r"</title\s*>", html, re.I):
        html = re.sub(r"(<title\b[^>]*>[^<\n]*)", r"\1</title>", html, count=1, flags=re.I)
    return html


def _parse_tree(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The page's tree, and whether it is too deep for libxml2 (which then drops what lies deeper)."""
    # huge_tree: nesting up to 2048 levels instead of 256 (generated pages nest deeply).
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        tree = None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return tree, too_deep


def _meta(tree: lxml.html.HtmlElement) -> tuple[Attribution, str | None, str | None, str | None]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = " ".join((el.get("content") or "").split())
        if key and value and key not in found:
            found[key] = value

    def first(name: str) -> str | None:
        return next((found[k] for k in _META_KEYS[name] if k in found), None)

    meta = Attribution()
    author = first("author")
    if author and not author.startswith(("http://", "https://")):  # article:author is often a profile URL
        meta.author = re.sub(r"^by\s+", "", author, flags=re.I)
    published = first("published")
    if not published:
        time_el = next((t for t in tree.iter("time") if t.get("datetime")), None)
        published = time_el.get("datetime") if time_el is not None else None
    meta.published = parse_date(published)
    meta.outlet = first("outlet")
    meta.section = first("section")
    canonical = next((link.get("href") for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower() and link.get("href")), None)
    meta.url = first("url") or canonical
    el = tree.find(".//title")
    raw = " ".join(el.text_content().split()) if el is not None else ""
    # '<title>Headline | Site</title>': the site part is chrome.
    parts = re.split(r"\s+[|–—-]\s+", raw)
    if len(parts) > 1 and meta.outlet and parts[-1].casefold() == meta.outlet.casefold():
        raw = " - ".join(parts[:-1])
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    language = lang.split("-")[0].lower() if lang else None
    return meta, first("title"), raw or None, language


def _by_trafilatura(html: str) -> str | None:
    import trafilatura  # imported here: the text and markdown paths do not need it

    try:
        body = trafilatura.extract(html, include_comments=False, favor_precision=True, include_tables=False)
    except Exception as exc:  # trafilatura is a fallback chain itself; any failure means "try ours"
        log.debug("trafilatura failed: %s", exc)
        return None
    if not body or not body.strip():
        return None
    # trafilatura puts one paragraph per line; the body text separates them by a blank line.
    return "\n\n".join(line.strip() for line in body.splitlines() if line.strip())


class _StreamText(HTMLParser):
    """Text of a page read as a stream of tags: no tree, so no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside furniture, or the <head>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FURNITURE or tag == "head":
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _FURNITURE or tag == "head":
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _by_stream(html: str) -> str:
    reader = _StreamText()
    reader.feed(html)
    reader.close()
    return _tidy("".join(reader.parts))


def _tidy(text: str) -> str:
    """Paragraphs separated by one blank line, spaces collapsed, stray tags dropped."""
    # Tag soup the parser kept as text ('<p unclosed <b>...') is markup, not words of the report.
    text = re.sub(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,200})?/?>", " ", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _by_fallback(tree: lxml.html.HtmlElement) -> str:
    root = next((found[0] for xpath in ("//article", "//main", "//body") if (found := tree.xpath(xpath))), tree)
    for el in list(root.iter(*_FURNITURE)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the element's tail text, which belongs to the parent
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    return _tidy(root.text_content())


def parse_html(html: str) -> HtmlPage:
    """Meta and body of an HTML page; ParseError when no readable text is left."""
    html = repair(html)
    tree, too_deep = _parse_tree(html)
    meta, title, tag_title, language = _meta(tree) if tree is not None else (Attribution(), None, None, None)
    text: str | None = None
    if too_deep:
        # Both tree readers would lose what is nested deeper than the parser's limit.
        text, path = _by_stream(html), "html-stream"
    else:
        text, path = _by_trafilatura(html), "trafilatura"
        if not text:
            text, path = (_by_fallback(tree) if tree is not None else ""), "html-fallback"
    if not re.search(r"[^\W\d_]{2,}", text):
        text, path = _by_stream(html), "html-stream"  # a page no tree reader could read
    if not re.search(r"[^\W\d_]{2,}", text):
        raise ParseError("no readable text in HTML")
    return HtmlPage(text=text, path=path, title=title, tag_title=tag_title, language=language, meta=meta)
