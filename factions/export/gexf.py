"""GEXF 1.2 for Gephi: a dynamic graph whose nodes and edges carry start/end dates (see graph.py)."""
from __future__ import annotations

from typing import IO

import networkx as nx

from factions.export import graph
from factions.export.snapshot import Snapshot


def write(snap: Snapshot, out: IO[bytes]) -> int:
    g = graph.build(snap)
    # mode=dynamic with timeformat=date: Gephi's timeline then filters the graph by day.
    g.graph["mode"] = "dynamic"
    nx.write_gexf(g, out, version="1.2draft")
    return g.number_of_nodes() + g.number_of_edges()
