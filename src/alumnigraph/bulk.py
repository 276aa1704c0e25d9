"""The N-Triples build on every core: for large fact sets, when N-Triples is the only export asked for.

Each fact file (a YAML file, or a JSON Lines file of many) is loaded, checked and turned into sorted
N-Triples lines in a worker process; the parent writes the lines in build order, leaving out the
triples an earlier source already stated (:class:`~alumnigraph.export.ntriples.NTriplesWriter`). No
networkx graph and no rdflib term is made. The file has the same bytes as the serial build's, and
bad facts raise the same :class:`~alumnigraph.load.FactErrors`: load errors of every file, else the
checks of every file and across files (when files disagree, the located errors are found again by
:func:`~alumnigraph.check.check_facts`, which is slow but only runs on bad input).

>>> import tempfile
>>> out = Path(tempfile.mkdtemp()) / "alumnigraph.nt"
>>> meta = build_ntriples(Path("graph"), out, jobs=2)
>>> meta["sources"][0], out.read_text(encoding="utf-8").startswith("# alumnigraph ")
('source/000-4f7deda417ad9362', True)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gc
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import build_order, graph_metadata, source_graphs
from .check import AcrossFiles, Signature, check_facts, check_file, entity_signature
from .export.ntriples import Block, ntriples_block, ntriples_file, spill
from .fingerprint import PENDING_DIGEST, paths_hash, stamp_comment
from .load import FactError, FactErrors, fact_files, load_dir, load_path
from .models import SourceMeta


@dataclass
class _Compiled:
    """What a worker makes of one fact file."""

    load_errors: list[FactError] = field(default_factory=list)
    check_errors: list[FactError] = field(default_factory=list)
    entities: list[tuple[str, list[tuple[str, Signature]]]] = field(default_factory=list)
    """Per source, in load order: its file name and the (id, signature) of each entity it declares."""
    sources: list[SourceMeta] = field(default_factory=list)
    """In build order, like ``blocks``."""
    blocks: list[Block] = field(default_factory=list)
    spilled: Path | None = None
    """The file the blocks' runs of lines were written to, when they were (see :func:`spill`)."""


def compile_file(
    path: Path, provenance: str = "statement", sources_dir: Path | None = None, spill_to: Path | None = None
) -> _Compiled:
    """Load, check and build one fact file into N-Triples blocks, one per source (in build order).

    With ``spill_to``, the lines that cannot repeat are written to that file instead of being returned
    (the blocks say where they are), so that a worker hands its parent little more than the lines about
    entities, which the parent checks against what it has written.

    >>> compiled = compile_file(Path("graph/004_c05e9131e338b01a.yaml"))
    >>> len(compiled.blocks), compiled.check_errors
    (1, [])
    """
    with gc_paused():
        return _compile(path, provenance, sources_dir, spill_to)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building makes millions of objects and no cycles, and each
    collection would walk all of them (reference counting still frees everything)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compile(path: Path, provenance: str, sources_dir: Path | None, spill_to: Path | None) -> _Compiled:
    try:
        files = load_path(path)
    except FactErrors as exc:
        return _Compiled(load_errors=exc.errors)
    errors = [error for lf in files for error in check_file(lf, sources_dir)]
    entities = [(lf.facts.source.file, [(e.id, entity_signature(e)) for e in lf.facts.entities()]) for lf in files]
    if errors:
        return _Compiled(check_errors=errors, entities=entities)
    ordered = build_order(files)
    graphs = source_graphs(ordered, provenance)
    compiled = _Compiled(entities=entities, sources=[f.source for f in ordered], spilled=spill_to)
    if spill_to is None:
        compiled.blocks = [ntriples_block(triples) for _, triples in graphs]
        return compiled
    seen: set[bytes] = set()
    with spill_to.open("wb") as handle:
        compiled.blocks = [spill(ntriples_block(triples), handle, seen) for _, triples in graphs]
    return compiled


def default_jobs() -> int:
    """Worker processes to use: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _compile_indexed(job: tuple[int, Path], spill_dir: Path, **options: Any) -> _Compiled:
    index, path = job
    return compile_file(path, spill_to=spill_dir / f"{index:06d}.nt", **options)


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool), and a stopped pool's SIGTERM ends
    the worker, whatever handlers the parent process had installed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _compiled_all(paths: list[Path], work: Callable[[tuple[int, Path]], _Compiled], jobs: int) -> Iterator[_Compiled]:
    if jobs <= 1 or len(paths) <= 1:
        yield from map(work, enumerate(paths))
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, len(paths)), initializer=_worker_signals) as pool:
        yield from pool.imap(work, enumerate(paths))


def build_ntriples(
    facts_dir: Path,
    path: Path,
    provenance: str = "statement",
    sources_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int | None = None,
) -> dict[str, object]:
    """Load, check and build every fact file of ``facts_dir`` and write ``path`` (atomically) as N-Triples.

    Runs ``jobs`` worker processes (default: one per core). Returns the graph metadata that
    :func:`alumnigraph.build.graph_metadata` gives; raises :class:`FactErrors` on bad facts, and then
    writes nothing. ``progress`` is called with the count of fact files done.
    """
    paths = fact_files(facts_dir) if facts_dir.is_dir() else []
    if not paths:
        load_dir(facts_dir)  # raises the error a missing or empty folder gets
    load_errors: list[FactError] = []
    check_errors: list[FactError] = []
    across = AcrossFiles()
    sources: list[SourceMeta] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        concurrent.futures.ThreadPoolExecutor(1) as hasher,
        tempfile.TemporaryDirectory(dir=path.parent, prefix=".bulk-") as spill_dir,
        ntriples_file(path, header=stamp_comment(PENDING_DIGEST)) as writer,  # the hash is filled in at the end
    ):
        digest_soon = hasher.submit(paths_hash, paths)  # reading and hashing the files overlaps the build
        work = functools.partial(
            _compile_indexed, spill_dir=Path(spill_dir), provenance=provenance, sources_dir=sources_dir
        )
        for done, compiled in enumerate(_compiled_all(paths, work, jobs or default_jobs()), start=1):
            load_errors += compiled.load_errors
            check_errors += compiled.check_errors
            for source_file, entities in compiled.entities:
                across.add(source_file, entities)
            if not (load_errors or check_errors) and compiled.spilled is not None:
                with compiled.spilled.open("rb") as spilled:
                    for block in compiled.blocks:
                        writer.write(block, spilled)
                sources += compiled.sources
            if compiled.spilled is not None:
                compiled.spilled.unlink(missing_ok=True)
            if progress is not None:
                progress(done)
        _raise_errors(load_errors, check_errors, across.clean, facts_dir, sources_dir)
        digest = digest_soon.result()
        writer.rewrite_header(stamp_comment(digest))
    return graph_metadata(sources, digest)


def _raise_errors(
    load_errors: list[FactError], check_errors: list[FactError], clean: bool, facts_dir: Path, sources_dir: Path | None
) -> None:
    if load_errors:
        raise FactErrors(load_errors)
    if not clean:  # locate the disagreements the way the serial check does
        raise FactErrors(check_facts(load_dir(facts_dir), sources_dir=sources_dir))
    if check_errors:
        raise FactErrors(check_errors)
