"""Which reader a report needs: html, markdown or text, from its suffix and its first bytes.

The suffix is trusted for HTML and markdown, but a .txt (or suffix-less) file that
starts like an HTML document is HTML: archives often save pages under .txt.
"""
from __future__ import annotations

import re

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
REPORT_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | TEXT_SUFFIXES
# Structured data that a folder of reports often holds beside them (gold files, exports):
# loading one as a report would put its JSON or CSV into the store as a "document".
DATA_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".yaml", ".yml", ".toml", ".ini",
                           ".cfg", ".py", ".js", ".css", ".sql", ".db", ".sqlite", ".parquet", ".pkl"})
# Project documentation that sits in report folders ('samples/README.md') is not a report.
DOC_STEMS = frozenset({"readme", "license", "licence", "changelog", "contributing", "authors", "copying"})
FORMATS = ("html", "markdown", "text")

_HTML_START = re.compile(r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:body|p|div|article|br|h[1-6]|span|a\s)[\s>/]", re.I)
_MD_SIGNS = re.compile(r"^(?:#{1,6}\s+\S|---\s*\n\w+\s*:|\s*>\s)|\[[^\]\n]+\]\([^)\s]+\)|^\s*[-*]\s+\[", re.M)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text.lstrip("\ufeff \t\r\n")[:2048]))


def detect_format(name: str, text: str) -> str:
    """'html', 'markdown' or 'text' for a report called `name` with content `text`."""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name.rsplit("/", 1)[-1] else ""
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text[:4096]
    if len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if len(_MD_SIGNS.findall(head)) >= 2 or head.lstrip().startswith("# "):
        return "markdown"
    return "text"
