"""docs/analysis.md: the talent flow, the alumni groups and their reach, moves per year, with plots.

The Markdown text depends only on the graph (so a test can regenerate it in memory and compare);
the plots (``docs/img/analysis-*.svg``) are written beside it by :func:`write_analysis_docs`.

>>> from alumnigraph.analysis.example import example_graph
>>> data = analysis_data(example_graph(), [])
>>> [row.name_en for row in data.flow_by_pagerank]
['Z', 'Y', 'X']
>>> "| 1 | Z | 丙 |" in analysis_markdown(data)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib.term import Node

from ..build import KnowledgeGraph
from ..export.atomic import write_atomic
from .centrality import largest_component
from .community import communities, modularity
from .projections import PROJECTIONS, Projection, project, undirected
from .reach import FigureFact, GroupReach, Name, alumni_groups, figures_by_subject, moves_per_year
from .table import CentralityRow, centrality_table, top

TOP = 10
"""Rows in the ranking tables."""

NAMED_IN_DRAWING = 60
"""The talent-flow drawing names every organization up to this many, else the top ones by PageRank."""

IMAGES = {
    "pagerank": "img/analysis-talent-flow-pagerank.svg",
    "betweenness": "img/analysis-talent-flow-betweenness.svg",
    "network": "img/analysis-talent-flow-network.svg",
    "links": "img/analysis-alumni-group-links.svg",
    "figures": "img/analysis-alumni-group-figures.svg",
    "years": "img/analysis-moves-per-year.svg",
}
"""Plot → path relative to the docs folder."""

PROJECTION_TEXT = {
    "full": "every entity and relation (parallel relations counted as the weight)",
    "talent-flow": "organization → organization, one per move that names both ends",
    "affiliation": "person – organization: employment, study, membership, founding, move ends",
    "co-alumni": "person – person sharing a former employer or an alumni group",
}


@dataclass(frozen=True)
class ProjectionSummary:
    """Size and structure of one projection."""

    name: str
    nodes: int
    edges: int
    weight: int
    largest_component: int
    communities: int
    modularity: float


@dataclass(frozen=True)
class AnalysisData:
    """Everything the page shows, computed once."""

    nodes: int
    edges: int
    sources: int
    summaries: list[ProjectionSummary]
    flow: Projection
    flow_rows: list[CentralityRow]
    flow_by_pagerank: list[CentralityRow]
    flow_by_betweenness: list[CentralityRow]
    flow_communities: list[list[Name]]
    groups: list[GroupReach]
    moves_per_year: dict[int, int]
    undated_moves: int


def _summary(p: Projection) -> ProjectionSummary:
    found = communities(p)
    return ProjectionSummary(
        name=p.name, nodes=p.graph.number_of_nodes(), edges=p.graph.number_of_edges(),
        weight=int(p.graph.size(weight="weight")),
        largest_component=len(largest_component(undirected(p.graph) if p.graph.is_directed() else p.graph)),
        communities=len(found), modularity=modularity(p, found) if p.graph.number_of_edges() else 0.0)


def analysis_data(graph: nx.MultiDiGraph, triples: Iterable[tuple[Node, Node, Node]],
                  sources: int = 0) -> AnalysisData:
    """Compute what the page shows from the built graph and its RDF triples (for the figures).

    >>> from alumnigraph.analysis.example import example_graph
    >>> analysis_data(example_graph(), []).moves_per_year
    {2020: 1, 2021: 2}
    """
    flow = project(graph, "talent-flow")
    rows = centrality_table(graph, "talent-flow")
    names = {r.id: Name(r.id, r.name_en, r.name_zh) for r in rows}
    per_year, undated = moves_per_year(graph)
    return AnalysisData(
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), sources=sources,
        summaries=[_summary(PROJECTIONS[name](graph)) for name in PROJECTIONS],
        flow=flow, flow_rows=rows,
        flow_by_pagerank=top(rows, "pagerank", TOP),
        flow_by_betweenness=[r for r in top(rows, "betweenness", TOP) if r.betweenness > 0],
        flow_communities=[[names[n] for n in sorted(c)] for c in communities(flow) if len(c) > 1],
        groups=alumni_groups(graph, figures_by_subject(triples)),
        moves_per_year=per_year, undated_moves=undated)


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell.

    >>> cell("a|b\\nc")
    'a\\\\|b c'
    """
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a Markdown table.

    >>> markdown_table(["a", "b"], [[1, "x"]])
    ['| a | b |', '|---|---|', '| 1 | x |']
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def _names(names: Sequence[Name]) -> str:
    return ", ".join(n.bilingual() for n in names) or "–"


def _figures(figures: Sequence[FigureFact]) -> str:
    return "; ".join(f.text() for f in figures) or "–"


