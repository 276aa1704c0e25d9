"""Node-link JSON export of the built graph, for web tools (d3-force, vis-network, sigma, ...).

The document is networkx's node-link form with the edge list under ``links`` (d3's convention):
``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., ...}],
"links": [{"source": ..., "target": ..., "key": ..., "kind": ..., ...}]}``. Nodes keep every attribute
with lists as JSON lists (aliases, sources, quotes); nodes and links are sorted and keys are sorted, so
the file is byte-identical from build to build. A link's ``source`` is its start node, so the edge
attribute ``source`` (the article an edge comes from) is written as ``sourceArticle``. Load it back with
``nx.node_link_graph(data, edges="links")``.

>>> from alumnigraph.analysis.example import example_graph
>>> data = nodelink_data(example_graph())
>>> data["nodes"][0]["id"], data["links"][0]["kind"]
('id/company/x', 'alumniGroupOf')
>>> nodelink_data(nx.MultiDiGraph([("a", "b", {"source": "source/001"})]))["links"][0]["sourceArticle"]
'source/001'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from .atomic import write_atomic

EDGES = "links"
"""The key of the edge list in the document."""

RENAMED_EDGE_ATTRIBUTES = {"source": "sourceArticle", "target": "targetAttribute", "key": "keyAttribute"}
"""Edge attributes that would clash with the link's own fields, and the names they are written under."""


def nodelink_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link dictionary of ``graph``, nodes and links in sorted order.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("b", "a"), ("a", "b")])
    >>> [(link["source"], link["target"]) for link in nodelink_data(g)["links"]]
    [('a', 'b'), ('b', 'a')]
    """
    ordered = nx.MultiDiGraph()
    ordered.graph.update(graph.graph)
    ordered.add_nodes_from(sorted(graph.nodes(data=True)))
    for u, v, k, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        ordered.add_edge(u, v, key=k, **{RENAMED_EDGE_ATTRIBUTES.get(a, a): value for a, value in data.items()})
    return nx.node_link_data(ordered, edges=EDGES)


def nodelink_text(graph: nx.MultiDiGraph) -> str:
    """The JSON document (UTF-8 text, sorted keys, one-space indent, final newline).

    >>> import networkx as nx
    >>> print(nodelink_text(nx.MultiDiGraph()), end="")
    {
     "directed": true,
     "graph": {},
     "links": [],
     "multigraph": true,
     "nodes": []
    }
    """
    return json.dumps(nodelink_data(graph), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_nodelink(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` as node-link JSON, atomically.

    >>> import tempfile
    >>> from alumnigraph.analysis.example import example_graph
    >>> target = Path(tempfile.mkdtemp()) / "g.json"
    >>> write_nodelink(example_graph(), target)
    >>> nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")), edges="links").number_of_edges()
    12
    """
    write_atomic(path, nodelink_text(graph))
