"""Vetting reports for people: terminal text, Markdown, self-contained HTML, PDF (from the HTML).

Every string that comes from a document is escaped in HTML; the HTML carries its own
CSS and no external asset, so it opens in an air-gapped browser and prints as is.
"""
from __future__ import annotations

import html
from typing import Any

from factions.errors import FactionsError

TEXT_CLAIMS = 4  # per side of a link in the terminal; the other formats list every claim
LEVEL_COLOURS = {"designated": "#8b0000", "high": "#c0392b", "elevated": "#d35400", "low": "#7f8c8d",
                 "no adverse findings": "#27ae60"}


def _mods(c: dict[str, Any]) -> str:
    mods = []
    if c["negated"]:
        mods.append("NEGATED")
    if c["hedged"]:
        mods.append("hedged")
    if c["attributed_to"]:
        mods.append(f"according to {c['attributed_to']}")
    return f" [{'; '.join(mods)}]" if mods else ""


def _total(link: dict[str, Any], side: str) -> int:
    """How many claims the link has on that side: a report made with claims_per_link lists fewer."""
    return link.get(f"{side}_total", len(link[side]))


def _unlisted(link: dict[str, Any]) -> str:
    more = [f"{_total(link, s) - len(link[s])} more {s}" for s in ("claims", "contradicting")
            if _total(link, s) > len(link[s])]
    return f"Not listed here: {' and '.join(more)} (the strength weighs them all)." if more else ""


def render_text(r: dict[str, Any]) -> str:
    lines = [f"VETTING {r['actor']} as of {r['as_of']} (paths up to {r['hops']} hops)",
             f"verdict: {r['level'].upper()}", ""]
    lines += [f"  - {x}" for x in r["reasons"]]
    if r["designations"]:
        lines += ["", "own designations:"]
        lines += [f"  {d['list']}: {d['name']} (listed {d['listed'] or '?'}"
                  f"{', removed ' + d['removed'] if d['removed'] else ''})" for d in r["designations"]]
    for lk in r["links"]:
        lines += ["", f"link: {' -> '.join(lk['path'])}  (strength {lk['strength']:.2f}; "
                      f"{lk['designated']['name']} listed on {lk['designated']['list']} since "
                      f"{lk['designated']['listed'] or '?'})"]
        for sign, side in (("+", "claims"), ("-", "contradicting")):
            claims = lk[side]
            for c in claims[:TEXT_CLAIMS]:
                lines.append(f"  {sign} {c['date'] or '????'} {c['subject']} {c['predicate']} {c['object']}{_mods(c)}"
                             f" — {c['outlet'] or c['document']}")
                lines.append(f"      \u201c{c['evidence']}\u201d")
            total = _total(lk, side)
            if total > TEXT_CLAIMS:
                lines.append(f"  {sign} ... and {total - TEXT_CLAIMS} more (--format json, md or html lists all)")
    for d in r["discrepancies"]:
        lines += ["", "discrepancy:", f"  the report: \u201c{d['claim']['evidence']}\u201d "
                                      f"({d['claim']['outlet']}, {d['claim']['date']})", f"  the record: {d['record']}"]
    for c in r["caveats"]:
        lines += ["", f"caveat: {c['list']} {c['name']} — {c['explanation']}"]
    cov = r["coverage"]
    lines += ["", f"coverage: {cov['documents']} documents, {cov['first'] or '-'} to {cov['last'] or '-'}"]
    return "\n".join(lines) + "\n"


def render_markdown(r: dict[str, Any]) -> str:
    out = [f"# Vetting: {r['actor']}", "", f"**As of** {r['as_of']} · **verdict: {r['level']}** · paths up to "
           f"{r['hops']} hops", "", "## Reasons", ""]
    out += [f"- {x}" for x in r["reasons"]]
    if r["designations"]:
        out += ["", "## Own designations", "", "| list | entry | listed | removed |", "|---|---|---|---|"]
        out += [f"| {d['list']} | {d['name']} | {d['listed'] or ''} | {d['removed'] or ''} |"
                for d in r["designations"]]
    if r["links"]:
        out += ["", "## Links to designated actors"]
    for lk in r["links"]:
        out += ["", f"### {' → '.join(lk['path'])}", "",
                f"{lk['designated']['name']} is on {lk['designated']['list']} since {lk['designated']['listed']}; "
                f"strength {lk['strength']:.2f} from {lk['independent_documents']} independent documents.", ""]
        for c in lk["claims"]:
            out.append(f"- **{c['date'] or '?'}** {c['subject']} *{c['predicate']}* {c['object']}{_mods(c)} — "
                       f"{c['outlet'] or c['document']}: > {c['evidence']}")
        for c in lk["contradicting"]:
            out.append(f"- ~~contradicts~~ **{c['date'] or '?'}** {c['subject']} *{c['predicate']}* {c['object']}"
                       f"{_mods(c)} — {c['outlet'] or c['document']}: > {c['evidence']}")
        if _unlisted(lk):
            out += ["", f"*{_unlisted(lk)}*"]
    if r["discrepancies"]:
        out += ["", "## Claims against the record", ""]
        out += [f"- The report ({d['claim']['outlet']}, {d['claim']['date']}): \u201c{d['claim']['evidence']}\u201d  "
                f"\n  The record: {d['record']}" for d in r["discrepancies"]]
    if r["caveats"]:
        out += ["", "## Caveats", ""] + [f"- {c['list']} {c['name']}: {c['explanation']}" for c in r["caveats"]]
    cov = r["coverage"]
    out += ["", f"*Coverage: {cov['documents']} documents, {cov['first'] or '-'} to {cov['last'] or '-'}.*", ""]
    return "\n".join(out)