def _drawing_labels(d: AnalysisData) -> set[str]:
    rows = d.flow_rows if len(d.flow_rows) <= NAMED_IN_DRAWING else top(d.flow_rows, "pagerank", NAMED_IN_DRAWING)
    return {r.id for r in rows}


def _named_text(d: AnalysisData) -> str:
    if len(d.flow_rows) <= NAMED_IN_DRAWING:
        return "every organization is named"
    return f"the {NAMED_IN_DRAWING} organizations with the highest PageRank are named"


def _flow_section(d: AnalysisData) -> list[str]:
    flow = d.flow.graph
    moves = int(flow.size(weight="weight"))
    lines = [
        "## Talent flow: where people go",
        "",
        f"{moves} moves name both the organization a person left and the one they joined. They link "
        f"{flow.number_of_nodes()} organizations by {flow.number_of_edges()} directed edges (weight = number "
        "of moves).",
        "",
        "### Top organizations by PageRank",
        "",
        "PageRank follows the moves: an organization ranks high when people come to it, and more so when "
        "they come from organizations that themselves draw people. Organizations nobody is seen joining "
        "keep only the teleport share.",
        "",
        *markdown_table(["#", "organization", "名称", "PageRank", "moves in", "moves out", "betweenness"],
                        [[i, r.name_en, r.name_zh, f"{r.pagerank:.4f}", r.in_degree, r.out_degree,
                          f"{r.betweenness:.4f}"] for i, r in enumerate(d.flow_by_pagerank, start=1)]),
        "",
        f"![Top organizations by PageRank in the talent flow]({IMAGES['pagerank']})",
        "",
        "### Top organizations by betweenness",
        "",
        "Betweenness is the share of shortest flow paths (in hops, along the direction of the moves) that "
        "pass through an organization: the stepping stones between where people start and where they end.",
        "",
    ]
    if d.flow_by_betweenness:
        lines += [
            *markdown_table(["#", "organization", "名称", "betweenness", "moves in", "moves out"],
                            [[i, r.name_en, r.name_zh, f"{r.betweenness:.4f}", r.in_degree, r.out_degree]
                             for i, r in enumerate(d.flow_by_betweenness, start=1)]),
            "",
            f"![Top organizations by betweenness in the talent flow]({IMAGES['betweenness']})",
        ]
    else:
        lines.append("No organization lies between two others on a flow path yet.")
    lines += [
        "",
        "### The network",
        "",
        f"Node area is PageRank, edge width the number of moves; {_named_text(d)}. Each connected group of "
        "organizations is drawn on its own, the largest first.",
        "",
        f"![The talent-flow network]({IMAGES['network']})",
        "",
        "### Communities",
        "",
        "Louvain communities (fixed seed, directions dropped) with more than one organization:",
        "",
    ]
    lines += [f"{i}. {_names(c)}" for i, c in enumerate(d.flow_communities, start=1)] or ["None yet."]
    return [*lines, ""]


def _groups_section(d: AnalysisData) -> list[str]:
    return [
        "## Alumni groups and their reach",
        "",
        "Each alumni group with the company whose former employees it gathers, who founded or organizes it, "
        "the people and events the graph links to it, and the figures the articles report about it.",
        "",
        *markdown_table(
            ["group", "名称", "company", "founded", "founders / organizers", "members in the graph",
             "events", "investors", "reported figures"],
            [[g.group.en, g.group.zh, _names(g.companies), g.founded or "–", _names(g.founders),
              len(g.members), _names(g.events), _names(g.investors), _figures(g.figures)] for g in d.groups]),
        "",
        f"![What the graph links to each alumni group]({IMAGES['links']})",
        "",
        "Head-counts the articles report (members, followers, attendees: figures in people), on a log scale:",
        "",
        f"![People figures reported about alumni groups]({IMAGES['figures']})",
        "",
    ]


def _years_section(d: AnalysisData) -> list[str]:
    total = sum(d.moves_per_year.values()) + d.undated_moves
    return [
        "## Moves per year",
        "",
        f"{total} moves in all (a move leaves an organization, joins one, or both); {d.undated_moves} "
        "are undated and not counted below.",
        "",
        *markdown_table(["year", "moves"], sorted(d.moves_per_year.items())),
        "",
        f"![Moves per year]({IMAGES['years']})",
        "",
    ]


def _overview(d: AnalysisData) -> list[str]:
    return [
        "## The projections",
        "",
        "Measures run on four simple weighted graphs made from the built graph "
        "(`alumnigraph.analysis.projections` says exactly how):",
        "",
        *markdown_table(["projection", "links", "nodes", "edges", "total weight", "largest component",
                         "communities", "modularity"],
                        [[f"`{s.name}`", PROJECTION_TEXT[s.name], s.nodes, s.edges, s.weight,
                          s.largest_component, s.communities, f"{s.modularity:.3f}"] for s in d.summaries]),
        "",
    ]


