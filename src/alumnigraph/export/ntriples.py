"""N-Triples export: one sorted line per triple of the default graph.

>>> from rdflib import URIRef, Literal
>>> print(ntriples_text([(URIRef("urn:a"), URIRef("urn:b"), Literal("c"))]), end="")
<urn:a> <urn:b> "c" .
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib.term import Node

from .atomic import write_atomic
from .rdfsyntax import nt_term


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]], header: str = "") -> str:
    """Sorted, deduplicated N-Triples, after ``header`` (comment lines)."""
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples}
    return header + "".join(sorted(lines))


def write_ntriples(triples: Iterable[tuple[Node, Node, Node]], path: Path, header: str = "") -> None:
    """Write ``triples`` to ``path`` as N-Triples, atomically."""
    write_atomic(path, ntriples_text(triples, header))