def render_html(r: dict[str, Any]) -> str:
    e = html.escape
    colour = LEVEL_COLOURS.get(r["level"], "#333")

    def claim_row(c: dict[str, Any], kind: str) -> str:
        return (f"<tr class='{kind}'><td>{e(c['date'] or '?')}</td><td>{e(c['subject'])} <b>{e(c['predicate'])}</b>"
                f" {e(c['object'])}{e(_mods(c))}</td><td>{e(c['outlet'] or c['document'] or '')}</td>"
                f"<td class='ev'>{e(c['evidence'])}</td></tr>")

    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Vetting: {e(r['actor'])} as of {e(r['as_of'])}</title>",
        "<style>body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}"
        "h1{margin-bottom:.2rem}.level{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;color:#fff;"
        f"background:{colour};font-weight:bold;text-transform:uppercase}}table{{border-collapse:collapse;width:100%;"
        "margin:.5rem 0}td,th{border-top:1px solid #ddd;padding:.3rem;vertical-align:top;text-align:left}"
        ".ev{font-style:italic}.contra td{color:#8b0000}.meta{color:#666}@media print{body{margin:0}}</style>",
        "</head><body>",
        f"<h1>Vetting: {e(r['actor'])}</h1><p class='meta'>as of {e(r['as_of'])} · paths up to {r['hops']} hops</p>",
        f"<p><span class='level'>{e(r['level'])}</span></p><h2>Reasons</h2><ul>",
        *[f"<li>{e(x)}</li>" for x in r["reasons"]], "</ul>"]
    if r["designations"]:
        parts += ["<h2>Own designations</h2><table><tr><th>list</th><th>entry</th><th>listed</th><th>removed</th></tr>",
                  *[f"<tr><td>{e(d['list'])}</td><td>{e(d['name'])}</td><td>{e(d['listed'] or '')}</td>"
                    f"<td>{e(d['removed'] or '')}</td></tr>" for d in r["designations"]], "</table>"]
    for lk in r["links"]:
        parts += [f"<h2>{e(' → '.join(lk['path']))}</h2><p>{e(lk['designated']['name'])} is on "
                  f"{e(lk['designated']['list'])} since {e(lk['designated']['listed'] or '?')}; strength "
                  f"{lk['strength']:.2f} from {lk['independent_documents']} independent documents.</p>",
                  "<table><tr><th>date</th><th>claim</th><th>source</th><th>evidence</th></tr>",
                  *[claim_row(c, "support") for c in lk["claims"]],
                  *[claim_row(c, "contra") for c in lk["contradicting"]], "</table>",
                  f"<p class='meta'>{e(_unlisted(lk))}</p>" if _unlisted(lk) else ""]
    if r["discrepancies"]:
        parts += ["<h2>Claims against the record</h2><ul>",
                  *[f"<li>The report ({e(d['claim']['outlet'] or '')}, {e(d['claim']['date'] or '')}): "
                    f"<i>{e(d['claim']['evidence'])}</i><br>The record: {e(d['record'])}</li>"
                    for d in r["discrepancies"]], "</ul>"]
    if r["caveats"]:
        parts += ["<h2>Caveats</h2><ul>", *[f"<li>{e(c['list'])} {e(c['name'])}: {e(c['explanation'])}</li>"
                                           for c in r["caveats"]], "</ul>"]
    cov = r["coverage"]
    parts.append(f"<p class='meta'>Coverage: {cov['documents']} documents, {e(cov['first'] or '-')} to "
                 f"{e(cov['last'] or '-')}.</p></body></html>")
    return "\n".join(parts)


def render_pdf(r: dict[str, Any]) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the system's pango/cairo libraries are missing
        raise FactionsError(f"PDF output needs WeasyPrint and its system libraries: {exc}") from exc
    return HTML(string=render_html(r)).write_pdf()
