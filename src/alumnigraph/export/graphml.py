"""GraphML export of the networkx graph, for Gephi, igraph and yEd.

GraphML holds only scalar attributes: lists (aliases, sources, quotes) are written as JSON text,
and every node gets a ``label`` that shows both names.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("id/person/a", label_zh="甲", label_en="A", aliases=["老甲"])
>>> flat = graphml_ready(g)
>>> flat.nodes["id/person/a"]["label"], flat.nodes["id/person/a"]["aliases"]
('A / 甲', '["老甲"]')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from .atomic import write_atomic


def _scalar(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: _scalar(v) for k, v in sorted(attrs.items()) if v is not None}


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` with only GraphML-safe attribute values, nodes and edges in sorted order."""
    out = nx.MultiDiGraph()
    out.graph.update({k: graph.graph[k] for k in ("version", "content_hash") if k in graph.graph})
    for n, data in sorted(graph.nodes(data=True)):
        attrs = _flat(data)
        if "label_en" in data:
            attrs["label"] = f"{data['label_en']} / {data['label_zh']}"
        out.add_node(n, **attrs)
    for u, v, k, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=k, **_flat(data))
    return out


def graphml_text(graph: nx.MultiDiGraph) -> str:
    """The GraphML document."""
    return "\n".join(nx.generate_graphml(graphml_ready(graph), named_key_ids=True, edge_id_from_attribute=None)) + "\n"


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as GraphML, atomically."""
    write_atomic(path, graphml_text(graph))
