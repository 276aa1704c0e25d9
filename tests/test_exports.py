"""The exports: they parse in two independent parsers, agree with each other, and are deterministic."""

from __future__ import annotations

import filecmp
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib

from alumnigraph.build import KnowledgeGraph
from alumnigraph.export import FORMATS
from alumnigraph.exports import build_exports, write_exports
from alumnigraph.ids import iri
from tests.conftest import EXPORTS_DIR, GRAPH_DIR

RDF_FORMATS = {"ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE), "nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES)}


def oxigraph_triples(path: Path, fmt: pyoxigraph.RdfFormat) -> set[str]:
    return {str(q.triple) for q in pyoxigraph.parse(path=str(path), format=fmt)}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_parse_in_rdflib_and_oxigraph_identically(
    kg: KnowledgeGraph, built_exports: Path, fmt: str
) -> None:
    rdflib_fmt, ox_fmt = RDF_FORMATS[fmt]
    path = built_exports / FORMATS[fmt]
    g = rdflib.Graph().parse(path, format=rdflib_fmt)
    expected = kg.triples()
    assert len(g) == len(expected) > 1000
    assert set(g) == set(expected)
    ox = oxigraph_triples(path, ox_fmt)
    nt_text = (built_exports / "alumnigraph.nt").read_text("utf-8")
    nt_lines = {line.rstrip(" .") for line in nt_text.splitlines() if not line.startswith("#")}
    assert len(ox) == len(expected)
    assert ox == nt_lines


def test_trig_has_one_named_graph_per_source(kg: KnowledgeGraph, built_exports: Path, loaded) -> None:
    ds = rdflib.Dataset()
    ds.parse(built_exports / "alumnigraph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    expected = {iri(s) for s in kg.sources}
    assert names == expected and len(expected) == len(loaded)
    quads = list(pyoxigraph.parse(path=str(built_exports / "alumnigraph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == expected
    assert len(quads) == len(kg.quads)
    # every source graph holds its own ag:Source description
    for name in expected:
        assert (
            rdflib.URIRef(name),
            rdflib.RDF.type,
            rdflib.URIRef("https://w3id.org/alumnigraph/ontology#Source"),
        ) in ds.graph(rdflib.URIRef(name))


def test_graphml_round_trips(kg: KnowledgeGraph, built_exports: Path) -> None:
    g = nx.read_graphml(built_exports / "alumnigraph.graphml", force_multigraph=True)
    assert set(g.nodes) == set(kg.graph.nodes)
    assert g.number_of_edges() == kg.graph.number_of_edges()
    assert g.nodes["id/company/tencent"]["label_zh"] == "腾讯"
    assert g.nodes["id/company/tencent"]["label"] == "Tencent / 腾讯"


def test_building_twice_is_byte_identical(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build_exports(GRAPH_DIR, first)
    build_exports(GRAPH_DIR, second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(FORMATS.values())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == [] and sorted(match) == names


def test_committed_exports_are_up_to_date(built_exports: Path) -> None:
    """CI fails when exports/ is stale: rebuild with `alumnigraph build` and commit."""
    for name in sorted(FORMATS.values()):
        committed = EXPORTS_DIR / name
        assert committed.is_file(), f"exports/{name} is missing: run `alumnigraph build`"
        assert committed.read_bytes() == (built_exports / name).read_bytes(), (
            f"exports/{name} is stale: run `alumnigraph build`"
        )


def test_interrupted_export_keeps_previous_files(
    kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_exports(kg, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(graph, path):  # a writer that dies half-way, after writing part of its file
        Path(path).write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    from alumnigraph import exports

    monkeypatch.setitem(exports.WRITERS, "graphml", broken)
    with pytest.raises(KeyboardInterrupt):
        write_exports(kg, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


STAMPED = (
    "alumnigraph.ttl",
    "alumnigraph.trig",
    "alumnigraph.nt",
    "alumnigraph.graphml",
    "alumnigraph.gexf",
    "alumnigraph.html",
    "alumnigraph.json",
)


def test_exports_state_version_and_content_hash(kg: KnowledgeGraph, built_exports: Path) -> None:
    from alumnigraph import __version__

    digest = kg.graph.graph["content_hash"]
    assert len(digest) == 64 and kg.graph.graph["version"] == __version__
    for name in STAMPED:
        text = (built_exports / name).read_text("utf-8")
        assert digest in text and __version__ in text, name
    assert (built_exports / "alumnigraph.ttl").read_text("utf-8").splitlines()[1] == f"# {kg.stamp}"


def test_content_hash_follows_the_facts(tmp_path: Path) -> None:
    import shutil

    from alumnigraph.fingerprint import content_hash
    from alumnigraph.load import load_dir

    copy = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, copy)
    same = content_hash(load_dir(copy))
    assert same == content_hash(load_dir(GRAPH_DIR))
    first = sorted(copy.glob("*.yaml"))[0]
    first.write_text(first.read_text("utf-8") + "# a comment changes the bytes\n", encoding="utf-8")
    assert content_hash(load_dir(copy)) != same
