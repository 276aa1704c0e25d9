"""Every measure of every projection of the real graph agrees with igraph to 1e-6.

igraph is an independent implementation; the conventions of ``alumnigraph.analysis.centrality`` are
reproduced on its side: weighted degree (strength); betweenness on hops, normalised by (n-1)(n-2)
(directed) or (n-1)(n-2)/2 (undirected); closeness on incoming hops times the Wasserman–Faust factor
r/(n-1); eigenvector on the largest component of the undirected weighted graph, unit norm; PageRank
0.85 with weights. For ``full`` igraph starts from the built multigraph itself and collapses it on its own.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import igraph as ig
import pytest
from rdflib import RDF

from alumnigraph.analysis import PROJECTIONS, centralities, project
from alumnigraph.build import KnowledgeGraph
from alumnigraph.vocab import AG

TOLERANCE = 1e-6


@dataclass
class IgraphView:
    """The igraph graphs a projection's measures run on, with node names."""

    degrees: ig.Graph  # directed or not, possibly with parallel edges; weights in "weight"
    paths: ig.Graph  # what betweenness, closeness and PageRank run on
    directed_paths: bool

    @property
    def names(self) -> list[str]:
        return self.degrees.vs["_nx_name"]


def _weighted(g: ig.Graph) -> ig.Graph:
    if "weight" not in g.es.attributes():
        g.es["weight"] = [1] * g.ecount()
    g.delete_edges([e.index for e in g.es if e.is_loop()])
    return g


def _undirected(g: ig.Graph) -> ig.Graph:
    out = g.copy()
    if out.is_directed():
        out.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
    return out


def igraph_view(kg: KnowledgeGraph, name: str) -> IgraphView:
    if name == "full":
        multi = _weighted(ig.Graph.from_networkx(kg.graph))  # parallel edges kept: igraph collapses them itself
        return IgraphView(degrees=multi, paths=_undirected(multi), directed_paths=False)
    p = project(kg.graph, name)
    g = _weighted(ig.Graph.from_networkx(p.graph))
    return IgraphView(degrees=g, paths=g if p.directed_paths else _undirected(g), directed_paths=p.directed_paths)


def igraph_measures(view: IgraphView) -> dict[str, list[float]]:
    g, paths = view.degrees, view.paths
    n = paths.vcount()
    directed = view.directed_paths
    scale = (n - 1) * (n - 2) if directed else (n - 1) * (n - 2) / 2
    betweenness = [b / scale for b in paths.betweenness(directed=directed, weights=None)]
    mode = "in" if directed else "all"
    reach = [len(paths.subcomponent(v, mode=mode)) - 1 for v in range(n)]
    closeness = [0.0 if r == 0 else c * r / (n - 1)
                 for c, r in zip(paths.closeness(mode=mode, weights=None, normalized=True), reach, strict=True)]
    undirected = _undirected(g)
    parts = undirected.connected_components()
    giant = min(parts, key=lambda c: (-len(c), min(undirected.vs[i]["_nx_name"] for i in c)))
    sub = undirected.induced_subgraph(giant)
    ev = sub.eigenvector_centrality(weights="weight") if sub.ecount() else [1.0]
    norm = math.sqrt(sum(x * x for x in ev))
    eigenvector = [0.0] * n
    for index, value in zip(giant, ev, strict=True):
        eigenvector[index] = value / norm
    return {
        "degree": g.strength(mode="all", weights="weight", loops=False),
        "in_degree": g.strength(mode="in", weights="weight", loops=False),
        "out_degree": g.strength(mode="out", weights="weight", loops=False),
        "betweenness": betweenness,
        "closeness": closeness,
        "eigenvector": eigenvector,
        "pagerank": paths.pagerank(directed=directed, damping=0.85, weights="weight"),
    }


@pytest.fixture(scope="module")
def ours(kg: KnowledgeGraph) -> dict[str, dict[str, dict[str, float]]]:
    return {name: centralities(project(kg.graph, name)) for name in PROJECTIONS}


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_measures_agree_with_igraph(kg: KnowledgeGraph, ours: dict, name: str) -> None:
    view = igraph_view(kg, name)
    assert view.paths.vs["_nx_name"] == view.names  # same vertex order in both igraph graphs
    theirs = igraph_measures(view)
    mine = ours[name]
    assert set(mine) == set(theirs)
    assert len(view.names) == len(mine["degree"]) > 10
    for measure, values in theirs.items():
        expected = dict(zip(view.names, values, strict=True))
        assert set(expected) == set(mine[measure]), measure
        worst = max(abs(mine[measure][n] - expected[n]) for n in expected)
        assert worst < TOLERANCE, f"{name} {measure}: off by {worst}"


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_pagerank_sums_to_one_and_eigenvector_lives_on_a_component(ours: dict, name: str) -> None:
    m = ours[name]
    assert sum(m["pagerank"].values()) == pytest.approx(1.0, abs=1e-9)
    assert sum(x * x for x in m["eigenvector"].values()) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("name", ["full", "affiliation"])
def test_measures_are_not_degenerate(ours: dict, name: str) -> None:
    """The comparison above means something: on the big projections every measure varies."""
    for measure, values in ours[name].items():
        assert len(set(values.values())) > 2, measure


def test_talent_flow_weights_count_the_moves_in_rdf(kg: KnowledgeGraph) -> None:
    """Independently of the networkx edges: count ag:Move nodes with both ends in the RDF."""
    moves = {s for s, p, o in kg.triples() if p == RDF.type and o == AG.Move}
    ends: dict[object, dict[str, str]] = {m: {} for m in moves}
    for s, p, o in kg.triples():
        if s in ends and p in (AG.fromOrganization, AG.toOrganization):
            ends[s][str(p)] = "id/" + str(o).split("/id/", 1)[1]
    expected = Counter((e[str(AG.fromOrganization)], e[str(AG.toOrganization)])
                       for e in ends.values() if len(e) == 2)
    flow = project(kg.graph, "talent-flow").graph
    assert dict(Counter({(u, v): w for u, v, w in flow.edges(data="weight")})) == dict(expected)
    assert sum(expected.values()) > 5
