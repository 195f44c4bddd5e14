"""GEXF 1.3 for Gephi: a dynamic graph with declared attributes and time spells (see graph.py).

Written here rather than by networkx, whose writer puts a multigraph's edge key in
every edge's attributes and declares nothing for the time spells. Every attribute
that nodes or edges carry is declared once with its type; nodes and edges get a
spell from the first to the last day the reports place them at, so Gephi's timeline
plays the graph forward; the graph is `mode="dynamic"` with `timeformat="date"`.
"""
from __future__ import annotations

import datetime as dt
from typing import IO, Any

from lxml import etree

from factions.export import graph
from factions.export.snapshot import Snapshot

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# What the element itself carries: not repeated as attvalues.
_NODE_OWN = {"label", "start", "end"}
_EDGE_OWN = {"id", "label", "weight", "start", "end"}


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _declare(parent: etree._Element, cls: str, rows: list[dict[str, Any]], own: set[str]) -> dict[str, str]:
    """<attributes class=cls> with one <attribute> per key the rows carry; returns key -> declared type."""
    types: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if key not in own:
                # A column that holds both numbers and text is text.
                types[key] = _type(value) if types.get(key, _type(value)) == _type(value) else "string"
    block = etree.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
    for key in sorted(types):
        etree.SubElement(block, "attribute", {"id": key, "title": key, "type": types[key]})
    return types


def _value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _fill(element: etree._Element, data: dict[str, Any], types: dict[str, str]) -> None:
    values = etree.SubElement(element, "attvalues")
    for key in sorted(k for k in data if k in types):
        etree.SubElement(values, "attvalue", {"for": key, "value": _value(data[key])})
    if data.get("start") or data.get("end"):
        spells = etree.SubElement(element, "spells")
        etree.SubElement(spells, "spell", {k: data[k] for k in ("start", "end") if data.get(k)})


def write(snap: Snapshot, out: IO[bytes]) -> int:
    g = graph.build(snap)
    root = etree.Element("gexf", nsmap={None: NS, "xsi": XSI}, version="1.3")
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {NS}/gexf.xsd")
    meta = etree.SubElement(root, "meta", lastmodifieddate=dt.date.today().isoformat())
    etree.SubElement(meta, "creator").text = "factions"
    etree.SubElement(meta, "description").text = g.graph["name"] + (
        f" as of {snap.as_of}" if snap.as_of else "")
    body = etree.SubElement(root, "graph", defaultedgetype="directed", mode="dynamic", timeformat="date",
                            timerepresentation="interval")
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(data=True))
    node_types = _declare(body, "node", [d for _, d in nodes], _NODE_OWN)
    edge_types = _declare(body, "edge", [d for _, _, d in edges], _EDGE_OWN)
    node_block = etree.SubElement(body, "nodes")
    for node, data in nodes:
        element = etree.SubElement(node_block, "node", id=str(node), label=str(data.get("label", node)))
        _fill(element, data, node_types)
    edge_block = etree.SubElement(body, "edges")
    for source, target, data in edges:
        element = etree.SubElement(edge_block, "edge", id=data["id"], source=str(source), target=str(target),
                                   label=str(data.get("label", "")), weight=str(float(data.get("weight", 1))))
        _fill(element, data, edge_types)
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return g.number_of_nodes() + g.number_of_edges()
