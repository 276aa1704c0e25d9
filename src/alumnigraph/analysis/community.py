"""Communities: Louvain on the undirected, weighted form of a projection, with a fixed seed.

Communities are numbered from 1 by decreasing size, ties broken by their smallest node id, so the
numbering is stable from run to run. Nodes without edges are communities of their own.

>>> import networkx as nx
>>> two_triangles = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
>>> louvain(two_triangles)
[{1, 2, 3}, {4, 5, 6}]
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from .projections import Projection, undirected

SEED = 20240402
"""The Louvain seed (fixed, so communities are the same on every run)."""


def louvain(graph: nx.Graph, seed: int = SEED) -> list[set[Hashable]]:
    """Louvain communities of an undirected weighted graph, largest first.

    >>> [sorted(c) for c in louvain(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))]
    [['c', 'd', 'e'], ['a', 'b']]
    """
    found = nx.community.louvain_communities(graph, weight="weight", resolution=1, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def communities(p: Projection, seed: int = SEED) -> list[set[str]]:
    """Louvain communities of a projection (directions dropped, weights summed), largest first.

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> [sorted(c) for c in communities(project(example_graph(), "co-alumni"))]
    [['id/person/ann', 'id/person/bo', 'id/person/cai', 'id/person/dai']]
    """
    g = undirected(p.graph) if p.graph.is_directed() else p.graph
    return louvain(g, seed)  # type: ignore[return-value]


def membership(found: list[set[str]]) -> dict[str, int]:
    """Node → community number (1 = the largest community).

    >>> membership([{"a", "b"}, {"c"}])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {n: i for i, c in enumerate(found, start=1) for n in sorted(c)}


def modularity(p: Projection, found: list[set[str]]) -> float:
    """The weighted modularity of a partition of the projection (undirected form).

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> flow = project(example_graph(), "talent-flow")
    >>> round(modularity(flow, [{"id/company/x", "id/company/y"}, {"id/company/z"}]), 6)  # 2/3-(5/6)²-(1/6)²
    -0.055556
    """
    g = undirected(p.graph) if p.graph.is_directed() else p.graph
    return nx.community.modularity(g, found, weight="weight")