CONVENTIONS = """\
## Conventions

- **Degree** is weighted (the number of relations, moves or shared organizations), not normalised.
- **Betweenness** counts shortest paths in hops (weights count ties, they are not distances), normalised
  by `(n-1)(n-2)` (directed) or `(n-1)(n-2)/2` (undirected).
- **Closeness** uses hops into the node, with the Wasserman–Faust correction for disconnected graphs.
- **Eigenvector** centrality is computed on the largest connected component of the undirected weighted
  graph (unit length there, 0 elsewhere).
- **PageRank** uses damping 0.85 and the weights; only the talent flow is directed for it.
- **Communities**: Louvain (`networkx.community.louvain_communities`, fixed seed) on the undirected weighted
  graph, numbered from the largest.

The same values are in `exports/alumnigraph-centrality-<projection>.csv`; a test checks them against
igraph to 1e-6.

## Reproduce

```sh
alumnigraph centrality --projection talent-flow --measure pagerank --top 10
alumnigraph centrality --projection co-alumni --measure all --format csv
alumnigraph docs analysis   # rewrites this page and its plots
```
"""


def analysis_markdown(d: AnalysisData) -> str:
    """The text of docs/analysis.md.

    >>> from alumnigraph.analysis.example import example_graph
    >>> analysis_markdown(analysis_data(example_graph(), [])).splitlines()[0]
    '# Network analysis'
    """
    head = [
        "# Network analysis",
        "",
        "<!-- Generated by `alumnigraph docs analysis` from graph/; do not edit by hand. -->",
        "",
        f"What the graph says about where people go and what holds them together: {d.nodes} entities and "
        f"{d.edges} relations curated from {d.sources} articles. Names are given in English and Chinese; "
        "unnamed entities are described as their article describes them.",
        "",
    ]
    body = [*_overview(d), *_flow_section(d), *_groups_section(d), *_years_section(d)]
    return "\n".join([*head, *body]) + "\n" + CONVENTIONS


def analysis_images(d: AnalysisData, font: str | None) -> dict[str, bytes]:
    """The plots of the page: path relative to the docs folder → SVG bytes.

    >>> from alumnigraph.analysis.example import example_graph
    >>> sorted(analysis_images(analysis_data(example_graph(), []), None)) == sorted(IMAGES.values())
    True
    """
    from .plots import bar_chart, label, network_chart, year_chart

    def names(rows: Sequence[CentralityRow]) -> list[str]:
        return [label(r.name_en, r.name_zh, font) for r in rows]

    people = [(g, f) for g in d.groups for f in g.figures if f.unit == "people"]
    return {
        IMAGES["pagerank"]: bar_chart(names(d.flow_by_pagerank), [r.pagerank for r in d.flow_by_pagerank],
                                      "PageRank (talent flow)", font=font),
        IMAGES["betweenness"]: bar_chart(names(d.flow_by_betweenness),
                                         [r.betweenness for r in d.flow_by_betweenness],
                                         "betweenness (talent flow)", font=font),
        IMAGES["network"]: network_chart(d.flow.graph, {r.id: r.pagerank for r in d.flow_rows},
                                         _drawing_labels(d), font=font),
        IMAGES["links"]: bar_chart([label(g.group.en, g.group.zh, font) for g in d.groups], {
            "people": [g.people for g in d.groups],
            "companies": [len(g.companies) for g in d.groups],
            "events": [len(g.events) for g in d.groups],
            "investors": [len(g.investors) for g in d.groups],
        }, "links in the graph", font=font),
        IMAGES["figures"]: bar_chart([f"{label(g.group.en, g.group.zh, font)}: {f.measure}" for g, f in people],
                                     [float(f.value) for _, f in people], "people (as reported)", font=font,
                                     log=True),
        IMAGES["years"]: year_chart(d.moves_per_year, "moves", font=font),
    }


def write_analysis_docs(kg: KnowledgeGraph, docs_dir: Path, *, english_only: bool = False) -> list[Path]:
    """Write ``analysis.md`` and its plots into ``docs_dir``; returns the paths written.

    Plot labels are bilingual when a CJK font is installed (:func:`~alumnigraph.analysis.plots.cjk_font`),
    English otherwise or when ``english_only``.

    >>> import tempfile
    >>> from alumnigraph.exports import load_graph
    >>> written = write_analysis_docs(load_graph(Path("graph")), Path(tempfile.mkdtemp()), english_only=True)
    >>> [p.name for p in written][:2]
    ['analysis.md', 'analysis-talent-flow-pagerank.svg']
    """
    from .plots import cjk_font

    data = analysis_data(kg.graph, kg.triples(), len(kg.sources))
    font = None if english_only else cjk_font()
    written = [docs_dir / "analysis.md"]
    write_atomic(written[0], analysis_markdown(data))
    for relative, svg in analysis_images(data, font).items():
        written.append(docs_dir / relative)
        write_atomic(written[-1], svg)
    return written
