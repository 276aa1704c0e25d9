"""N-Triples export: one sorted line per triple of the default graph.

>>> from rdflib import URIRef, Literal
>>> print(ntriples_text([(URIRef("urn:a"), URIRef("urn:b"), Literal("c"))]), end="")
<urn:a> <urn:b> "c" .
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from .atomic import staged, write_atomic
from .rdfsyntax import nt_term


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]], header: str = "") -> str:
    """Sorted, deduplicated N-Triples, after ``header`` (comment lines)."""
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples}
    return header + "".join(sorted(lines))


def write_ntriples(triples: Iterable[tuple[Node, Node, Node]], path: Path, header: str = "") -> None:
    """Write ``triples`` to ``path`` as N-Triples, atomically."""
    write_atomic(path, ntriples_text(triples, header))


RUN_LINES = 2_000_000
"""Lines an :class:`NTriplesSorter` holds in memory before it writes a sorted run to disk."""


class NTriplesSorter:
    """Sorted, deduplicated N-Triples from quads given in batches, in bounded memory (an external sort).

    Each batch becomes lines at once (no rdflib terms are kept); every ``run_lines`` lines are sorted
    into a temporary run file, and :meth:`write` merges the runs. The bytes equal
    :func:`ntriples_text` of the same triples.

    >>> import tempfile
    >>> from rdflib import URIRef, Literal
    >>> folder = Path(tempfile.mkdtemp())
    >>> sorter = NTriplesSorter(folder, run_lines=1)
    >>> a, b = URIRef("urn:a"), URIRef("urn:b")
    >>> sorter.add([(b, a, Literal("x"), a), (a, b, Literal("y"), a)])
    >>> sorter.add([(a, b, Literal("y"), b)])
    >>> sorter.write(folder / "out.nt")
    2
    >>> print((folder / "out.nt").read_text(), end="")
    <urn:a> <urn:b> "y" .
    <urn:b> <urn:a> "x" .
    """

    def __init__(self, temp_dir: Path, run_lines: int = RUN_LINES):
        self.temp_dir = temp_dir
        self.run_lines = run_lines
        self.lines: set[str] = set()
        self.runs: list[Path] = []
        self.terms: dict[Node, str] = {}

    def _nt(self, term: Node) -> str:
        if type(term) is not URIRef:
            return nt_term(term)
        text = self.terms.get(term)
        if text is None:
            text = nt_term(term)
            if len(self.terms) < 200_000:  # predicates, classes, sources, companies: the repeated IRIs
                self.terms[term] = text
        return text

    def add(self, quads: Iterable[tuple[Node, Node, Node, Node]]) -> None:
        """Add the triples of ``quads`` (their graph is dropped: N-Triples is the default graph)."""
        nt = self._nt
        self.lines.update(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o, _ in quads)
        if len(self.lines) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        run = self.temp_dir / f".ntriples-run-{os.getpid()}-{len(self.runs):05d}.tmp"
        with run.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(sorted(self.lines))
        self.runs.append(run)
        self.lines = set()

    def write(self, path: Path, header: str = "") -> int:
        """Merge everything added into ``path`` (atomically), after ``header``; returns the line count."""
        if self.lines:
            self._spill()
        handles = [run.open(encoding="utf-8", newline="\n") for run in self.runs]
        count = 0
        try:
            with staged([path]) as stage, stage[path].open("w", encoding="utf-8", newline="\n") as out:
                out.write(header)
                previous = None
                for line in heapq.merge(*handles):
                    if line != previous:
                        out.write(line)
                        count += 1
                        previous = line
        finally:
            for handle in handles:
                handle.close()
            for run in self.runs:
                run.unlink(missing_ok=True)
        return count
