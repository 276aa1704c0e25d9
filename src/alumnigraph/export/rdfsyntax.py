"""Term and block formatting shared by the N-Triples, Turtle and TriG writers.

Output is canonical: literals escaped per the N-Triples grammar, objects and predicates sorted,
so the same triples always give the same bytes.

>>> from rdflib import Literal, URIRef
>>> nt_term(Literal('say "hi"\\n', lang="en"))
'"say \\\\"hi\\\\"\\\\n"@en'
>>> ttl_term(URIRef("https://w3id.org/alumnigraph/id/company/tencent"), EXPORT_PREFIXES)
'company:tencent'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..ids import DERIVED_KINDS, ENTITY_KINDS, ID_BASE
from ..rdfterms import escape_string
from ..vocab import PREFIXES

_KIND_PREFIX = {"org": "organization"}
EXPORT_PREFIXES: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items() if k != "id"},
    **{_KIND_PREFIX.get(kind, kind): f"{ID_BASE}{kind}/" for kind in (*ENTITY_KINDS, *DERIVED_KINDS)},
}
"""Prefixes written into the exports: the vocabularies plus one per kind of resource."""

_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


def _iri(value: str) -> str:
    return "<" + _IRI_BAD.sub(lambda m: f"\\u{ord(m.group(0)):04X}", value) + ">"


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        body = f'"{escape_string(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{body}^^{_iri(str(term.datatype))}"
        return body
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def compact(value: str, prefixes: Mapping[str, str]) -> str | None:
    """``prefix:local`` for an IRI when some prefix gives a valid local name, else ``None``."""
    best = None
    for prefix, ns in prefixes.items():
        if value.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            local = value[len(ns) :]
            if _PN_LOCAL.match(local):
                best = prefix
    return None if best is None else f"{best}:{value[len(prefixes[best]) :]}"


def ttl_term(term: Node, prefixes: Mapping[str, str]) -> str:
    """A term in Turtle syntax, IRIs compacted with ``prefixes``."""
    if isinstance(term, URIRef):
        return compact(str(term), prefixes) or _iri(str(term))
    if isinstance(term, Literal) and term.datatype and not term.language and term.datatype != XSD.string:
        body = f'"{escape_string(str(term))}"'
        return f"{body}^^{ttl_term(term.datatype, prefixes)}"
    return nt_term(term)


def prefix_block(prefixes: Mapping[str, str]) -> str:
    """``@prefix`` lines, sorted by prefix."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))


def turtle_block(triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str], indent: str = "") -> str:
    """Subject-grouped Turtle for ``triples``: subjects, predicates and objects sorted.

    >>> from rdflib import URIRef, Literal
    >>> s = URIRef("https://w3id.org/alumnigraph/id/person/a")
    >>> print(turtle_block([(s, RDF.type, URIRef(PREFIXES["ag"] + "Person"))], EXPORT_PREFIXES), end="")
    person:a
        a ag:Person .
    """
    by_subject: dict[Node, dict[Node, set[str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(ttl_term(o, prefixes))
    out: list[str] = []
    for s in sorted(by_subject, key=nt_term):
        preds = by_subject[s]
        lines = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, nt_term(p))):
            verb = "a" if p == RDF.type else ttl_term(p, prefixes)
            objects = sorted(preds[p])
            lines.append(f"{indent}    {verb} " + ", ".join(objects))
        out.append(f"{indent}{ttl_term(s, prefixes)}\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(out)
