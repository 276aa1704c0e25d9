"""The OWL ontology: it parses, declares exactly the vocabulary's terms, keeps the public interface,
covers every term of the built graph, and docs/ontology.md is generated from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD
from typer.testing import CliRunner

from alumnigraph.build import KnowledgeGraph
from alumnigraph.cli import app
from alumnigraph.export.trig import write_trig
from alumnigraph.ids import iri
from alumnigraph.load import LoadedFile
from alumnigraph.ontology_docs import (
    EXAMPLE_OBJECT,
    EXAMPLE_SUBJECT,
    PROVENANCE_QUERIES,
    ontology_markdown,
    write_ontology_docs,
)
from alumnigraph.shacl import PACKAGED_FILES, ontology_graph
from alumnigraph.vocab import AG, CLASSES, DATATYPE_PROPERTIES, OBJECT_PROPERTIES, ORG, SCHEMA, TERMS

from .conftest import REPO

ONTOLOGY_DIR = REPO / "ontology"
PACKAGE_ONTOLOGY_DIR = REPO / "src" / "alumnigraph" / "ontology"
ONTOLOGY_IRI = URIRef("https://w3id.org/alumnigraph/ontology")
OWL_TYPE = {**dict.fromkeys(CLASSES, OWL.Class), **dict.fromkeys(OBJECT_PROPERTIES, OWL.ObjectProperty),
            **dict.fromkeys(DATATYPE_PROPERTIES, OWL.DatatypeProperty)}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "alumnigraph.ttl", format="turtle")


def _ag_names(nodes: Iterator[object]) -> set[str]:
    return {str(n).removeprefix(str(AG)) for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(AG))}


@pytest.mark.parametrize("name", PACKAGED_FILES)
def test_file_parses_in_rdflib_and_pyoxigraph_to_the_same_triples(name: str) -> None:
    path = ONTOLOGY_DIR / name
    rdflib_graph = Graph().parse(path, format="turtle")
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(rdflib_graph) > 100
    oxi_subjects = {q.subject.value for q in store if isinstance(q.subject, pyoxigraph.NamedNode)}
    assert oxi_subjects == {str(s) for s in rdflib_graph.subjects() if isinstance(s, URIRef)}


@pytest.mark.parametrize("name", PACKAGED_FILES)
def test_packaged_copy_is_byte_identical(name: str) -> None:
    canonical, packaged = ONTOLOGY_DIR / name, PACKAGE_ONTOLOGY_DIR / name
    assert packaged.read_bytes() == canonical.read_bytes(), (
        f"{packaged} differs from {canonical}: run `cp ontology/*.ttl src/alumnigraph/ontology/`"
    )


def test_package_loads_the_same_ontology(onto: Graph) -> None:
    assert isomorphic(ontology_graph(), onto)


def test_declared_terms_are_exactly_the_vocabulary(onto: Graph) -> None:
    declared = {
        kind: _ag_names(onto.subjects(RDF.type, kind)) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    }
    every = set().union(*declared.values())
    assert not set(TERMS) - every, f"in vocab.py but not declared: {sorted(set(TERMS) - every)}"
    assert not every - set(TERMS), f"declared but not in vocab.py: {sorted(every - set(TERMS))}"
    for name in TERMS:
        assert name in declared[OWL_TYPE[name]], f"ag:{name} should be a {OWL_TYPE[name].n3()}"
        assert sum(name in names for names in declared.values()) == 1, f"ag:{name} has several OWL types"
    mentioned = _ag_names(onto.subjects()) | _ag_names(onto.objects())
    assert mentioned == set(TERMS), f"undeclared ag: terms used: {sorted(mentioned - set(TERMS))}"


@pytest.mark.parametrize("name", TERMS)
def test_term_has_labels_and_comments_in_english_and_chinese(onto: Graph, name: str) -> None:
    term = AG[name]
    for predicate in (RDFS.label, RDFS.comment):
        for lang in ("en", "zh"):
            texts = [o for o in onto.objects(term, predicate) if isinstance(o, Literal) and o.language == lang]
            assert len(texts) == 1, f"ag:{name} needs exactly one {predicate.n3()}@{lang}, has {texts}"
            assert str(texts[0]).strip()
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto


def test_ontology_header(onto: Graph) -> None:
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionInfo) is not None
    assert {lit.language for lit in onto.objects(o, DCTERMS.title)} == {"en", "zh"}
    description = str(onto.value(o, DCTERMS.description, any=True))
    assert "rdf:Statement" in description and "ag:quote" in description and "prov:wasDerivedFrom" in description
    assert (o, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in onto
    assert str(onto.value(o, DCTERMS.creator)) == "alumnigraph project"


def _union_members(onto: Graph, node: object) -> set[object]:
    assert isinstance(node, BNode), node
    return set(Collection(onto, onto.value(node, OWL.unionOf)))


def test_public_interface_fixed_by_the_issue(onto: Graph) -> None:
    assert str(AG) == "https://w3id.org/alumnigraph/ontology#"
    for sub in (AG.Company, AG.AlumniGroup):
        assert (sub, RDFS.subClassOf, AG.Organization) in onto
    for cls in (AG.Organization, AG.Person, AG.Move, AG.Source):
        assert (cls, RDF.type, OWL.Class) in onto
    ranges = {AG.year: XSD.gYear, AG.foundingYear: XSD.gYear, AG.isPseudonym: XSD.boolean,
              AG.quote: RDF.langString, AG.alumniGroupOf: AG.Company, AG.founder: AG.Person,
              AG.person: AG.Person, AG.fromOrganization: AG.Organization, AG.toOrganization: AG.Organization}
    for prop, expected in ranges.items():
        assert onto.value(prop, RDFS.range) == expected, prop
    assert onto.value(AG.alumniGroupOf, RDFS.domain) == AG.AlumniGroup
    assert onto.value(AG.founder, RDFS.domain) == AG.Organization
    assert _union_members(onto, onto.value(AG.date, RDFS.range)) == {XSD.gYear, XSD.gYearMonth, XSD.date}
    for prop in (AG.memberOf, AG.worksFor):
        assert (prop, RDF.type, OWL.ObjectProperty) in onto


ALIGNMENTS = [
    (AG.Person, RDFS.subClassOf, FOAF.Person), (AG.Person, RDFS.subClassOf, SCHEMA.Person),
    (AG.Person, RDFS.subClassOf, PROV.Agent), (AG.Organization, RDFS.subClassOf, ORG.Organization),
    (AG.Organization, RDFS.subClassOf, SCHEMA.Organization), (AG.Organization, RDFS.subClassOf, FOAF.Organization),
    (AG.Source, RDFS.subClassOf, SCHEMA.Article), (AG.Source, RDFS.subClassOf, PROV.Entity),
    (AG.Move, RDFS.subClassOf, SCHEMA.Event), (AG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
    (AG.memberOf, RDFS.subPropertyOf, SCHEMA.memberOf), (AG.worksFor, RDFS.subPropertyOf, SCHEMA.worksFor),
    (AG.founder, RDFS.subPropertyOf, SCHEMA.founder), (AG.foundingYear, RDFS.subPropertyOf, SCHEMA.foundingDate),
    (AG.author, RDFS.subPropertyOf, SCHEMA.author), (AG.author, RDFS.subPropertyOf, DCTERMS.creator),
]


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: f"{t[0].n3()}-{t[2].n3()}")
def test_alignment(onto: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in onto


def test_move_is_not_a_prov_activity(onto: Graph) -> None:
    """Moves carry prov:wasDerivedFrom (domain prov:Entity), and PROV-O makes Activity and Entity disjoint."""
    assert (AG.Move, RDFS.subClassOf, PROV.Activity) not in onto


def test_every_ag_term_of_the_built_graph_is_declared_with_its_kind(onto: Graph, kg: KnowledgeGraph) -> None:
    triples = kg.triples()
    classes = _ag_names(o for _, p, o in triples if p == RDF.type)
    assert classes <= _ag_names(onto.subjects(RDF.type, OWL.Class)), classes
    for p in {p for _, p, _ in triples if str(p).startswith(str(AG))}:
        objects = [o for _, q, o in triples if q == p]
        if all(isinstance(o, Literal) for o in objects):
            assert (p, RDF.type, OWL.DatatypeProperty) in onto, f"{p.n3()} has literal values"
        else:
            assert all(isinstance(o, URIRef) for o in objects), f"{p.n3()} mixes IRIs and literals"
            assert (p, RDF.type, OWL.ObjectProperty) in onto, f"{p.n3()} has IRI values"


def _allowed_datatypes(onto: Graph, prop: URIRef) -> set[object]:
    rng = onto.value(prop, RDFS.range)
    return _union_members(onto, rng) if isinstance(rng, BNode) else {rng}


def test_built_literals_have_the_datatype_of_their_property_range(onto: Graph, kg: KnowledgeGraph) -> None:
    wrong = []
    for s, p, o in kg.triples():
        if isinstance(o, Literal) and str(p).startswith(str(AG)):
            kind = RDF.langString if o.language else (o.datatype or XSD.string)
            if kind not in _allowed_datatypes(onto, p):
                wrong.append((s.n3(), p.n3(), o.n3()))
    assert not wrong, wrong[:10]


# --- docs/ontology.md --------------------------------------------------------------------------------


def test_docs_are_up_to_date() -> None:
    committed = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert committed == ontology_markdown(), "docs/ontology.md is stale: run `alumnigraph docs ontology`"


def test_docs_describe_every_term_and_shape() -> None:
    text = ontology_markdown()
    for name in TERMS:
        assert f"\n### ag:{name}\n" in text
    for heading in ("## Provenance: the quote behind any statement",
                    "## Loading the exports into Apache Jena Fuseki or Virtuoso", "### ags:MoveShape"):
        assert heading in text
    for command in ("tdb2.tdbloader", "--set tdb:unionDefaultGraph=true", "ld_dir(", "rdf_loader_run()",
                    "oxigraph load"):
        assert command in text


def test_docs_command_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    first = tmp_path / "first.md"
    result = CliRunner().invoke(app, ["docs", "ontology", "--out", str(first)])
    assert result.exit_code == 0, result.output
    second = write_ontology_docs(tmp_path / "second.md")
    assert first.read_bytes() == second.read_bytes() == ontology_markdown().encode("utf-8")


@pytest.fixture(scope="module")
def store(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> pyoxigraph.Store:
    """The TriG export of the real graph in Oxigraph, loaded the way docs/ontology.md says."""
    path = tmp_path_factory.mktemp("trig") / "alumnigraph.trig"
    write_trig(kg.quads, path)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    return store


def _rows(store: pyoxigraph.Store, name: str) -> list[dict[str, str]]:
    solutions = store.query(PROVENANCE_QUERIES[name], use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_documented_quote_query_returns_the_curated_quotes(store: pyoxigraph.Store, loaded: list[LoadedFile]) -> None:
    subject, obj = EXAMPLE_SUBJECT.removeprefix(iri("")), EXAMPLE_OBJECT.removeprefix(iri(""))
    expected = {
        (quote, lf.facts.source.file)
        for lf in loaded
        for claim in lf.facts.claims
        if (claim.subject, claim.property, claim.value) == (subject, "alumniGroupOf", obj)
        for quote in claim.quotes
    }
    assert expected, "the documented example fact should be curated"
    assert {(r["quote"], r["file"]) for r in _rows(store, "quote_of_statement")} == expected
    assert {r["file"] for r in _rows(store, "sources_of_triple")} == {file for _, file in expected}


def test_documented_move_query_returns_every_curated_move_quote(
    store: pyoxigraph.Store, loaded: list[LoadedFile]
) -> None:
    expected = {(iri(m.person), q, lf.facts.source.file) for lf in loaded for m in lf.facts.moves for q in m.quotes}
    assert expected
    assert {(r["person"], r["quote"], r["file"]) for r in _rows(store, "quotes_of_moves")} == expected
