"""SHACL: the real built graph conforms; graphs with one defect do not, and the report names the
shape, the path and the focus node."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from typer.testing import CliRunner

from alumnigraph.build import KnowledgeGraph
from alumnigraph.cli import app
from alumnigraph.shacl import (
    ShaclReport,
    Violation,
    node_shape_count,
    shapes_graph,
    union_graph,
    validate,
    validate_graph,
)
from alumnigraph.vocab import AG

from .conftest import GRAPH_DIR, SOURCES_DIR
from .factfiles import BASE_YAML, write_facts


@pytest.fixture(scope="module")
def report(kg: KnowledgeGraph) -> ShaclReport:
    return validate(kg)


def test_built_graph_conforms(report: ShaclReport) -> None:
    assert report.conforms, report.summary()
    assert report.violation_count == 0
    assert report.shapes == node_shape_count(shapes_graph()) > 10
    assert report.summary() == f"SHACL: conforms ({report.shapes} shapes)"


@pytest.fixture(scope="module")
def union(kg: KnowledgeGraph) -> Graph:
    return union_graph(kg)


def _first(g: Graph, cls: URIRef, where: Callable[[URIRef], bool] = lambda _: True) -> URIRef:
    found = sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef) and where(s))
    assert found, f"the built graph should have a {cls.n3()}"
    return found[0]


def _defective(union: Graph, change: Callable[[Graph], URIRef], whole: bool = False) -> tuple[ShaclReport, str]:
    """Validate a copy of the built graph changed by ``change``: the changed node, or ``whole`` graph.

    Returns the report and the changed node (the expected focus node).
    """
    g = Graph()
    for triple in union:
        g.add(triple)
    focus = change(g)
    return validate_graph(g, focus_nodes=None if whole else [focus]), focus.n3()


def _named(report: ShaclReport, shape: str, path: str, focus: str, component: str) -> Violation:
    assert not report.conforms
    wanted = (shape, path, focus, component)
    matches = [v for v in report.violations if (v.shape, v.path, v.focus, v.component) == wanted]
    assert matches, report.summary()
    assert shape in report.summary() and focus in report.summary()
    return matches[0]


def test_move_without_person(union: Graph) -> None:
    def change(g: Graph) -> URIRef:
        move = _first(g, AG.Move)
        g.remove((move, AG.person, None))
        return move

    report, focus = _defective(union, change, whole=True)
    assert report.violation_count == 1, report.summary()
    v = _named(report, "ags:MoveShape", "ag:person", focus, "MinCount")
    assert "exactly one ag:person" in v.message
    assert "ag:person" in report.text and "MinCountConstraintComponent" in report.text


def test_statement_without_quote(union: Graph) -> None:
    def change(g: Graph) -> URIRef:
        statement = _first(g, RDF.Statement)
        g.remove((statement, AG.quote, None))
        return statement

    report, focus = _defective(union, change)
    assert report.violation_count == 1, report.summary()
    _named(report, "ags:StatementShape", "ag:quote", focus, "MinCount")


def _second_chinese_label(g: Graph) -> URIRef:
    person = _first(g, AG.Person)
    g.add((person, RDFS.label, Literal("另一个名字", lang="zh")))
    return person


def _move_going_nowhere(g: Graph) -> URIRef:
    move = _first(g, AG.Move)
    g.remove((move, AG.fromOrganization, None))
    g.remove((move, AG.toOrganization, None))
    return move


def _integer_year(g: Graph) -> URIRef:
    move = _first(g, AG.Move, lambda m: g.value(m, AG.year) is not None)
    g.set((move, AG.year, Literal(str(g.value(move, AG.year)), datatype=XSD.integer)))
    return move


def _undated_source(g: Graph) -> URIRef:
    source = _first(g, AG.Source)
    for p in (AG.publicationDate, AG.dateNotBefore, AG.dateNotAfter):
        g.remove((source, p, None))
    return source


def _statement_from_a_person(g: Graph) -> URIRef:
    statement = _first(g, RDF.Statement)
    g.set((statement, PROV.wasDerivedFrom, _first(g, AG.Person)))
    return statement


def _alumni_group_of_a_person(g: Graph) -> URIRef:
    group = _first(g, AG.AlumniGroup)
    g.add((group, AG.alumniGroupOf, _first(g, AG.Person)))
    return group


def _person_and_company(g: Graph) -> URIRef:
    person = _first(g, AG.Person)
    g.add((person, RDF.type, AG.Company))
    return person


DEFECTS = [
    (_second_chinese_label, "ags:NamedEntityShape", "rdfs:label", "UniqueLang"),
    (_second_chinese_label, "ags:NamedEntityShape", "rdfs:label", "MaxCount"),
    (_move_going_nowhere, "ags:MoveShape", "", "Or"),
    (_integer_year, "ags:MoveShape", "ag:year", "Datatype"),
    (_undated_source, "ags:SourceShape", "", "Or"),
    (_statement_from_a_person, "ags:StatementShape", "prov:wasDerivedFrom", "Class"),
    (_alumni_group_of_a_person, "ags:AlumniGroupShape", "ag:alumniGroupOf", "Class"),
    (_person_and_company, "ags:PersonShape", "", "Not"),
]


@pytest.mark.parametrize(("change", "shape", "path", "component"), DEFECTS,
                         ids=[f"{d[0].__name__.strip('_')}-{d[3]}" for d in DEFECTS])
def test_defect_is_reported(
    union: Graph, change: Callable[[Graph], URIRef], shape: str, path: str, component: str
) -> None:
    report, focus = _defective(union, change)
    _named(report, shape, path, focus, component)


def test_check_command_runs_shacl_on_the_real_graph() -> None:
    result = CliRunner().invoke(app, ["check", "--facts", str(GRAPH_DIR), "--sources", str(SOURCES_DIR)])
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms (" in result.output


def test_check_command_fails_on_facts_that_pass_the_fact_checks_but_not_the_shapes(tmp_path: Path) -> None:
    """Facts that pass every fact check but break a (here: project-specific, stricter) shape fail `check`."""
    facts = write_facts(tmp_path, BASE_YAML)
    strict = tmp_path / "strict.ttl"
    strict.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ag: <https://w3id.org/alumnigraph/ontology#> .\n"
        "@prefix ags: <https://w3id.org/alumnigraph/shapes#> .\n"
        "ags:MoveNeedsReasonShape a sh:NodeShape ; sh:targetClass ag:Move ;\n"
        "    sh:property [ sh:path ag:reason ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    args = ["check", "--facts", str(facts), "--sources", str(tmp_path / "sources")]
    assert CliRunner().invoke(app, args).exit_code == 0
    result = CliRunner().invoke(app, [*args, "--shapes", str(strict)])
    assert result.exit_code == 1, result.output
    assert "SHACL: 1 violation(s)" in result.output
    assert "ags:MoveNeedsReasonShape ag:reason" in result.output
