"""Turtle export of the default graph (the union of all source graphs).

>>> from rdflib import URIRef
>>> "@prefix ag:" in turtle_text([])
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib.term import Node

from .atomic import write_atomic
from .rdfsyntax import EXPORT_PREFIXES, prefix_block, turtle_block

HEADER = "# alumnigraph instance data: https://w3id.org/alumnigraph/ (built file; edit graph/ instead)\n"


def turtle_text(triples: Iterable[tuple[Node, Node, Node]], header: str = HEADER) -> str:
    """The whole Turtle document."""
    return header + prefix_block(EXPORT_PREFIXES) + "\n" + turtle_block(triples, EXPORT_PREFIXES)


def write_turtle(triples: Iterable[tuple[Node, Node, Node]], path: Path, header: str = HEADER) -> None:
    """Write the Turtle document to ``path``, atomically."""
    write_atomic(path, turtle_text(triples, header))
