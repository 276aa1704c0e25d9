"""The centrality table of a projection: one row per node, bilingual names, every measure, community.

>>> from alumnigraph.analysis.example import example_graph
>>> rows = centrality_table(example_graph(), "talent-flow")
>>> [(r.name_en, r.name_zh, r.degree, r.community) for r in rows]
[('X', '甲', 2, 1), ('Y', '乙', 3, 1), ('Z', '丙', 1, 1)]
>>> top(rows, "pagerank", 1)[0].name_en
'Z'
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields

import networkx as nx

from .centrality import INTEGER_MEASURES, MEASURES, centralities, measure_name
from .community import communities, membership
from .projections import project

NAME_COLUMNS = ("id", "name_en", "name_zh", "type")
"""The columns that say which node a row is about."""

DECIMALS = 6
"""Decimals of the real-valued measures in CSV files (fixed, so files are byte-stable)."""


@dataclass(frozen=True)
class CentralityRow:
    """One node of a projection with every measure and its Louvain community."""

    id: str
    name_en: str
    name_zh: str
    type: str
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    closeness: float
    eigenvector: float
    pagerank: float
    community: int


COLUMNS = tuple(f.name for f in fields(CentralityRow))
"""Every column of the table, in order: the name columns, the measures, the community."""


def centrality_table(graph: nx.MultiDiGraph, projection: str) -> list[CentralityRow]:
    """The rows of a projection of the built graph, sorted by node id.

    >>> from alumnigraph.analysis.example import example_graph
    >>> row = centrality_table(example_graph(), "co-alumni")[0]
    >>> row.id, row.degree, round(row.betweenness, 6), row.closeness
    ('id/person/ann', 5, 0.666667, 1.0)
    """
    p = project(graph, projection)
    values = centralities(p)
    groups = membership(communities(p))
    rows = []
    for n, data in sorted(p.graph.nodes(data=True)):
        measures = {m: (int(v[n]) if m in INTEGER_MEASURES else float(v[n])) for m, v in values.items()}
        rows.append(CentralityRow(id=n, name_en=data.get("label_en", ""), name_zh=data.get("label_zh", ""),
                                  type=data.get("type", ""), community=groups[n], **measures))
    return rows


def top(rows: list[CentralityRow], measure: str, n: int | None = None) -> list[CentralityRow]:
    """The ``n`` rows with the highest ``measure`` (all when ``n`` is None), ties by id.

    >>> from alumnigraph.analysis.example import example_graph
    >>> [r.name_en for r in top(centrality_table(example_graph(), "talent-flow"), "betweenness")]
    ['Y', 'X', 'Z']
    """
    key = measure_name(measure)
    ranked = sorted(rows, key=lambda r: (-getattr(r, key), r.id))
    return ranked if n is None else ranked[:n]


def format_value(column: str, value: object) -> str:
    """A cell as text: whole numbers as they are, real measures with :data:`DECIMALS` decimals.

    >>> format_value("pagerank", 1 / 3), format_value("degree", 4), format_value("name_zh", "腾讯")
    ('0.333333', '4', '腾讯')
    """
    if isinstance(value, float) and column in MEASURES:
        text = f"{value:.{DECIMALS}f}"
        return "0." + "0" * DECIMALS if text.startswith("-") and float(text) == 0 else text
    return str(value)


def to_csv(rows: list[CentralityRow], columns: tuple[str, ...] = COLUMNS) -> str:
    """The rows as CSV text (``\\n`` line ends, header first).

    >>> from alumnigraph.analysis.example import example_graph
    >>> print(to_csv(centrality_table(example_graph(), "talent-flow"), ("name_en", "pagerank")))
    name_en,pagerank
    X,0.184417
    Y,0.341171
    Z,0.474412
    <BLANKLINE>
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        data = asdict(row)
        writer.writerow([format_value(c, data[c]) for c in columns])
    return out.getvalue()


def to_json(rows: list[CentralityRow], columns: tuple[str, ...] = COLUMNS) -> str:
    """The rows as a JSON array of objects with full-precision numbers.

    >>> from alumnigraph.analysis.example import example_graph
    >>> print(to_json(centrality_table(example_graph(), "talent-flow")[:1], ("name_zh", "degree")))
    [
      {
        "name_zh": "甲",
        "degree": 2
      }
    ]
    """
    records = [{c: asdict(row)[c] for c in columns} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2)
