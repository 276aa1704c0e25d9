"""Named projections of the built graph: the simple weighted graphs the measures run on.

The built graph is a ``MultiDiGraph`` whose nodes are entities and whose edges are curated relations
(``kind``: left, joined, worksFor, memberOf, founder, ...). Each projection turns it into a *simple*
graph (``nx.Graph`` or ``nx.DiGraph``, at most one edge per node pair, no self-loops) in which every edge
carries an integer ``weight`` that counts what the edge stands for:

- ``full``: every node; a directed edge ``u → v`` weighted by the number of built edges ``u → v``
  (parallel relations are collapsed by counting them; self-loops are dropped).
- ``talent-flow``: organizations only; an edge from the organization people left to the one they
  joined, pairing the ``left`` and ``joined`` edges of the same move; weight = number of such moves.
  Moves with one known end add no edge; organizations without any flow edge are not in it.
- ``affiliation``: the person–organization bipartite graph (node attribute ``bipartite``: 0 for people,
  1 for organizations); edge kinds :data:`AFFILIATION_KINDS`; weight = number of such relations
  between the pair (e.g. ``joined`` + ``worksFor`` = 2).
- ``co-alumni``: people linked when they share a former employer (an organization they ``left``, or a
  ``worksFor`` with an ``end`` year) or an alumni group (``memberOf``, ``founder`` or ``organizer`` of
  an ``AlumniGroup``); weight = number of shared organizations (edge attribute ``shared`` lists them).
  Only people with at least one link are in it.

``directed_paths`` says whether path measures (betweenness, closeness) and PageRank follow edge
directions. Only ``talent-flow`` does: in ``full`` the directions are modelling conventions (a founder
edge points organization → person, ``worksFor`` person → organization), so paths there ignore them.

>>> from alumnigraph.analysis.example import example_graph
>>> flow = project(example_graph(), "talent-flow")
>>> sorted(flow.graph.edges(data="weight"))
[('id/company/x', 'id/company/y', 2), ('id/company/y', 'id/company/z', 1)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

ORGANIZATION_TYPES = frozenset({"Company", "AlumniGroup", "Organization"})
"""Node types that count as organizations."""

AFFILIATION_KINDS = ("worksFor", "studiedAt", "memberOf", "founder", "organizer", "left", "joined")
"""Edge kinds that make a person–organization affiliation (in either direction)."""

NAME_ATTRIBUTES = ("type", "label_en", "label_zh")
"""Node attributes a projection copies from the built graph."""


@dataclass(frozen=True)
class Projection:
    """A named simple weighted graph made from the built graph."""

    name: str
    graph: nx.Graph
    directed_paths: bool

    @property
    def path_graph(self) -> nx.Graph:
        """The graph path measures and PageRank run on: ``graph`` itself, or its undirected form.

        >>> from alumnigraph.analysis.example import example_graph
        >>> project(example_graph(), "full").path_graph.is_directed()
        False
        """
        return self.graph if self.directed_paths or not self.graph.is_directed() else undirected(self.graph)


def undirected(graph: nx.Graph) -> nx.Graph:
    """``graph`` without directions: the weight of ``{u, v}`` is ``w(u→v) + w(v→u)``.

    >>> g = nx.DiGraph([("a", "b", {"weight": 2}), ("b", "a", {"weight": 1})])
    >>> undirected(g).edges["a", "b"]["weight"]
    3
    """
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, w in graph.edges(data="weight", default=1):
        if out.has_edge(u, v):
            out.edges[u, v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


def _simple(graph: nx.MultiDiGraph, nodes: Iterable[str], weights: Counter[tuple[str, str]], *,
            directed: bool) -> nx.Graph:
    """A simple graph on ``nodes`` (sorted) with the counted edges (sorted), names copied from ``graph``."""
    out: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for n in sorted(nodes):
        out.add_node(n, **{a: graph.nodes[n][a] for a in NAME_ATTRIBUTES if a in graph.nodes[n]})
    for (u, v), w in sorted(weights.items()):
        out.add_edge(u, v, weight=w)
    return out


def _is_org(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("type") in ORGANIZATION_TYPES


def _is_person(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("type") == "Person"


def full(graph: nx.MultiDiGraph) -> Projection:
    """Every node; ``u → v`` weighted by the number of built edges ``u → v``.

    >>> from alumnigraph.analysis.example import example_graph
    >>> full(example_graph()).graph.edges["id/person/ann", "id/company/y"]["weight"]  # joined + worksFor
    2
    """
    weights = Counter((u, v) for u, v in graph.edges() if u != v)
    return Projection("full", _simple(graph, graph.nodes, weights, directed=True), directed_paths=False)


def talent_flow(graph: nx.MultiDiGraph) -> Projection:
    """Organizations; ``a → b`` weighted by the number of moves that left ``a`` and joined ``b``.

    >>> from alumnigraph.analysis.example import example_graph
    >>> sorted(talent_flow(example_graph()).graph.nodes)
    ['id/company/x', 'id/company/y', 'id/company/z']
    """
    ends: dict[str, dict[str, str]] = defaultdict(dict)
    for _, org, data in graph.edges(data=True):
        if data.get("kind") in ("left", "joined") and data.get("move") and _is_org(graph, org):
            ends[data["move"]][data["kind"]] = org
    weights = Counter((e["left"], e["joined"]) for e in ends.values()
                      if "left" in e and "joined" in e and e["left"] != e["joined"])
    nodes = {n for pair in weights for n in pair}
    return Projection("talent-flow", _simple(graph, nodes, weights, directed=True), directed_paths=True)


def _person_org_pairs(graph: nx.MultiDiGraph, kinds: Iterable[str]) -> Iterable[tuple[str, str, dict]]:
    """``(person, organization, edge data)`` for every edge of ``kinds`` between a person and an org."""
    wanted = set(kinds)
    for u, v, data in graph.edges(data=True):
        if data.get("kind") not in wanted:
            continue
        if _is_person(graph, u) and _is_org(graph, v):
            yield u, v, data
        elif _is_person(graph, v) and _is_org(graph, u):
            yield v, u, data


def affiliation(graph: nx.MultiDiGraph) -> Projection:
    """The bipartite person–organization graph of :data:`AFFILIATION_KINDS` edges.

    >>> from alumnigraph.analysis.example import example_graph
    >>> aff = affiliation(example_graph())
    >>> aff.graph.edges["id/person/bo", "id/group/x-alumni"]["weight"], aff.graph.nodes["id/person/bo"]["bipartite"]
    (1, 0)
    """
    weights = Counter((person, org) for person, org, _ in _person_org_pairs(graph, AFFILIATION_KINDS))
    nodes = {n for pair in weights for n in pair}
    out = _simple(graph, nodes, weights, directed=False)
    for n in out.nodes:
        out.nodes[n]["bipartite"] = 0 if _is_person(graph, n) else 1
    return Projection("affiliation", out, directed_paths=False)


def former_affiliations(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Person → the former employers and alumni groups that make co-alumni ties.

    >>> from alumnigraph.analysis.example import example_graph
    >>> sorted(former_affiliations(example_graph())["id/person/ann"])
    ['id/company/x', 'id/company/y', 'id/group/x-alumni']
    """
    ties: dict[str, set[str]] = defaultdict(set)
    for person, org, data in _person_org_pairs(graph, ("left", "worksFor", "memberOf", "founder", "organizer")):
        kind = data["kind"]
        former_employer = kind == "left" or (kind == "worksFor" and data.get("end") is not None)
        in_alumni_group = kind in ("memberOf", "founder", "organizer") and graph.nodes[org]["type"] == "AlumniGroup"
        if former_employer or in_alumni_group:
            ties[person].add(org)
    return dict(ties)


