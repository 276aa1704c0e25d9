"""JSON-LD export: the same quads as the TriG export, one named graph per source article.

Layout: the top-level ``@graph`` lists one object per source, ``{"@id": <source IRI>, "@graph": [...]}``,
sorted by ``@id``; inside it, one node object per subject, sorted by ``@id``, with the triples of that
source (the source's own metadata lives in its own graph, like in the TriG export). The default graph
(the Turtle export) is the union of these graphs. Keys are sorted and values sorted, so the same
quads always give the same bytes. No blank nodes are used.

The ``@context`` declares the prefixes of :data:`alumnigraph.vocab.PREFIXES` (instances are written
``id:person/pan-guohua``) and a term for every property and class of the graph: ``ag:`` terms by their
own name (``founder``, ``quote``, ``Person``...), and short aliases for the standard ones —
``sameAs`` is ``schema:sameAs``, ``label`` is ``rdfs:label`` (kept: mapping it to ``schema:name`` would
change the triples), ``comment``, ``altLabel``, ``wasDerivedFrom``, and ``subject``/``predicate``/
``object`` for the ``rdf:Statement`` reification. Properties whose objects are IRIs are coerced
(``"@type": "@id"``); every literal is written as an explicit value object with its language tag or
datatype, so the document parses back to exactly the quads it was written from.

>>> from rdflib import Literal, URIRef
>>> s = URIRef("https://w3id.org/alumnigraph/id/person/a")
>>> g = URIRef("https://w3id.org/alumnigraph/id/source/x")
>>> doc = jsonld_document([(s, URIRef(PREFIXES["rdfs"] + "label"), Literal("甲", lang="zh"), g)])
>>> doc["@graph"][0]["@graph"][0]
{'@id': 'id:person/a', 'label': {'@language': 'zh', '@value': '甲'}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..vocab import AG, CLASSES, DATATYPE_PROPERTIES, OBJECT_PROPERTIES, PREFIXES, SCHEMA
from .atomic import write_atomic

Quad = tuple[Node, Node, Node, Node]

ALIASES: dict[str, tuple[URIRef, bool]] = {
    "label": (RDFS.label, False),
    "comment": (RDFS.comment, False),
    "altLabel": (SKOS.altLabel, False),
    "sameAs": (SCHEMA.sameAs, True),
    "owlSameAs": (OWL.sameAs, True),
    "wasDerivedFrom": (PROV.wasDerivedFrom, True),
    "subject": (RDF.subject, True),
    "predicate": (RDF.predicate, True),
    "object": (RDF.object, False),
}
"""Short names for the standard properties: term → (property, objects are IRIs)."""

_PROPERTY_TERMS: dict[URIRef, tuple[str, bool]] = {
    **{AG[name]: (name, True) for name in OBJECT_PROPERTIES},
    **{AG[name]: (name, False) for name in DATATYPE_PROPERTIES},
    **{iri: (term, is_iri) for term, (iri, is_iri) in ALIASES.items()},
}
_CLASS_TERMS: dict[URIRef, str] = {**{AG[name]: name for name in CLASSES}, RDF.Statement: "Statement"}


def _compact(iri: str) -> str:
    """``prefix:rest`` for the longest matching prefix, else the IRI itself."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def context() -> dict[str, Any]:
    """The ``@context``: prefixes, class terms and property terms.

    >>> ctx = context()
    >>> ctx["sameAs"], ctx["founder"], ctx["Person"]
    ({'@id': 'schema:sameAs', '@type': '@id'}, {'@id': 'ag:founder', '@type': '@id'}, 'ag:Person')
    """
    ctx: dict[str, Any] = dict(PREFIXES)
    for iri, name in _CLASS_TERMS.items():
        ctx[name] = _compact(str(iri))
    for iri, (name, is_iri) in _PROPERTY_TERMS.items():
        ctx[name] = {"@id": _compact(str(iri)), "@type": "@id"} if is_iri else {"@id": _compact(str(iri))}
    return ctx


def _value(obj: Node, coerced: bool) -> Any:
    if isinstance(obj, URIRef):
        return _compact(str(obj)) if coerced else {"@id": _compact(str(obj))}
    if isinstance(obj, Literal):
        if obj.language:
            return {"@language": obj.language, "@value": str(obj)}
        if obj.datatype and obj.datatype != XSD.string:
            return {"@type": _compact(str(obj.datatype)), "@value": str(obj)}
        return {"@value": str(obj)}
    if isinstance(obj, BNode):
        raise ValueError("the JSON-LD export does not write blank nodes")
    raise TypeError(f"not an RDF term: {obj!r}")


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _node(subject: Node, pairs: list[tuple[Node, Node]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _compact(str(subject))}
    values: dict[str, list[Any]] = {}
    for p, o in pairs:
        if p == RDF.type and isinstance(o, URIRef):
            values.setdefault("@type", []).append(_CLASS_TERMS.get(o) or _compact(str(o)))
            continue
        term, is_iri = _PROPERTY_TERMS.get(p, (_compact(str(p)), False))  # type: ignore[arg-type]
        values.setdefault(term, []).append(_value(o, is_iri))
    for key, vals in values.items():
        unique = sorted({_sort_key(v): v for v in vals}.values(), key=_sort_key)
        node[key] = unique[0] if len(unique) == 1 else unique
    return node


def jsonld_document(quads: Iterable[Quad]) -> dict[str, Any]:
    """The JSON-LD document (a dict) for ``quads``: one named graph per graph name."""
    graphs: dict[Node, dict[Node, list[tuple[Node, Node]]]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(g, {}).setdefault(s, []).append((p, o))
    named = []
    for g, subjects in graphs.items():
        nodes = sorted((_node(s, pairs) for s, pairs in subjects.items()), key=lambda n: n["@id"])
        named.append({"@id": _compact(str(g)), "@graph": nodes})
    named.sort(key=lambda n: n["@id"])
    return {"@context": context(), "@graph": named}


def jsonld_text(quads: Iterable[Quad]) -> str:
    """The JSON-LD document as text: sorted keys, two-space indent, UTF-8 characters kept.

    >>> jsonld_text([]).startswith('{\\n  "@context": {')
    True
    """
    return json.dumps(jsonld_document(quads), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def write_jsonld(quads: Iterable[Quad], path: Path) -> None:
    """Write the JSON-LD document to ``path``, atomically."""
    write_atomic(path, jsonld_text(quads))
