"""N-Triples export of the default graph: source by source, each source's lines sorted, every triple once.

The lines come in build order of the sources (:func:`alumnigraph.build.build_order`); within a source
they are sorted (by code point, which is also UTF-8 byte order), and a triple that an earlier source
already stated is not written again. So the file is canonical — the same facts give the same bytes,
whatever the order of records inside a fact file — and it can be written while the graph is built,
one source at a time, in memory bounded by one source.

Only a triple about a curated entity (a person, organization or event, which several sources may
describe) can repeat across sources; triples about a source's own resources (the source, its moves,
statements, ...) cannot, as their ids are minted per source. :func:`ntriples_block` keeps the two
apart so that the writer checks only the first kind against what it has written.

>>> from alumnigraph.build import uri
>>> label = b'<http://www.w3.org/2000/01/rdf-schema#label>'
>>> first = {(uri("person/a"), label, b'"A"@en'), (uri("source/x"), label, b'"X"@en')}
>>> second = {(uri("person/a"), label, b'"A"@en'), (uri("move/1"), label, b'"M"@en')}
>>> print(ntriples_text_of_blocks([first, second]), end="")
<https://w3id.org/alumnigraph/id/person/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .
<https://w3id.org/alumnigraph/id/source/x> <http://www.w3.org/2000/01/rdf-schema#label> "X"@en .
<https://w3id.org/alumnigraph/id/move/1> <http://www.w3.org/2000/01/rdf-schema#label> "M"@en .
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, NamedTuple

from rdflib.term import Node

from ..ids import ENTITY_KINDS, ID_BASE
from .atomic import staged
from .rdfsyntax import nt_term


class FileRange(NamedTuple):
    """Lines another file holds: ``length`` bytes (``lines`` lines) from ``offset`` of it."""

    offset: int
    length: int
    lines: int


Block = list[bytes | list[bytes] | FileRange]
"""One source's sorted lines: runs of lines that cannot repeat (``bytes``, or a :class:`FileRange` of a file
they were spilled to) and runs of lines about curated entities, one ``bytes`` per line, which may (``list``)."""

_SHARED_SUBJECTS = sorted(f"<{ID_BASE}{kind}/".encode() for kind in ENTITY_KINDS)


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]], header: str = "") -> str:
    """Sorted, deduplicated N-Triples of rdflib triples, after ``header`` (comment lines).

    >>> from rdflib import URIRef, Literal
    >>> print(ntriples_text([(URIRef("urn:a"), URIRef("urn:b"), Literal("c"))]), end="")
    <urn:a> <urn:b> "c" .
    """
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples}
    return header + "".join(sorted(lines))


def ntriples_block(triples: Iterable[tuple[bytes, bytes, bytes]]) -> Block:
    """The sorted lines of one source's distinct triples (terms in N-Triples syntax, UTF-8), as a :data:`Block`.

    >>> from alumnigraph.build import uri
    >>> block = ntriples_block({(uri("move/1"), b"<urn:p>", b'"m"'), (uri("person/a"), b"<urn:p>", b'"a"')})
    >>> [type(part).__name__ for part in block]
    ['bytes', 'list']
    """
    lines = sorted([b"%b %b %b .\n" % triple for triple in triples])  # UTF-8 byte order is code point order
    block: Block = []
    start = 0
    for prefix in _SHARED_SUBJECTS:  # each kind's lines are one contiguous run of the sorted lines
        lo = bisect_left(lines, prefix, start)
        hi = bisect_left(lines, prefix[:-1] + b"0", lo)  # "0" follows "/": the end of the run
        if lo > start:
            block.append(b"".join(lines[start:lo]))
        if hi > lo:
            block.append(lines[lo:hi])
        start = hi
    if start < len(lines):
        block.append(b"".join(lines[start:]))
    return block


class NTriplesWriter:
    """Writes blocks to a binary file in order, leaving out lines an earlier block already wrote."""

    def __init__(self, handle: BinaryIO, header_bytes: int = 0):
        self.handle = handle
        self.header_bytes = header_bytes
        self.written: set[bytes] = set()
        self.count = 0

    def write(self, block: Block, spilled: BinaryIO | None = None) -> None:
        """Write one source's block; its :class:`FileRange` parts are copied from the file ``spilled``."""
        for part in block:
            if isinstance(part, bytes):
                self.handle.write(part)
                self.count += part.count(b"\n")
            elif isinstance(part, FileRange):
                assert spilled is not None, "a block with spilled lines needs the file they were spilled to"
                self._copy(spilled, part)
            else:
                new = _unseen(part, self.written)
                self.handle.write(b"".join(new))
                self.count += len(new)

    def write_sources(self, sources: Iterable[Iterable[tuple[bytes, bytes, bytes]]]) -> None:
        """Write the triples of each source, in order."""
        for triples in sources:
            self.write(ntriples_block(triples))

    def rewrite_header(self, header: str) -> None:
        """Replace the header the file was opened with by one of the same length (e.g. once a hash is known)."""
        data = header.encode("utf-8")
        self.handle.flush()
        if len(data) != self.header_bytes:
            raise ValueError(f"a header of {len(data)} bytes cannot replace one of {self.header_bytes}")
        os.pwrite(self.handle.fileno(), data, 0)

    def _copy(self, spilled: BinaryIO, part: FileRange) -> None:
        self.handle.flush()
        offset, left = part.offset, part.length
        while left:  # in the kernel, when the file system can: the bytes never enter this process
            try:
                done = os.copy_file_range(spilled.fileno(), self.handle.fileno(), left, offset)
            except OSError:
                done = 0
            if not done:  # no copy_file_range here: read and write
                spilled.seek(offset)
                self.handle.write(spilled.read(left))
                self.handle.flush()
                done = left
            offset += done
            left -= done
        self.count += part.lines


