"""The JSON-LD export parses back, in rdflib and in pyoxigraph, to exactly the RDF of the other exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS

from alumnigraph.build import KnowledgeGraph
from alumnigraph.export.jsonld import context, jsonld_text
from alumnigraph.ids import ID_BASE
from alumnigraph.vocab import AG, PREFIXES, SCHEMA


@pytest.fixture(scope="session")
def jsonld_path(built_exports: Path) -> Path:
    return built_exports / "alumnigraph.jsonld"


@pytest.fixture(scope="session")
def document(jsonld_path: Path) -> dict[str, Any]:
    return json.loads(jsonld_path.read_text(encoding="utf-8"))


def test_rdflib_reads_back_the_quads_of_the_trig_export(jsonld_path: Path, built_exports: Path) -> None:
    from_jsonld = Dataset()
    from_jsonld.parse(jsonld_path, format="json-ld")
    from_trig = Dataset()
    from_trig.parse(built_exports / "alumnigraph.trig", format="trig")
    quads = set(from_jsonld.quads())
    assert quads == set(from_trig.quads()) and len(quads) > 1000


def test_rdflib_reads_back_the_triples_of_the_turtle_export(jsonld_path: Path, built_exports: Path) -> None:
    union = Dataset(default_union=True)
    union.parse(jsonld_path, format="json-ld")
    turtle = Graph().parse(built_exports / "alumnigraph.ttl", format="turtle")
    assert set(union.triples((None, None, None))) == set(turtle)


def test_pyoxigraph_reads_back_the_quads_of_the_trig_export(jsonld_path: Path, built_exports: Path) -> None:
    from_jsonld = set(ox.parse(path=str(jsonld_path), format=ox.RdfFormat.JSON_LD))
    from_trig = set(ox.parse(path=str(built_exports / "alumnigraph.trig"), format=ox.RdfFormat.TRIG))
    assert from_jsonld == from_trig
    assert not any(isinstance(term, ox.BlankNode) for q in from_jsonld for term in (q.subject, q.object))


def test_pyoxigraph_quads_match_the_build(jsonld_path: Path, kg: KnowledgeGraph) -> None:
    """Exact lexical forms too (rdflib would normalise ``"3000000"^^xsd:decimal`` to ``3000000.0``)."""
    parsed = {(q.subject.value, q.predicate.value, _term(q.object), q.graph_name.value)  # type: ignore[union-attr]
              for q in ox.parse(path=str(jsonld_path), format=ox.RdfFormat.JSON_LD)}
    built = {(str(s), str(p), o.n3(), str(g)) for s, p, o, g in kg.quads}
    assert parsed == built


def _term(term: ox.NamedNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    from rdflib import Literal

    if term.language:
        return Literal(term.value, lang=term.language).n3()
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt.endswith("#string") else URIRef(dt)).n3()


def test_one_named_graph_per_source_sorted_by_id(document: dict[str, Any], kg: KnowledgeGraph) -> None:
    graphs = document["@graph"]
    assert [g["@id"] for g in graphs] == sorted(f"id:{s}" for s in kg.sources)
    for g in graphs:
        assert set(g) == {"@id", "@graph"}
        ids = [node["@id"] for node in g["@graph"]]
        assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_the_context_aliases_standard_terms(document: dict[str, Any]) -> None:
    ctx = document["@context"]
    assert ctx == context()
    assert ctx["sameAs"] == {"@id": "schema:sameAs", "@type": "@id"}
    assert ctx["label"] == {"@id": "rdfs:label"}
    assert ctx["founder"] == {"@id": "ag:founder", "@type": "@id"}
    assert ctx["quote"] == {"@id": "ag:quote"}
    assert ctx["Person"] == "ag:Person" and ctx["Statement"] == "rdf:Statement"
    assert {k: ctx[k] for k in PREFIXES} == PREFIXES


def test_a_known_fact_reads_naturally(document: dict[str, Any]) -> None:
    source = next(g for g in document["@graph"] if g["@id"] == "id:source/003-0624c5519d2bf45e")
    nodes = {n["@id"]: n for n in source["@graph"]}
    nanjiquan = nodes["id:group/nanji-quan"]
    assert nanjiquan["@type"] == "AlumniGroup"
    assert nanjiquan["founder"] == "id:person/pan-guohua"
    assert nanjiquan["alumniGroupOf"] == "id:company/tencent"
    assert {"@language": "zh", "@value": "南极圈"} in nanjiquan["label"]
    tencent = nodes["id:company/tencent"]
    assert tencent["sameAs"] == "wd:Q860580"


def test_sameas_and_label_expand_to_schema_and_rdfs(jsonld_path: Path) -> None:
    ds = Dataset(default_union=True)
    ds.parse(jsonld_path, format="json-ld")
    tencent = URIRef(ID_BASE + "company/tencent")
    assert (tencent, SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q860580")) in ds
    assert {str(o) for o in ds.objects(tencent, RDFS.label)} >= {"腾讯", "Tencent"}
    assert (URIRef(ID_BASE + "group/nanji-quan"), AG.founder, URIRef(ID_BASE + "person/pan-guohua")) in ds


def test_the_same_quads_in_any_order_give_the_same_bytes(kg: KnowledgeGraph, jsonld_path: Path) -> None:
    text = jsonld_text(reversed(kg.quads))
    assert text == jsonld_text(kg.quads) == jsonld_path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
