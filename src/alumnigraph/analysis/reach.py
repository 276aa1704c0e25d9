"""Facts for the analysis report: alumni groups and their reach, moves per year, reported figures.

Figures (``ag:Figure``) live in the RDF quads only, so they are read from there; everything else comes
from the networkx graph.

>>> from alumnigraph.analysis.example import example_graph
>>> moves_per_year(example_graph())
({2020: 1, 2021: 2}, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx
from rdflib import RDF, URIRef
from rdflib.term import Node

from ..ids import BASE
from ..vocab import AG

QUALIFIER_WORDS = {"exact": "", "approximately": "about ", "more-than": "more than ", "at-least": "at least ",
                   "less-than": "less than ", "at-most": "at most "}
"""How a figure's qualifier reads in English."""


@dataclass(frozen=True)
class Name:
    """A node's id and its English and Chinese names."""

    id: str
    en: str
    zh: str

    def bilingual(self) -> str:
        """``English (中文)``, or one name when both are the same.

        >>> Name("id/company/tencent", "Tencent", "腾讯").bilingual(), Name("id/company/okx", "OKX", "OKX").bilingual()
        ('Tencent (腾讯)', 'OKX')
        """
        return self.en if self.en == self.zh else f"{self.en} ({self.zh})"


def name_of(graph: nx.MultiDiGraph, node: str) -> Name:
    """The names of ``node`` (its id when it has no label).

    >>> from alumnigraph.analysis.example import example_graph
    >>> name_of(example_graph(), "id/company/x")
    Name(id='id/company/x', en='X', zh='甲')
    """
    data = graph.nodes[node]
    return Name(node, data.get("label_en", node), data.get("label_zh", node))


def format_number(value: Decimal) -> str:
    """A decimal with thousands separators, without a trailing ``.0``.

    >>> format_number(Decimal("12000000.0")), format_number(Decimal("2.180"))
    ('12,000,000', '2.18')
    """
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,}"


@dataclass(frozen=True)
class FigureFact:
    """A number an article reports about an entity."""

    measure: str
    value: Decimal
    unit: str
    qualifier: str = "exact"
    year: int | None = None

    def text(self) -> str:
        """The figure as a phrase.

        >>> FigureFact("members", Decimal("10000.0"), "people", "more-than", 2023).text()
        'members: more than 10,000 people (2023)'
        """
        when = f" ({self.year})" if self.year is not None else ""
        return f"{self.measure}: {QUALIFIER_WORDS.get(self.qualifier, '')}{format_number(self.value)} {self.unit}{when}"


def _node_id(term: Node) -> str:
    return str(term).removeprefix(BASE)


def figures_by_subject(triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, list[FigureFact]]:
    """Node id → the figures reported about it (sorted by measure, year, value).

    >>> from rdflib import Literal
    >>> f, g = URIRef("https://w3id.org/alumnigraph/id/figure/1"), URIRef(BASE + "id/group/g")
    >>> triples = [(f, RDF.type, AG.Figure), (f, AG.figureOf, g), (f, AG.measure, Literal("members")),
    ...            (f, AG.value, Literal(Decimal(5))), (f, AG.unit, Literal("people"))]
    >>> figures_by_subject(triples)["id/group/g"][0].text()
    'members: 5 people'
    """
    props: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    figures = set()
    for s, p, o in triples:
        if p == RDF.type and o == AG.Figure:
            figures.add(s)
        if isinstance(p, URIRef) and str(p).startswith(str(AG)):
            props[s][str(p).removeprefix(str(AG))].append(o)
    out: dict[str, list[FigureFact]] = defaultdict(list)
    for fig in figures:
        d = props[fig]
        year = int(str(d["year"][0])[:4]) if d.get("year") else None
        fact = FigureFact(str(d["measure"][0]), Decimal(str(d["value"][0])), str(d["unit"][0]),
                          str(d["qualifier"][0]) if d.get("qualifier") else "exact", year)
        for subject in d["figureOf"]:
            out[_node_id(subject)].append(fact)
    return {k: sorted(v, key=lambda f: (f.measure, f.year or 0, f.value)) for k, v in sorted(out.items())}