def spill(block: Block, handle: BinaryIO, seen: set[bytes]) -> Block:
    """The same block with its ``bytes`` runs written to ``handle`` (given as :class:`FileRange` parts) and the
    entity lines in ``seen`` (an earlier block of the same file wrote them) left out; adds the others to ``seen``.

    >>> import io
    >>> out, seen = io.BytesIO(), set()
    >>> spill([b"<a> <p> 1 .\\n", [b"<e> <p> 2 .\\n"]], out, seen)
    [FileRange(offset=0, length=12, lines=1), [b'<e> <p> 2 .\\n']]
    >>> spill([[b"<e> <p> 2 .\\n"]], out, seen)
    [[]]
    """
    spilled: Block = []
    for part in block:
        if isinstance(part, bytes):
            spilled.append(FileRange(handle.tell(), len(part), part.count(b"\n")))
            handle.write(part)
        elif isinstance(part, list):
            spilled.append(_unseen(part, seen))
        else:
            spilled.append(part)
    return spilled


def _unseen(lines: list[bytes], seen: set[bytes]) -> list[bytes]:
    """The lines not in ``seen``, which then holds them too."""
    new = [line for line in lines if line not in seen]
    seen.update(new)
    return new


@contextmanager
def ntriples_file(path: Path, header: str = "") -> Iterator[NTriplesWriter]:
    """An :class:`NTriplesWriter` on ``path``, written atomically: the file appears when the block ends."""
    with staged([path]) as stage, stage[path].open("wb") as handle:
        data = header.encode("utf-8")
        handle.write(data)
        yield NTriplesWriter(handle, len(data))


def ntriples_text_of_blocks(sources: Iterable[Iterable[tuple[bytes, bytes, bytes]]], header: str = "") -> str:
    """The N-Triples document of the triples of each source, in order (see the module docstring)."""
    buffer = BytesIO()
    writer = NTriplesWriter(buffer)
    buffer.write(header.encode("utf-8"))
    writer.write_sources(sources)
    return buffer.getvalue().decode("utf-8")


def write_ntriples(sources: Iterable[Iterable[tuple[bytes, bytes, bytes]]], path: Path, header: str = "") -> int:
    """Write the triples of each source to ``path`` as N-Triples, atomically; returns the line count."""
    with ntriples_file(path, header) as writer:
        writer.write_sources(sources)
    return writer.count