def co_alumni(graph: nx.MultiDiGraph) -> Projection:
    """People linked by shared former employers and alumni groups; weight = how many they share.

    >>> from alumnigraph.analysis.example import example_graph
    >>> g = co_alumni(example_graph()).graph
    >>> g.edges["id/person/ann", "id/person/bo"]["shared"]
    ['id/company/x', 'id/group/x-alumni']
    """
    members: dict[str, list[str]] = defaultdict(list)
    for person, orgs in sorted(former_affiliations(graph).items()):
        for org in orgs:
            members[org].append(person)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for org, people in sorted(members.items()):
        for pair in combinations(sorted(people), 2):
            shared[pair].append(org)
    out = _simple(graph, {n for pair in shared for n in pair}, Counter({p: len(s) for p, s in shared.items()}),
                  directed=False)
    for (u, v), orgs in shared.items():
        out.edges[u, v]["shared"] = orgs
    return Projection("co-alumni", out, directed_paths=False)


PROJECTIONS: dict[str, Callable[[nx.MultiDiGraph], Projection]] = {
    "full": full,
    "talent-flow": talent_flow,
    "affiliation": affiliation,
    "co-alumni": co_alumni,
}
"""Projection name → function of the built graph."""


def project(graph: nx.MultiDiGraph, name: str) -> Projection:
    """The projection called ``name`` (one of :data:`PROJECTIONS`) of the built graph.

    >>> from alumnigraph.analysis.example import example_graph
    >>> project(example_graph(), "co-alumni").graph.number_of_edges()
    4
    >>> project(example_graph(), "nope")
    Traceback (most recent call last):
    ...
    ValueError: unknown projection 'nope': choose one of full, talent-flow, affiliation, co-alumni
    """
    if name not in PROJECTIONS:
        raise ValueError(f"unknown projection {name!r}: choose one of {', '.join(PROJECTIONS)}")
    return PROJECTIONS[name](graph)
