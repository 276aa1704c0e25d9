"""Network analysis on a tiny fact set whose every value was computed by hand (derivations in comments).

The fact set (written as a real fact file and loaded through the real loader, checker and builder):
Ann and Bo leave X for Y (2020, 2021), Cai leaves Y for Z (2021), Dai leaves X (no destination, no
year); Ann worked at Y until 2022; Ann and Dai are members of X's alumni group, which Bo founded (2015).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from alumnigraph.analysis import (
    centralities,
    centrality_table,
    communities,
    louvain,
    membership,
    modularity,
    project,
    top,
)
from alumnigraph.analysis.example import example_graph
from alumnigraph.analysis.reach import alumni_groups, figures_by_subject, moves_per_year
from alumnigraph.build import KnowledgeGraph
from alumnigraph.cli import app
from alumnigraph.export.centrality_csv import centrality_csv_text
from alumnigraph.exports import load_graph

TINY_FACTS = """\
source:
  file: t_analysis.txt
  title: 测试
  date: 2024-04-02
  quotes: ["测试"]
people:
  - {id: person/ann, name: 安, name_en: Ann, quote: 安}
  - {id: person/bo, name: 博, name_en: Bo, quote: 博}
  - {id: person/cai, name: 蔡, name_en: Cai, quote: 蔡}
  - {id: person/dai, name: 戴, name_en: Dai, quote: 戴}
organizations:
  - {id: company/x, name: 甲, name_en: X, quote: 甲}
  - {id: company/y, name: 乙, name_en: Y, quote: 乙}
  - {id: company/z, name: 丙, name_en: Z, quote: 丙}
  - {id: group/x-alumni, name: 甲校友会, name_en: X alumni, quote: 甲校友会}
moves:
  - {person: person/ann, from: company/x, to: company/y, year: 2020, quote: 安}
  - {person: person/bo, from: company/x, to: company/y, year: 2021, quote: 博}
  - {person: person/cai, from: company/y, to: company/z, year: 2021, quote: 蔡}
  - {person: person/dai, from: company/x, quote: 戴}
employments:
  - {person: person/ann, organization: company/y, end: 2022, quote: 安}
memberships:
  - {member: person/ann, group: group/x-alumni, quote: 安}
  - {member: person/dai, group: group/x-alumni, quote: 戴}
foundings:
  - {organization: group/x-alumni, founders: [person/bo], year: 2015, quote: 博}
claims:
  - {subject: group/x-alumni, property: alumniGroupOf, value: company/x, quote: 甲校友会}
figures:
  - {subjects: [group/x-alumni], measure: members, value: 120, unit: people, qualifier: more-than, year: 2023,
     quote: 甲校友会}
