"""Centrality tables as CSV, one file per projection: ``alumnigraph-centrality-<projection>.csv``.

Columns: ``id, name_en, name_zh, type``, the measures of :mod:`alumnigraph.analysis.centrality`
(conventions there) and the Louvain ``community``; rows sorted by id; real values with a fixed number
of decimals, so the files are byte-identical from build to build.

>>> from alumnigraph.analysis.example import example_graph
>>> print(centrality_csv_text(example_graph(), "talent-flow").splitlines()[0])
id,name_en,name_zh,type,degree,in_degree,out_degree,betweenness,closeness,eigenvector,pagerank,community
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..analysis.projections import PROJECTIONS
from ..analysis.table import centrality_table, to_csv
from .atomic import write_atomic

CENTRALITY_FILES = {name: f"alumnigraph-centrality-{name}.csv" for name in PROJECTIONS}
"""Projection → file name of its table."""


def centrality_csv_text(graph: nx.MultiDiGraph, projection: str) -> str:
    """The CSV table of one projection of the built graph.

    >>> from alumnigraph.analysis.example import example_graph
    >>> centrality_csv_text(example_graph(), "co-alumni").splitlines()[1]
    'id/person/ann,Ann,安,Person,5,5,5,0.666667,1.000000,0.586997,0.353678,1'
    """
    return to_csv(centrality_table(graph, projection))


def write_centrality_csv(graph: nx.MultiDiGraph, projection: str, path: Path) -> None:
    """Write the table of ``projection`` to ``path``, atomically.

    >>> import tempfile
    >>> from alumnigraph.analysis.example import example_graph
    >>> target = Path(tempfile.mkdtemp()) / CENTRALITY_FILES["full"]
    >>> write_centrality_csv(example_graph(), "full", target)
    >>> len(target.read_text(encoding="utf-8").splitlines())  # header + 8 nodes
    9
    """
    write_atomic(path, centrality_csv_text(graph, projection))

