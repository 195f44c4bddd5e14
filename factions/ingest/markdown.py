"""Markdown reports -> plain lines, a title and front-matter attribution.

Only the markup that would otherwise end up in the body text is undone: heading
markers, emphasis, links (their text is kept), images (dropped), block quotes (kept
as indented quotes, like quote blocks of plain-text reports), rules and reference
definitions. A YAML front-matter block gives attribution like HTML meta tags do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from factions.ingest.attribution import Attribution
from factions.ingest.dates import parse_date

_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(?P<text>.*)$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]\s|\d{1,3}[.)]\s)")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),  # images: no text to keep
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # <https://...>
    (re.compile(r"<br\s*/?>", re.I), " "),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **strong**
    (re.compile(r"(?<![\w*\\])\*(?=\S)(.+?)(?<=[^\s\\])\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=[^\s\\])_(?!\w)"), r"\1"),  # _emphasis_, not snake_case
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
)
_FRONT_KEYS = {"author": ("author", "authors", "byline"), "outlet": ("outlet", "publisher", "source", "site"),
               "published": ("published", "date", "pubdate"), "section": ("section", "category", "categories"),
               "url": ("url", "canonical", "link")}


@dataclass
class MarkdownDoc:
    text: str  # plain text; the title heading stays in it as a plain line, for chrome removal to anchor on
    title: str | None = None
    meta: Attribution = field(default_factory=Attribution)


def inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _front_matter(md: str) -> tuple[dict[str, object], str]:
    m = _FRONT.match(md)
    if not m:
        return {}, md
    try:
        data = yaml.safe_load(m.group("body"))
    except yaml.YAMLError:
        data = None  # a broken block is still front matter: drop it, keep the report
    return (data if isinstance(data, dict) else {}), md[m.end():]


def _scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v is not None)
    return " ".join(str(value).split()) or None


def markdown_to_text(md: str) -> MarkdownDoc:
    data, md = _front_matter(md.replace("\r\n", "\n"))
    meta = Attribution()
    lowered = {str(k).lower(): v for k, v in data.items()}
    for name, keys in _FRONT_KEYS.items():
        value = next((_scalar(lowered[k]) for k in keys if lowered.get(k) is not None), None)
        setattr(meta, name, parse_date(value) if name == "published" and value else value)
    title = _scalar(lowered.get("title"))

    # Consecutive lines of a markdown paragraph are one paragraph (soft line breaks): they are
    # joined here, so plain-text re-flow heuristics never have to guess.
    out: list[str] = []
    para: list[str] = []
    para_quote = False

    def flush() -> None:
        nonlocal para
        if para:
            out.extend([("    " if para_quote else "") + " ".join(para), ""])
            para = []

    lines = md.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        heading = _ATX.match(line)
        if heading or (line.strip() and not para and _SETEXT.match(nxt) and not _RULE.match(line)
                       and not _QUOTE.match(line) and not _SETEXT.match(line)):
            flush()
            text = inline(heading.group("text") if heading else line.strip())
            if not any(out):  # a heading above all text is the title; later ones are subheadings
                title = title or text
            out.extend([text, ""])  # a heading is a paragraph of its own
            continue
        if _SETEXT.match(line) and out and out[-1] == "" and not para:
            continue  # the underline of a setext heading
        if not line.strip() or _RULE.match(line) or _REF_DEF.match(line) or _TABLE_RULE.match(line):
            flush()
            continue
        if line.lstrip().startswith("|"):
            flush()  # a table row stays a line of its own
            out.extend([inline(line.strip()), ""])
            continue
        quote = _QUOTE.match(line)
        text = inline(quote.group("text") if quote else line).strip()
        if not text:
            flush()
            continue
        if para and (bool(quote) != para_quote or _LIST_ITEM.match(text) or line.endswith("  ")):
            flush()  # a new list item, a quote boundary or a hard line break ends the paragraph
        para_quote = bool(quote)
        para.append(text)
    flush()
    return MarkdownDoc(text="\n".join(out), title=title, meta=meta)