"""

ANN, BO, CAI, DAI = "id/person/ann", "id/person/bo", "id/person/cai", "id/person/dai"
X, Y, Z, G = "id/company/x", "id/company/y", "id/company/z", "id/group/x-alumni"


@pytest.fixture(scope="module")
def facts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny") / "facts"
    folder.mkdir()
    (folder / "t_analysis.yaml").write_text(TINY_FACTS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny(facts_dir: Path) -> KnowledgeGraph:
    return load_graph(facts_dir)


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-9)


def test_the_example_graph_is_what_the_tiny_facts_build(tiny: KnowledgeGraph) -> None:
    def shape(g: nx.MultiDiGraph) -> list[tuple[str, str, str, object]]:
        return sorted((u, v, d["kind"], d.get("year")) for u, v, d in g.edges(data=True))

    assert shape(tiny.graph) == shape(example_graph())


def test_talent_flow_pairs_left_and_joined_of_the_same_move(tiny: KnowledgeGraph) -> None:
    flow = project(tiny.graph, "talent-flow")
    assert flow.graph.is_directed()
    # Ann and Bo: X → Y (2 moves); Cai: Y → Z; Dai's move has no destination: no edge, and no node of its own.
    assert sorted(flow.graph.edges(data="weight")) == [(X, Y, 2), (Y, Z, 1)]
    assert sorted(flow.graph.nodes) == [X, Y, Z]
    assert flow.graph.nodes[Y]["label_zh"] == "乙"


def test_talent_flow_measures_by_hand(tiny: KnowledgeGraph) -> None:
    m = centralities(project(tiny.graph, "talent-flow"))
    # weighted degree: X sends 2, Y receives 2 and sends 1, Z receives 1
    assert m["degree"] == {X: 2, Y: 3, Z: 1}
    assert m["in_degree"] == {X: 0, Y: 2, Z: 1}
    assert m["out_degree"] == {X: 2, Y: 1, Z: 0}
    # directed betweenness: Y is on the only path X → Z; normalised by (n-1)(n-2) = 2
    assert m["betweenness"] == {X: 0.0, Y: 0.5, Z: 0.0}
    # incoming closeness, Wasserman–Faust: Y is reached by X (d=1): (1/2)·(1/1); Z by Y (1) and X (2): (2/2)·(2/3)
    assert m["closeness"] == {X: 0.0, Y: approx(0.5), Z: approx(2 / 3)}
    # undirected path X -2- Y -1- Z: λ = √5, v ∝ (2/√5, 1, 1/√5), unit norm: (2/√10, 1/√2, 1/√10)
    assert m["eigenvector"] == {X: approx(2 / math.sqrt(10)), Y: approx(1 / math.sqrt(2)), Z: approx(1 / math.sqrt(10))}
    # PageRank, α = 0.85, Z dangling (spreads uniformly): p_X = .05 + .85·p_Z/3, p_Y = .05 + .85(p_X + p_Z/3),
    # p_Z = .05 + .85(p_Y + p_Z/3)  ⇒  p_Z = 343/723 = 1029/2169, p_X = 400/2169, p_Y = 740/2169
    assert m["pagerank"] == {X: approx(400 / 2169), Y: approx(740 / 2169), Z: approx(1029 / 2169)}


def test_co_alumni_links_people_by_former_employers_and_alumni_groups(tiny: KnowledgeGraph) -> None:
    g = project(tiny.graph, "co-alumni").graph
    # former employers and groups: Ann {X (left), Y (worksFor, ended 2022), G (member)}, Bo {X, G (founder)},
    # Cai {Y (left)}, Dai {X, G}
    assert sorted((u, v, w) for u, v, w in g.edges(data="weight")) == [
        (ANN, BO, 2), (ANN, CAI, 1), (ANN, DAI, 2), (BO, DAI, 2)]
    assert g.edges[ANN, CAI]["shared"] == [Y]


def test_co_alumni_measures_by_hand(tiny: KnowledgeGraph) -> None:
    m = centralities(project(tiny.graph, "co-alumni"))
    assert m["degree"] == {ANN: 5, BO: 4, CAI: 1, DAI: 4} == m["in_degree"] == m["out_degree"]
    # Ann lies on the only paths Cai–Bo and Cai–Dai: raw 2, normalised 2 · 2/((n−1)(n−2)) = 2 · 2/6 = 2/3
    assert m["betweenness"] == {ANN: approx(2 / 3), BO: 0.0, CAI: 0.0, DAI: 0.0}
    # closeness = 3 / (sum of hops): Ann 3/3, Bo and Dai 3/(1+1+2), Cai 3/(1+2+2)
    assert m["closeness"] == {ANN: 1.0, BO: 0.75, CAI: approx(0.6), DAI: 0.75}
    # eigenvector, by symmetry (x, y, z, y) for (Ann, Bo, Cai, Dai): λx = 4y + z, λy = 2x + 2y, λz = x
    # ⇒ λ³ − 2λ² − 9λ + 2 = 0, largest root λ = 4.0838723594; x = 1, y = 2/(λ−2), z = 1/λ, then unit norm
    lam = 4.083872359435611
    assert lam**3 - 2 * lam**2 - 9 * lam + 2 == pytest.approx(0, abs=1e-9)
    assert m["eigenvector"] == {ANN: approx(0.586997025175207), BO: approx(0.563371381665802),
                                CAI: approx(0.143735399520745), DAI: approx(0.563371381665802)}
    # PageRank: x = .0375 + .85(y + z), y = .0375 + .85(2x/5 + y/2), z = .0375 + .85·x/5
    # ⇒ x = 7655/21644, y = 2969/10822, z = 2113/21644
    assert m["pagerank"] == {ANN: approx(7655 / 21644), BO: approx(2969 / 10822), CAI: approx(2113 / 21644),
                             DAI: approx(2969 / 10822)}


def test_full_projection_collapses_parallel_edges_and_reads_paths_undirected(tiny: KnowledgeGraph) -> None:
    p = project(tiny.graph, "full")
    assert p.graph.number_of_nodes() == 8 and tiny.graph.number_of_edges() == 12
    assert p.graph.edges[ANN, Y]["weight"] == 2  # joined + worksFor
    m = centralities(p)
    # built directions: Ann → X (left), → Y (joined, worksFor), → G (memberOf);
    # X ← Ann, Bo, Dai (left), G (alumniGroupOf)
    assert (m["out_degree"][ANN], m["in_degree"][ANN]) == (4, 0)
    assert (m["in_degree"][X], m["out_degree"][X]) == (4, 0)
    assert (m["in_degree"][G], m["out_degree"][G]) == (2, 2)  # members Ann, Dai; founder Bo, alumni group of X
    # undirected: Z hangs on Cai, so Cai is on all 6 paths from Z: 6 / C(7, 2) = 2/7
    assert m["betweenness"][CAI] == approx(2 / 7)
    # hops from Z: Cai 1, Y 2, Ann 3, Bo 3, X 4, G 4, Dai 5 ⇒ 7/22
    assert m["closeness"][Z] == approx(7 / 22)
    assert sum(m["pagerank"].values()) == approx(1.0)


def test_affiliation_is_bipartite_with_the_documented_edge_kinds(tiny: KnowledgeGraph) -> None:
    p = project(tiny.graph, "affiliation")
    g = p.graph
    assert {n for n, b in g.nodes(data="bipartite") if b == 0} == {ANN, BO, CAI, DAI}
    assert {n for n, b in g.nodes(data="bipartite") if b == 1} == {X, Y, Z, G}
    assert nx.is_bipartite(g) and not g.has_edge(G, X)  # alumniGroupOf is organization–organization
    assert g.edges[ANN, Y]["weight"] == 2 and g.edges[BO, G]["weight"] == 1  # joined + worksFor; founder
    m = centralities(p)
    assert m["degree"] == {ANN: 4, BO: 3, CAI: 2, DAI: 2, X: 3, Y: 4, Z: 1, G: 3}
    # same shape around Z as in the full graph (the X–G edge is the only difference and not on Z's paths)
    assert m["betweenness"][CAI] == approx(2 / 7)
    assert m["closeness"][Z] == approx(7 / 22)


def test_louvain_finds_two_triangles_with_a_fixed_seed() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    found = louvain(g)
    assert found == [{"a", "b", "c"}, {"d", "e", "f"}]
    # m = 7; each triangle: 3 internal edges, degree sum 7: Q = 2·(3/7 − (7/14)²) = 5/14
    assert nx.community.modularity(g, found) == approx(5 / 14)
    assert all(louvain(g) == found for _ in range(3))


def test_communities_are_numbered_from_the_largest(tiny: KnowledgeGraph) -> None:
    p = project(tiny.graph, "full")
    found = communities(p)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    assert set().union(*found) == set(p.graph.nodes)
    assert modularity(p, found) > 0
    assert membership(found) == membership(communities(p))
    rows = {r.id: r.community for r in centrality_table(tiny.graph, "full")}
    assert rows == membership(found)


def test_table_has_bilingual_names_and_ranks(tiny: KnowledgeGraph) -> None:
    rows = centrality_table(tiny.graph, "talent-flow")
    assert [(r.id, r.name_en, r.name_zh, r.type) for r in rows] == [
        (X, "X", "甲", "Company"), (Y, "Y", "乙", "Company"), (Z, "Z", "丙", "Company")]
    assert [r.id for r in top(rows, "pagerank")] == [Z, Y, X]
    assert [r.id for r in top(rows, "out-degree", 1)] == [X]


def test_centrality_csv_formats_floats_with_six_decimals(tiny: KnowledgeGraph) -> None:
    text = centrality_csv_text(tiny.graph, "talent-flow")
    lines = text.splitlines()
    assert lines[0] == ("id,name_en,name_zh,type,degree,in_degree,out_degree,betweenness,closeness,eigenvector,"
                        "pagerank,community")
    # 1/√2 = 0.7071068, 740/2169 = 0.3411710
    assert lines[2] == "id/company/y,Y,乙,Company,3,2,1,0.500000,0.500000,0.707107,0.341171,1"
    assert text.endswith("\n") and "\r" not in text


def test_reach_and_moves_per_year(tiny: KnowledgeGraph) -> None:
    assert moves_per_year(tiny.graph) == ({2020: 1, 2021: 2}, 1)
    (group,) = alumni_groups(tiny.graph, figures_by_subject(tiny.triples()))
    assert group.group.bilingual() == "X alumni (甲校友会)"
    assert [c.id for c in group.companies] == [X] and group.founded == 2015
    assert [p.id for p in group.founders] == [BO] and [p.id for p in group.members] == [ANN, DAI]
    assert [f.text() for f in group.figures] == ["members: more than 120 people (2023)"]
    assert group.people == 3


runner = CliRunner()


def test_cli_centrality_csv_json_and_table(facts_dir: Path) -> None:
    args = ["centrality", "--facts", str(facts_dir), "--projection", "talent-flow"]
    out = runner.invoke(app, [*args, "--measure", "in-degree", "--measure", "pagerank", "--top", "2",
                              "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["name_en"], r["name_zh"], r["in_degree"], r["pagerank"]) for r in rows] == [
        ("Y", "乙", "2", "0.341171"), ("Z", "丙", "1", "0.474412")]
    out = runner.invoke(app, [*args, "--measure", "all", "--format", "json"])
    data = json.loads(out.stdout)
    assert [r["id"] for r in data] == [Y, X, Z]  # ranked by degree, the first of all measures
    assert data[0]["betweenness"] == 0.5 and data[0]["name_zh"] == "乙"
    out = runner.invoke(app, [*args, "--measure", "betweenness"])
    assert out.exit_code == 0 and "乙" in out.stdout and "0.500000" in out.stdout


def test_cli_centrality_rejects_unknown_projection_measure_and_format(facts_dir: Path) -> None:
    for extra in (["--projection", "nope"], ["--measure", "fame"], ["--format", "xml"]):
        out = runner.invoke(app, ["centrality", "--facts", str(facts_dir), *extra])
        assert out.exit_code == 2
        assert "error:" in out.output
