"""SHACL validation of the built graph against the shapes in ``ontology/shapes.ttl``.

The ontology and the shapes ship inside the package (``alumnigraph/ontology/*.ttl``, byte-identical
copies of the canonical files in the repository's ``ontology/`` folder; a test keeps them equal),
so validation works from an installed wheel as well as from a checkout.

Validation runs pyshacl over the union graph of a :class:`~alumnigraph.build.KnowledgeGraph`, with
the ontology mixed in so that ``sh:class ag:Organization`` accepts an ``ag:Company`` through
``rdfs:subClassOf``. It deliberately runs without RDFS inference: inferring types from
``rdfs:range`` would make every ``sh:class`` constraint hold by construction.

>>> len(shapes_graph()) > 0 and node_shape_count(shapes_graph()) > 10
True
>>> from pathlib import Path
>>> from alumnigraph.exports import load_graph
>>> report = validate(load_graph(Path("graph")))
>>> report.conforms, report.violation_count
(True, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .build import KnowledgeGraph
from .vocab import PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/alumnigraph/shapes#"
ONTOLOGY_FILE = "alumnigraph.ttl"
SHAPES_FILE = "shapes.ttl"
PACKAGED_FILES = (ONTOLOGY_FILE, SHAPES_FILE)
"""The files of the repository's ``ontology/`` folder that are copied into the package."""


def resource_text(name: str) -> str:
    """The text of a packaged ontology file (``alumnigraph.ttl`` or ``shapes.ttl``).

    >>> resource_text("alumnigraph.ttl").count("owl:Ontology") >= 1
    True
    """
    return resources.files("alumnigraph").joinpath("ontology", name).read_text(encoding="utf-8")


def _parse(name: str) -> Graph:
    return Graph().parse(data=resource_text(name), format="turtle")


def ontology_graph() -> Graph:
    """The OWL ontology as an rdflib graph.

    >>> from alumnigraph.vocab import AG
    >>> from rdflib.namespace import OWL
    >>> (AG.Person, RDF.type, OWL.Class) in ontology_graph()
    True
    """
    return _parse(ONTOLOGY_FILE)


def shapes_graph() -> Graph:
    """The SHACL shapes as an rdflib graph.

    >>> (SH.NodeShape in set(shapes_graph().objects(None, RDF.type)))
    True
    """
    return _parse(SHAPES_FILE)


def node_shape_count(shapes: Graph) -> int:
    """How many named node shapes ``shapes`` declares.

    >>> node_shape_count(Graph())
    0
    """
    return len(set(shapes.subjects(RDF.type, SH.NodeShape)))


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node shape, which path, which focus node, and why."""

    shape: str
    path: str
    focus: str
    message: str
    component: str

    def __str__(self) -> str:
        """One line: ``shape path focus: message``.

        >>> str(Violation("ags:MoveShape", "ag:person", "<x>", "a move has one ag:person", "MinCount"))
        'ags:MoveShape ag:person <x>: a move has one ag:person (MinCount)'
        """
        where = " ".join(part for part in (self.shape, self.path, self.focus) if part)
        return f"{where}: {self.message} ({self.component})"


@dataclass(frozen=True)
class ShaclReport:
    """The outcome of a validation: pyshacl's text report and the violations, sorted."""

    conforms: bool
    text: str
    violations: tuple[Violation, ...]
    shapes: int

    @property
    def violation_count(self) -> int:
        """The number of violations (0 when the graph conforms).

        >>> ShaclReport(True, "", (), 3).violation_count
        0
        """
        return len(self.violations)

    def summary(self) -> str:
        """``SHACL: conforms (N shapes)``, or one line per violation.

        >>> ShaclReport(True, "", (), 3).summary()
        'SHACL: conforms (3 shapes)'
        """
        if self.conforms:
            return f"SHACL: conforms ({self.shapes} shapes)"
        lines = [f"SHACL: {self.violation_count} violation(s) of {self.shapes} shapes"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def union_graph(kg: KnowledgeGraph) -> Graph:
    """The default graph of ``kg`` (the union of its source graphs) as an rdflib ``Graph``."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in kg.triples():
        g.add(triple)
    return g


def _short(node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    return node.n3(graph.namespace_manager)


def _violations(results: Graph, shapes: Graph) -> tuple[Violation, ...]:
    names = Graph()
    for prefix, ns in (*PREFIXES.items(), ("ags", SHAPES_NS), ("sh", str(SH))):
        names.bind(prefix, ns, replace=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        owner = shapes.value(None, SH.property, source) or source
        component = _short(results.value(result, SH.sourceConstraintComponent), names)
        found.append(
            Violation(
                shape=_short(owner, names),
                path=_short(results.value(result, SH.resultPath), names),
                focus=_short(results.value(result, SH.focusNode), Graph(bind_namespaces="none")),
                message=str(results.value(result, SH.resultMessage) or ""),
                component=component.removeprefix("sh:").removesuffix("ConstraintComponent"),
            )
        )
    return tuple(sorted(found))


def _run(
    data: Graph, inference: str, focus_nodes: Sequence[URIRef] | None, inplace: bool, extra: Graph | None = None
) -> ShaclReport:
    shapes = shapes_graph()
    if extra is not None:
        shapes += extra
    conforms, results, text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology_graph(),
        inference=inference,
        inplace=inplace,
        focus_nodes=list(focus_nodes) if focus_nodes else None,
    )
    return ShaclReport(
        conforms=bool(conforms),
        text=str(text),
        violations=_violations(results, shapes),
        shapes=node_shape_count(shapes),
    )


def validate_graph(
    data: Graph, inference: str = "none", focus_nodes: Sequence[URIRef] | None = None
) -> ShaclReport:
    """Validate an rdflib graph (the union of the source graphs) against the shapes; ``data`` is not changed.

    ``focus_nodes`` limits the validation to those nodes (the shapes that target them), which is
    much faster when only a few nodes changed.

    >>> validate_graph(Graph()).conforms
    True
    """
    return _run(data, inference, focus_nodes, inplace=False)


def validate(kg: KnowledgeGraph, inference: str = "none", extra_shapes: Graph | None = None) -> ShaclReport:
    """Validate the union graph of a built knowledge graph against the shapes (plus ``extra_shapes``).

    >>> from pathlib import Path
    >>> from alumnigraph.exports import load_graph
    >>> validate(load_graph(Path("graph"))).conforms
    True
    """
    return _run(union_graph(kg), inference, None, inplace=True, extra=extra_shapes)
