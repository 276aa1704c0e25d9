"""The main job: facts folder → checked models → graph → every export, all or nothing.

>>> import tempfile
>>> from pathlib import Path
>>> written = build_exports(Path("graph"), Path(tempfile.mkdtemp()))
>>> "alumnigraph.ttl" in {p.name for p in written}
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .build import KnowledgeGraph, build
from .check import check_facts
from .export import FORMATS
from .export.atomic import staged
from .export.centrality_csv import CENTRALITY_FILES, write_centrality_csv
from .export.gexf import write_gexf
from .export.graphml import write_graphml
from .export.html import write_html
from .export.jsonld import write_jsonld
from .export.nodelink import write_nodelink
from .export.ntriples import write_ntriples
from .export.trig import write_trig
from .export.turtle import HEADER, write_turtle
from .load import FactErrors, load_dir


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


def load_graph(facts_dir: Path, sources_dir: Path | None = None) -> KnowledgeGraph:
    """Load, check and build; raises :class:`FactErrors` on any problem in the facts."""
    files = load_dir(facts_dir)
    errors = check_facts(files, sources_dir=sources_dir)
    if errors:
        raise FactErrors(errors)
    return build(files)


def write_exports(kg: KnowledgeGraph, out_dir: Path, formats: list[str] | None = None) -> list[Path]:
    """Write the exports of ``kg``: every file is staged, then all are renamed into place together."""
    chosen = formats or list(FORMATS)
    targets = {fmt: out_dir / FORMATS[fmt] for fmt in chosen}
    with staged(list(targets.values())) as stage:
        for fmt, path in targets.items():
            WRITERS[fmt](kg, stage[path])
    return list(targets.values())


def build_exports(facts_dir: Path, out_dir: Path, formats: list[str] | None = None) -> list[Path]:
    """Load, check, build and export; on any error nothing in ``out_dir`` changes."""
    return write_exports(load_graph(facts_dir), out_dir, formats)
