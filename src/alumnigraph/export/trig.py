"""TriG export: one named graph per source article, named by the source's IRI.

>>> "@prefix source:" in trig_text([])
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib.term import Node

from .atomic import write_atomic
from .rdfsyntax import EXPORT_PREFIXES, prefix_block, ttl_term, turtle_block
from .turtle import HEADER

Quad = tuple[Node, Node, Node, Node]


def trig_text(quads: Iterable[Quad], header: str = HEADER) -> str:
    """The whole TriG document, graphs sorted by name."""
    graphs: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(g, []).append((s, p, o))
    blocks = []
    for g in sorted(graphs, key=lambda g: str(g)):
        body = turtle_block(graphs[g], EXPORT_PREFIXES, indent="    ")
        blocks.append(f"{ttl_term(g, EXPORT_PREFIXES)} {{\n{body}}}\n")
    return header + prefix_block(EXPORT_PREFIXES) + "\n" + "\n".join(blocks)


def write_trig(quads: Iterable[Quad], path: Path, header: str = HEADER) -> None:
    """Write the TriG document to ``path``, atomically."""
    write_atomic(path, trig_text(quads, header))
