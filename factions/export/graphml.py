"""GraphML (Gephi, Cytoscape, yEd, igraph): the same graph as GEXF, dates as start/end attributes.

GraphML has no time model of its own; Gephi turns the start/end columns into a
timeline with Data Laboratory > Merge columns > Create time interval. Edge ids are
the graph's unique edge ids (networkx would otherwise write the multigraph key,
"fights_against", as the id of every such edge).
"""
from __future__ import annotations

from typing import IO

import networkx as nx

from factions.export import graph
from factions.export.snapshot import Snapshot


def write(snap: Snapshot, out: IO[bytes]) -> int:
    g = graph.build(snap)
    nx.write_graphml(g, out, named_key_ids=True, edge_id_from_attribute="id")
    return g.number_of_nodes() + g.number_of_edges()
