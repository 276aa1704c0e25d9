"""What ``alumnigraph centrality`` prints: a ranked table, CSV or JSON of one projection.

>>> from alumnigraph.analysis.example import example_graph
>>> print(ranking_text(example_graph(), "talent-flow", ["in-degree"], top_n=2, fmt="csv"), end="")
id,name_en,name_zh,type,in_degree,community
id/company/y,Y,乙,Company,2,1
id/company/z,Z,丙,Company,1,1
"""

from __future__ import annotations

from dataclasses import asdict

import networkx as nx
from rich.table import Table

from .centrality import MEASURES, measure_name
from .table import NAME_COLUMNS, CentralityRow, centrality_table, format_value, to_csv, to_json, top

FORMATS = ("table", "csv", "json")
"""Output formats of the command."""


def chosen_measures(measures: list[str]) -> list[str]:
    """Canonical measure names; ``all`` stands for every measure; the first one ranks.

    >>> chosen_measures(["betweenness", "all"])
    ['betweenness', 'degree', 'in_degree', 'out_degree', 'closeness', 'eigenvector', 'pagerank']
    """
    names: list[str] = []
    for m in measures or ["pagerank"]:
        for name in MEASURES if m.strip().lower() == "all" else [measure_name(m)]:
            if name not in names:
                names.append(name)
    return names


def ranking(graph: nx.MultiDiGraph, projection: str, measures: list[str], top_n: int = 0) -> list[CentralityRow]:
    """The rows of ``projection`` ranked by the first of ``measures``; ``top_n`` = 0 keeps all.

    >>> from alumnigraph.analysis.example import example_graph
    >>> [r.name_en for r in ranking(example_graph(), "co-alumni", ["degree"], top_n=2)]
    ['Ann', 'Bo']
    """
    rows = centrality_table(graph, projection)
    return top(rows, chosen_measures(measures)[0], top_n or None)


def rich_table(rows: list[CentralityRow], projection: str, measures: list[str]) -> Table:
    """A rich table: rank, English and Chinese names, type, the measures, the community.

    >>> from alumnigraph.analysis.example import example_graph
    >>> t = rich_table(ranking(example_graph(), "talent-flow", ["pagerank"]), "talent-flow", ["pagerank"])
    >>> [c.header for c in t.columns]
    ['#', 'name', '名称', 'type', 'pagerank', 'community']
    """
    table = Table(title=f"{projection}: ranked by {measures[0]}")
    table.add_column("#", justify="right")
    for header in ("name", "名称", "type"):
        table.add_column(header)
    for m in (*measures, "community"):
        table.add_column(m, justify="right")
    for rank, row in enumerate(rows, start=1):
        data = asdict(row)
        table.add_row(str(rank), row.name_en, row.name_zh, row.type,
                      *(format_value(m, data[m]) for m in (*measures, "community")))
    return table


def ranking_text(graph: nx.MultiDiGraph, projection: str, measures: list[str], top_n: int, fmt: str) -> str:
    """The ranking as CSV or JSON text (``fmt``: csv or json; the table is :func:`rich_table`).

    >>> from alumnigraph.analysis.example import example_graph
    >>> ranking_text(example_graph(), "full", ["degree"], 1, "xml")
    Traceback (most recent call last):
    ...
    ValueError: unknown format 'xml': choose table, csv, json
    """
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown format {fmt!r}: choose {', '.join(FORMATS)}")
    names = chosen_measures(measures)
    columns = (*NAME_COLUMNS, *names, "community")
    rows = ranking(graph, projection, names, top_n)
    return to_csv(rows, columns) if fmt == "csv" else to_json(rows, columns) + "\n"
