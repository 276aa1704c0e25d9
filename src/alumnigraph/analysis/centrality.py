"""Centrality measures of a projection, with their conventions spelled out.

Conventions (the igraph cross-check in ``tests/test_analysis_igraph.py`` follows them):

- ``degree``, ``in_degree``, ``out_degree``: *weighted* degree (strength), the sum of the weights of the
  edges at a node, i.e. how many relations / moves / shared organizations it has; not normalised.
  On undirected projections in- and out-degree equal degree. On ``full`` they follow the built
  directions (e.g. a company's in-degree counts the people who ``left``/``joined``/``worksFor`` it).
- ``betweenness``: unweighted shortest paths (hops; weights count ties, they are not distances),
  normalised as networkx does: divided by ``(n-1)(n-2)`` on directed graphs and ``(n-1)(n-2)/2`` on
  undirected ones, ``n`` the number of nodes of the projection.
- ``closeness``: unweighted distances *into* the node on directed graphs (how quickly flow reaches it),
  with the Wasserman–Faust correction for disconnected graphs: ``(r/(n-1)) * (r/Σd)``, ``r`` the number
  of nodes that reach it, ``Σd`` their total distance (0 when no node reaches it).
- ``eigenvector``: on the undirected, weighted form of the projection, restricted to its largest
  connected component (there the leading eigenvector is unique: Perron–Frobenius); unit Euclidean norm
  over that component, 0 for nodes outside it. Computed exactly with a dense symmetric eigensolver.
- ``pagerank``: damping 0.85, weighted, uniform teleport and uniform redistribution from dangling nodes,
  following directions only where the projection's ``directed_paths`` says so; sums to 1.

>>> from alumnigraph.analysis.example import example_graph
>>> from alumnigraph.analysis.projections import project
>>> flow = project(example_graph(), "talent-flow")
>>> betweenness(flow)["id/company/y"], closeness(flow)["id/company/z"]
(0.5, 0.6666666666666666)
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np

from .projections import Projection, undirected

DAMPING = 0.85
"""The PageRank damping factor."""

Scores = dict[str, float]


def degree(p: Projection) -> Scores:
    """Weighted degree: the sum of the weights at each node (in + out on directed projections).

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> degree(project(example_graph(), "talent-flow"))
    {'id/company/x': 2, 'id/company/y': 3, 'id/company/z': 1}
    """
    return dict(p.graph.degree(weight="weight"))


def _directed_degree(p: Projection, direction: str) -> Scores:
    g = p.graph
    if not g.is_directed():
        return degree(p)
    view = g.in_degree if direction == "in" else g.out_degree  # type: ignore[attr-defined]
    return dict(view(weight="weight"))


def in_degree(p: Projection) -> Scores:
    """Weighted in-degree (``degree`` on undirected projections).

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> in_degree(project(example_graph(), "talent-flow"))["id/company/y"]
    2
    """
    return _directed_degree(p, "in")


def out_degree(p: Projection) -> Scores:
    """Weighted out-degree (``degree`` on undirected projections).

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> sorted(out_degree(project(example_graph(), "full")).items())[-2:]  # Cai: left Y, joined Z; Dai: left X, in G
    [('id/person/cai', 2), ('id/person/dai', 2)]
    """
    return _directed_degree(p, "out")


def betweenness(p: Projection) -> Scores:
    """Normalised betweenness on hop-count shortest paths of ``p.path_graph``.

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> round(betweenness(project(example_graph(), "co-alumni"))["id/person/ann"], 6)  # bridges Cai
    0.666667
    """
    return nx.betweenness_centrality(p.path_graph, normalized=True, weight=None)


def closeness(p: Projection) -> Scores:
    """Closeness on hop counts (incoming on directed graphs), Wasserman–Faust scaled.

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> closeness(project(example_graph(), "co-alumni"))["id/person/cai"]
    0.6
    """
    return nx.closeness_centrality(p.path_graph, wf_improved=True)


def largest_component(graph: nx.Graph) -> set[str]:
    """The nodes of the largest connected component (ties: the one with the smallest node id).

    >>> sorted(largest_component(nx.Graph([("b", "c"), ("a", "d"), ("e", "f"), ("f", "g")])))
    ['e', 'f', 'g']
    """
    if graph.number_of_nodes() == 0:
        return set()
    return min(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))


def eigenvector(p: Projection) -> Scores:
    """Weighted eigenvector centrality of the largest component of the undirected projection.

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> ev = eigenvector(project(example_graph(), "talent-flow"))  # path X -2- Y -1- Z
    >>> [round(ev[n] ** 2, 6) for n in ("id/company/x", "id/company/y", "id/company/z")]
    [0.4, 0.5, 0.1]
    """
    g = undirected(p.graph) if p.graph.is_directed() else p.graph
    scores: Scores = dict.fromkeys(g.nodes, 0.0)
    component = sorted(largest_component(g))
    if len(component) == 1:
        scores[component[0]] = 1.0
    elif component:
        adjacency = nx.to_numpy_array(g, nodelist=component, weight="weight")
        _, vectors = np.linalg.eigh(adjacency)
        leading = np.abs(vectors[:, -1])
        scores.update(zip(component, (float(x) for x in leading / np.linalg.norm(leading)), strict=True))
    return scores


def pagerank(p: Projection) -> Scores:
    """Weighted PageRank (damping :data:`DAMPING`) of ``p.path_graph``, to 1e-12.

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> round(pagerank(project(example_graph(), "talent-flow"))["id/company/z"], 6)  # 343/723
    0.474412
    """
    g = p.path_graph
    if g.number_of_nodes() == 0:
        return {}
    return nx.pagerank(g, alpha=DAMPING, weight="weight", tol=1e-13, max_iter=100_000)


MEASURES: dict[str, Callable[[Projection], Scores]] = {
    "degree": degree,
    "in_degree": in_degree,
    "out_degree": out_degree,
    "betweenness": betweenness,
    "closeness": closeness,
    "eigenvector": eigenvector,
    "pagerank": pagerank,
}
"""Measure name → function of a projection."""

INTEGER_MEASURES = frozenset({"degree", "in_degree", "out_degree"})
"""Measures whose values are whole numbers (weights are counts)."""


def measure_name(name: str) -> str:
    """The canonical measure name: ``in-degree`` and ``in_degree`` are the same measure.

    >>> measure_name("In-Degree")
    'in_degree'
    >>> measure_name("fame")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown measure 'fame': choose from degree, in_degree, ..., pagerank
    """
    canonical = name.strip().lower().replace("-", "_")
    if canonical not in MEASURES:
        raise ValueError(f"unknown measure {name!r}: choose from {', '.join(MEASURES)}")
    return canonical


def centralities(p: Projection, measures: list[str] | None = None) -> dict[str, Scores]:
    """Measure name → node → value, for ``measures`` (default: all of :data:`MEASURES`).

    >>> from alumnigraph.analysis.example import example_graph
    >>> from alumnigraph.analysis.projections import project
    >>> sorted(centralities(project(example_graph(), "full"), ["degree"])["degree"].items())[:2]
    [('id/company/x', 4), ('id/company/y', 4)]
    """
    return {m: MEASURES[measure_name(m)](p) for m in (measures or list(MEASURES))}
