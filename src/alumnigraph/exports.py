"""The main job: facts folder → checked models → graph → every export, all or nothing.

>>> import tempfile
>>> from pathlib import Path
>>> written = build_exports(Path("graph"), Path(tempfile.mkdtemp()))
>>> "alumnigraph.ttl" in {p.name for p in written}
True
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from .build import KnowledgeGraph, build, build_streaming
from .check import check_facts
from .export import FORMATS
from .export.atomic import staged
from .export.centrality_csv import CENTRALITY_FILES, write_centrality_csv
from .export.gexf import write_gexf
from .export.graphml import write_graphml
from .export.html import write_html
from .export.jsonld import write_jsonld
from .export.nodelink import write_nodelink
from .export.ntriples import NTriplesSorter, write_ntriples
from .export.trig import write_trig
from .export.turtle import HEADER, write_turtle
from .load import FactErrors, LoadedFile, load_dir


def rdf_header(kg: KnowledgeGraph) -> str:
    """The comment lines that open the Turtle and TriG exports: what they are and what built them."""
    return HEADER + f"# {kg.stamp}\n"


WRITERS: dict[str, Callable[[KnowledgeGraph, Path], None]] = {
    "ttl": lambda kg, p: write_turtle(kg.triples(), p, header=rdf_header(kg)),
    "trig": lambda kg, p: write_trig(kg.quads, p, header=rdf_header(kg)),
    "nt": lambda kg, p: write_ntriples(kg.triples(), p, header=f"# {kg.stamp}\n"),
    "jsonld": lambda kg, p: write_jsonld(kg.quads, p),
    "graphml": lambda kg, p: write_graphml(kg.graph, p),
    "html": lambda kg, p: write_html(kg.graph, p),
    "gexf": lambda kg, p: write_gexf(kg.graph, p),
    "nodelink": lambda kg, p: write_nodelink(kg.graph, p),
    **{f"centrality-{name}": lambda kg, p, name=name: write_centrality_csv(kg.graph, name, p)
       for name in CENTRALITY_FILES},
}


class Progress(Protocol):
    """What a long build reports: each stage as it starts, and sources done while building."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins (``total`` sources when it counts them)."""

    def advance(self, done: int) -> None:
        """``done`` sources of the current stage are finished."""


class Silent:
    """Reports nothing."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Ignore the stage."""

    def advance(self, done: int) -> None:
        """Ignore the count."""


def checked_files(
    facts_dir: Path, sources_dir: Path | None = None, progress: Progress | None = None
) -> list[LoadedFile]:
    """Load and check the fact files; raises :class:`FactErrors` on any problem in the facts."""
    progress = progress or Silent()
    progress.stage("loading facts")
    files = load_dir(facts_dir)
    progress.stage("checking facts")
    errors = check_facts(files, sources_dir=sources_dir)
    if errors:
        raise FactErrors(errors)
    return files


def load_graph(facts_dir: Path, sources_dir: Path | None = None, provenance: str = "statement") -> KnowledgeGraph:
    """Load, check and build; raises :class:`FactErrors` on any problem in the facts."""
    return build(checked_files(facts_dir, sources_dir), provenance)


def write_exports(
    kg: KnowledgeGraph,
    out_dir: Path,
    formats: list[str] | None = None,
    writers: Mapping[str, Callable[[KnowledgeGraph, Path], None]] | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the exports of ``kg``: every file is staged, then all are renamed into place together.

    ``writers`` overrides :data:`WRITERS` for some formats.
    """
    progress = progress or Silent()
    chosen = formats or list(FORMATS)
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    targets = {fmt: out_dir / FORMATS[fmt] for fmt in chosen}
    chosen_writers = {**WRITERS, **(writers or {})}
    with staged(list(targets.values())) as stage:
        for fmt, path in targets.items():
            progress.stage(f"writing {path.name}")
            chosen_writers[fmt](kg, stage[path])
    return list(targets.values())


QUAD_FORMATS = frozenset({"ttl", "trig", "jsonld"})
"""Formats written from all quads at once; without them a build streams (see :func:`build_exports`)."""


def build_exports(facts_dir: Path, out_dir: Path, formats: list[str] | None = None, **options: Any) -> list[Path]:
    """Load, check, build and export; on any error (or interrupt) nothing in ``out_dir`` changes.

    ``options`` are those of :func:`build_and_export` (``provenance``, ``progress``). When no chosen
    format needs every quad in memory (N-Triples and the graph formats only), the quads of each source
    become N-Triples lines as soon as they are built and are sorted on disk
    (:class:`~alumnigraph.export.ntriples.NTriplesSorter`): the same bytes, in bounded memory.
    """
    return build_and_export(facts_dir, out_dir, formats, **options)[1]


def build_and_export(
    facts_dir: Path,
    out_dir: Path,
    formats: list[str] | None = None,
    provenance: str = "statement",
    progress: Progress | None = None,
    sources_dir: Path | None = None,
) -> tuple[KnowledgeGraph, list[Path]]:
    """:func:`build_exports`, also returning the graph (without quads when the build streamed)."""
    progress = progress or Silent()
    files = checked_files(facts_dir, sources_dir, progress=progress)
    chosen = formats or list(FORMATS)
    if QUAD_FORMATS & set(chosen):
        progress.stage("building", len(files))
        kg = build(files, provenance)
        return kg, write_exports(kg, out_dir, chosen, progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".build-") as temp:
        sorter = NTriplesSorter(Path(temp))
        progress.stage("building", len(files))
        kg = build_streaming(files, sorter.add, provenance, progress.advance, release=True)
        nt = {"nt": lambda kg, p: _write_sorted(sorter, kg, p)}
        return kg, write_exports(kg, out_dir, chosen, nt, progress)


def _write_sorted(sorter: NTriplesSorter, kg: KnowledgeGraph, path: Path) -> None:
    sorter.write(path, header=f"# {kg.stamp}\n")
