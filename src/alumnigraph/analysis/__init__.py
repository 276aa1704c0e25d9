"""Network analysis of the alumnigraph: projections, centrality, communities, reports.

The built graph (a networkx ``MultiDiGraph``) is projected into simple weighted graphs
(:mod:`~alumnigraph.analysis.projections`), on which degree, in-/out-degree, betweenness, closeness,
eigenvector and PageRank are computed (:mod:`~alumnigraph.analysis.centrality`, which states the
normalisation and weight conventions) and Louvain communities found with a fixed seed
(:mod:`~alumnigraph.analysis.community`).

>>> from alumnigraph.analysis import centrality_table, top
>>> from alumnigraph.analysis.example import example_graph
>>> [(r.name_en, r.name_zh) for r in top(centrality_table(example_graph(), "talent-flow"), "pagerank", 2)]
[('Z', '丙'), ('Y', '乙')]
"""

from .centrality import MEASURES, centralities, measure_name
from .community import communities, louvain, membership, modularity
from .projections import AFFILIATION_KINDS, PROJECTIONS, Projection, project, undirected
from .table import COLUMNS, CentralityRow, centrality_table, to_csv, to_json, top

__all__ = [
    "AFFILIATION_KINDS",
    "COLUMNS",
    "MEASURES",
    "PROJECTIONS",
    "CentralityRow",
    "Projection",
    "centralities",
    "centrality_table",
    "communities",
    "louvain",
    "measure_name",
    "membership",
    "modularity",
    "project",
    "to_csv",
    "to_json",
    "top",
    "undirected",
]