@dataclass(frozen=True)
class GroupReach:
    """An alumni group, what it belongs to and whom it reaches, as the graph records it."""

    group: Name
    companies: list[Name] = field(default_factory=list)
    founded: int | None = None
    founders: list[Name] = field(default_factory=list)
    members: list[Name] = field(default_factory=list)
    events: list[Name] = field(default_factory=list)
    investors: list[Name] = field(default_factory=list)
    figures: list[FigureFact] = field(default_factory=list)

    @property
    def people(self) -> int:
        """How many distinct people the graph links to the group (founders, organizers, members).

        >>> ann = Name("id/person/ann", "Ann", "安")
        >>> GroupReach(Name("id/group/g", "G", "G"), founders=[ann], members=[ann]).people
        1
        """
        return len({n.id for n in (*self.founders, *self.members) if n.id.startswith("id/person/")})

    @property
    def links(self) -> int:
        """People, companies, events and investors linked to the group.

        >>> GroupReach(Name("id/group/g", "G", "G"), companies=[Name("id/company/c", "C", "C")]).links
        1
        """
        return self.people + len(self.companies) + len(self.events) + len(self.investors)


def _linked(graph: nx.MultiDiGraph, node: str, kinds: set[str], *, outgoing: bool) -> list[Name]:
    edges = graph.out_edges(node, data="kind") if outgoing else graph.in_edges(node, data="kind")
    others = {v if outgoing else u for u, v, kind in edges if kind in kinds}
    return [name_of(graph, n) for n in sorted(others)]


def alumni_groups(graph: nx.MultiDiGraph, figures: dict[str, list[FigureFact]] | None = None) -> list[GroupReach]:
    """Every alumni group with its companies, founders, members, events, investors and figures.

    Sorted by the number of people, companies, events and investors linked to the group, then by id.

    >>> from alumnigraph.analysis.example import example_graph
    >>> [(r.group.en, [c.en for c in r.companies], r.founded, r.people) for r in alumni_groups(example_graph())]
    [('X alumni', ['X'], 2015, 3)]
    """
    figures = figures or {}
    out = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "AlumniGroup":
            continue
        years = [y for _, _, d in graph.out_edges(node, data=True) if d["kind"] == "founder" and (y := d.get("year"))]
        founded = data.get("foundingYear") or min(years, default=None)
        out.append(GroupReach(
            group=name_of(graph, node),
            companies=_linked(graph, node, {"alumniGroupOf"}, outgoing=True),
            founded=founded,
            founders=_linked(graph, node, {"founder", "organizer"}, outgoing=True),
            members=_linked(graph, node, {"memberOf"}, outgoing=False),
            events=_linked(graph, node, {"organizer"}, outgoing=False),
            investors=_linked(graph, node, {"invested"}, outgoing=False),
            figures=figures.get(node, []),
        ))
    return sorted(out, key=lambda r: (-r.links, r.group.id))


def moves_per_year(graph: nx.MultiDiGraph) -> tuple[dict[int, int], int]:
    """Moves (each counted once) per year, and the number of undated moves.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("p", "a", kind="left", move="m1", year=2020)
    >>> _ = g.add_edge("p", "b", kind="joined", move="m1", year=2020)
    >>> _ = g.add_edge("q", "a", kind="left", move="m2")
    >>> moves_per_year(g)
    ({2020: 1}, 1)
    """
    years: dict[str, int | None] = {}
    for _, _, data in graph.edges(data=True):
        if data.get("kind") in ("left", "joined") and data.get("move"):
            years[data["move"]] = data.get("year")
    counts = Counter(y for y in years.values() if y is not None)
    return dict(sorted(counts.items())), sum(1 for y in years.values() if y is None)
