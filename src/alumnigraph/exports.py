"""The main job: facts folder → checked models → graph → every export, all or nothing.

>>> import tempfile
>>> from pathlib import Path
>>> written = build_exports(Path("graph"), Path(tempfile.mkdtemp()))
>>> "alumnigraph.ttl" in {p.name for p in written}
True
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import networkx as nx

from .build import KnowledgeGraph, build, build_streaming
from .bulk import build_ntriples
from .check import check_facts
from .export import FORMATS
from .export.atomic import staged
from .export.centrality_csv import CENTRALITY_FILES, write_centrality_csv
from .export.gexf import write_gexf
from .export.graphml import write_graphml
from .export.html import write_html
from .export.jsonld import write_jsonld
from .export.nodelink import write_nodelink
from .export.ntriples import ntriples_block, ntriples_file, write_ntriples
from .export.trig import write_trig
from .export.turtle import HEADER, write_turtle
from .fingerprint import PENDING_DIGEST, stamp_comment
from .load import FactErrors, LoadedFile, fact_files, load_dir


def nt_header(kg: KnowledgeGraph) -> str:
    """The comment line that opens the N-Triples export: what built it."""
    return stamp_comment(kg.graph.graph["content_hash"], kg.graph.graph["version"])


def rdf_header(kg: KnowledgeGraph) -> str:
    """The comment lines that open the Turtle and TriG exports: what they are and what built them."""
    return HEADER + nt_header(kg)


WRITERS: dict[str, Callable[[KnowledgeGraph, Path], None]] = {
    "ttl": lambda kg, p: write_turtle(kg.triples(), p, header=rdf_header(kg)),
    "trig": lambda kg, p: write_trig(kg.quads, p, header=rdf_header(kg)),
    "nt": lambda kg, p: write_ntriples((triples for _, triples in kg.blocks), p, header=nt_header(kg)),
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

    ``options`` are those of :func:`build_and_export` (``provenance``, ``progress``, ``sources_dir``,
    ``jobs``). How the build runs depends on the formats; the files are the same bytes whichever way:

    - with Turtle, TriG or JSON-LD, everything is built in memory, then written;
    - else the N-Triples lines of each source are written as soon as it is built
      (:mod:`alumnigraph.export.ntriples`), in memory bounded by the networkx graph;
    - with N-Triples alone, no networkx graph is needed, and the fact files are loaded, checked and
      built on every core (:mod:`alumnigraph.bulk`).
    """
    return build_and_export(facts_dir, out_dir, formats, **options)[1]


def build_and_export(
    facts_dir: Path,
    out_dir: Path,
    formats: list[str] | None = None,
    provenance: str = "statement",
    progress: Progress | None = None,
    sources_dir: Path | None = None,
    jobs: int | None = None,
) -> tuple[KnowledgeGraph, list[Path]]:
    """:func:`build_exports`, also returning the graph (without its triples when the build streamed, and
    without nodes and edges when it built N-Triples alone). ``jobs``: worker processes for N-Triples alone."""
    progress = progress or Silent()
    chosen = formats or list(FORMATS)
    if chosen == ["nt"]:
        return _ntriples_alone(facts_dir, out_dir, provenance, progress, sources_dir, jobs)
    files = checked_files(facts_dir, sources_dir, progress=progress)
    progress.stage("building", len(files))
    if QUAD_FORMATS & set(chosen):
        kg = build(files, provenance)
        return kg, write_exports(kg, out_dir, chosen, progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".build-") as temp:
        streamed = Path(temp) / FORMATS["nt"]
        with contextlib.ExitStack() as stack:
            if "nt" in chosen:  # the stamp is known once the build has hashed its inputs
                writer = stack.enter_context(ntriples_file(streamed, stamp_comment(PENDING_DIGEST)))
                kg = build_streaming(files, lambda _, triples: writer.write(ntriples_block(triples)), provenance,
                                     progress.advance, release=True)
                writer.rewrite_header(nt_header(kg))
            else:
                kg = build_streaming(files, lambda *_: None, provenance, progress.advance, release=True)
        moved = {"nt": lambda kg, p: os.replace(streamed, p)}
        return kg, write_exports(kg, out_dir, chosen, moved, progress)


def _ntriples_alone(
    facts_dir: Path, out_dir: Path, provenance: str, progress: Progress, sources_dir: Path | None, jobs: int | None
) -> tuple[KnowledgeGraph, list[Path]]:
    path = out_dir / FORMATS["nt"]
    progress.stage("loading, checking and building", len(fact_files(facts_dir)) if facts_dir.is_dir() else None)
    metadata = build_ntriples(facts_dir, path, provenance, sources_dir, progress.advance, jobs)
    graph = nx.MultiDiGraph()
    graph.graph.update(metadata)
    return KnowledgeGraph(graph, sources=list(metadata["sources"])), [path]  # type: ignore[call-overload]
