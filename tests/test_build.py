"""The builder: one graph for networkx and RDF, with the same ids, types and provenance."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, URIRef

from alumnigraph.build import KnowledgeGraph, build
from alumnigraph.ids import BASE, iri
from alumnigraph.load import LoadedFile
from alumnigraph.vocab import AG

CLASS_OF = {
    "Person": AG.Person,
    "Company": AG.Company,
    "AlumniGroup": AG.AlumniGroup,
    "Organization": AG.Organization,
    "Event": AG.Event,
}


def test_networkx_nodes_are_the_rdf_entities(kg: KnowledgeGraph, loaded: list[LoadedFile]) -> None:
    declared = {e.id for lf in loaded for e in lf.facts.entities()}
    assert {n.removeprefix("id/") for n in kg.graph.nodes} == declared
    typed = {(s, o) for s, p, o in kg.triples() if p == RDF.type}
    for n, data in kg.graph.nodes(data=True):
        assert (URIRef(BASE + n), CLASS_OF[data["type"]]) in typed
        assert data["sources"], n


def test_entities_merge_across_sources(kg: KnowledgeGraph, loaded: list[LoadedFile]) -> None:
    tencent = kg.graph.nodes["id/company/tencent"]
    files_naming_tencent = {
        lf.facts.source.file for lf in loaded for o in lf.facts.organizations if o.id == "company/tencent"
    }
    assert len(files_naming_tencent) >= 3
    assert len(tencent["sources"]) == len(files_naming_tencent)
    assert tencent["wikidata"] == "Q860580"


def test_every_move_becomes_left_and_joined_edges(kg: KnowledgeGraph, loaded: list[LoadedFile]) -> None:
    moves = [m for lf in loaded for m in lf.facts.moves]
    kinds = Counter(d["kind"] for _, _, d in kg.graph.edges(data=True))
    assert kinds["left"] == sum(m.from_ is not None for m in moves)
    assert kinds["joined"] == sum(m.to is not None for m in moves)
    rdf_moves = {s for s, p, o in kg.triples() if p == RDF.type and o == AG.Move}
    edge_moves = {d["move"] for _, _, d in kg.graph.edges(data=True) if "move" in d}
    assert {URIRef(BASE + m) for m in edge_moves} == rdf_moves
    assert len(rdf_moves) == len(moves)


def test_move_edges_carry_year_and_quote(kg: KnowledgeGraph) -> None:
    edges = [d for u, v, d in kg.graph.edges(data=True) if u == "id/person/zhou-shan-s000" and d["kind"] == "joined"]
    assert [(d["year"], d["source"]) for d in edges] == [(2021, "source/000-4f7deda417ad9362")]
    assert "OKX" in edges[0]["quote"]


def test_statements_are_reified_in_their_source_graph(kg: KnowledgeGraph) -> None:
    s, o = URIRef(iri("group/nanji-quan")), URIRef(iri("person/pan-guohua"))
    graphs = {g for (st, p, obj, g) in kg.quads if p == RDF.subject and obj == s}
    assert graphs == {URIRef(iri("source/003-0624c5519d2bf45e"))}
    founder_statements = {st for st, p, obj, g in kg.quads if p == RDF.object and obj == o} & {
        st for st, p, obj, g in kg.quads if p == RDF.predicate and obj == AG.founder
    }
    assert len(founder_statements) == 1


def test_build_does_not_depend_on_file_order(loaded: list[LoadedFile], kg: KnowledgeGraph) -> None:
    again = build(list(reversed(loaded)))
    assert again.quads == kg.quads
    assert list(again.graph.nodes(data=True)) == list(kg.graph.nodes(data=True))
    assert list(again.graph.edges(keys=True, data=True)) == list(kg.graph.edges(keys=True, data=True))
