"""The analysis exports (GEXF, node-link JSON, centrality CSVs) and GraphML load back in networkx and igraph."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from alumnigraph.analysis import COLUMNS, PROJECTIONS, centrality_table, project
from alumnigraph.build import KnowledgeGraph
from alumnigraph.export import FORMATS
from alumnigraph.export.centrality_csv import CENTRALITY_FILES
from tests.conftest import GRAPH_DIR, REPO

TENCENT = "id/company/tencent"


def edge_multiset(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return sorted((u, v, d["kind"]) for u, v, d in g.edges(data=True))


def test_every_analysis_export_is_registered() -> None:
    names = set(FORMATS.values())
    assert {"alumnigraph.gexf", "alumnigraph.json", *CENTRALITY_FILES.values()} <= names
    assert sorted(CENTRALITY_FILES) == sorted(PROJECTIONS)


def test_gexf_loads_in_networkx_and_igraph(kg: KnowledgeGraph, built_exports: Path) -> None:
    path = built_exports / "alumnigraph.gexf"
    text = path.read_text(encoding="utf-8")
    assert 'mode="static"' in text and "lastmodifieddate" not in text
    g = nx.read_gexf(path)
    assert set(g.nodes) == set(kg.graph.nodes)
    assert edge_multiset(g) == edge_multiset(kg.graph)
    tencent = g.nodes[TENCENT]
    assert (tencent["label"], tencent["label_zh"], tencent["type"]) == ("Tencent / 腾讯", "腾讯", "Company")
    assert isinstance(json.loads(tencent["aliases"]), list)
    # edge ids are the built edge keys; employment years are plain attributes, not GEXF time intervals
    assert {d["id"] for *_, d in g.edges(data=True)} == {k for *_, k in kg.graph.edges(keys=True)}
    spans = [d for *_, d in kg.graph.edges(data=True) if d.get("start") is not None]
    assert spans and sum(1 for *_, d in g.edges(data=True) if "startYear" in d) == len(spans)
    graph = ig.Graph.from_networkx(g)
    assert (graph.vcount(), graph.ecount()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    assert graph.is_directed()


def test_graphml_has_what_gephi_and_igraph_need(kg: KnowledgeGraph, built_exports: Path) -> None:
    graph = ig.Graph.Read_GraphML(str(built_exports / "alumnigraph.graphml"))
    assert graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    ids = graph.vs["id"]
    assert set(ids) == set(kg.graph.nodes)
    tencent = graph.vs[ids.index(TENCENT)]
    assert tencent["label"] == "Tencent / 腾讯"  # Gephi shows the "label" key as the node label
    assert {(ids[e.source], ids[e.target], e["kind"]) for e in graph.es} == set(edge_multiset(kg.graph))


def test_nodelink_json_loads_in_networkx_and_igraph(kg: KnowledgeGraph, built_exports: Path) -> None:
    data = json.loads((built_exports / "alumnigraph.json").read_text(encoding="utf-8"))
    assert data["directed"] and data["multigraph"] and "links" in data
    g = nx.node_link_graph(data, edges="links")
    assert set(g.nodes) == set(kg.graph.nodes)
    assert edge_multiset(g) == edge_multiset(kg.graph)
    assert g.nodes[TENCENT]["aliases"] == kg.graph.nodes[TENCENT]["aliases"]  # lists stay lists
    # the article an edge comes from survives under sourceArticle (a link's "source" is its start node)
    articles = sorted(d["sourceArticle"] for *_, d in g.edges(data=True))
    assert articles == sorted(d["source"] for *_, d in kg.graph.edges(data=True))
    assert ig.Graph.from_networkx(g).ecount() == kg.graph.number_of_edges()


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_centrality_csv_matches_the_table(kg: KnowledgeGraph, built_exports: Path, name: str) -> None:
    with (built_exports / CENTRALITY_FILES[name]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = centrality_table(kg.graph, name)
    assert tuple(rows[0]) == COLUMNS
    assert [r["id"] for r in rows] == sorted(project(kg.graph, name).graph.nodes) == [t.id for t in table]
    for row, expected in zip(rows, table, strict=True):
        assert (row["name_en"], row["name_zh"]) == (expected.name_en, expected.name_zh)
        assert int(row["degree"]) == expected.degree and int(row["community"]) == expected.community
        for measure in ("betweenness", "closeness", "eigenvector", "pagerank"):
            assert re.fullmatch(r"\d+\.\d{6}", row[measure]), row[measure]
            assert float(row[measure]) == pytest.approx(getattr(expected, measure), abs=5e-7)


def test_analysis_exports_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Louvain, layouts and set iteration must not leak into files: build in two processes, compare."""
    formats = ["gexf", "nodelink", *(f"centrality-{name}" for name in PROJECTIONS)]
    script = ("import sys; from pathlib import Path; from alumnigraph.exports import build_exports; "
              f"build_exports(Path({str(GRAPH_DIR)!r}), Path(sys.argv[1]), {formats!r})")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed)], check=True, env=env, cwd=REPO)
    for name in sorted(p.name for p in (tmp_path / "1").iterdir()):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
