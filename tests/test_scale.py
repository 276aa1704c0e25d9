"""Scale machinery at small sizes: streaming N-Triples, record provenance, cheap HTML selection, interrupts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from alumnigraph.build import build
from alumnigraph.export.html import centrality, html_text, top_nodes
from alumnigraph.export.ntriples import NTriplesSorter, ntriples_text
from alumnigraph.exports import build_exports, load_graph, write_exports
from alumnigraph.load import LoadedFile, load_dir
from alumnigraph.synth import write_synthetic
from alumnigraph.vocab import AG
from tests.conftest import GRAPH_DIR

STATEMENT = URIRef(str(RDF.Statement))


@pytest.fixture(scope="session")
def small_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The facts folder of 300 synthetic people."""
    out = tmp_path_factory.mktemp("small-synth")
    write_synthetic(out, people=300, seed=11)
    return out / "facts"


@pytest.fixture(scope="session")
def small_files(small_synth: Path) -> list[LoadedFile]:
    return load_dir(small_synth)


@pytest.mark.parametrize("facts", ["curated", "synthetic"])
@pytest.mark.parametrize("provenance", ["statement", "record"])
def test_streamed_ntriples_equal_the_in_memory_export(facts: str, provenance: str, small_synth: Path,
                                                      tmp_path: Path) -> None:
    folder = GRAPH_DIR if facts == "curated" else small_synth
    build_exports(folder, tmp_path / "streamed", ["nt"], provenance=provenance)
    write_exports(load_graph(folder, provenance=provenance), tmp_path / "memory", ["nt"])
    streamed = (tmp_path / "streamed" / "alumnigraph.nt").read_bytes()
    assert streamed == (tmp_path / "memory" / "alumnigraph.nt").read_bytes()
    assert [p.name for p in (tmp_path / "streamed").iterdir()] == ["alumnigraph.nt"]  # no run files left


def test_sorter_merges_many_runs_and_drops_duplicates(small_files: list[LoadedFile], tmp_path: Path) -> None:
    kg = build(small_files, "record")
    sorter = NTriplesSorter(tmp_path, run_lines=500)
    for start in range(0, len(kg.quads), 700):
        sorter.add(kg.quads[start:start + 700])
    assert len(sorter.runs) > 3
    count = sorter.write(tmp_path / "out.nt", header="# h\n")
    expected = ntriples_text(kg.triples(), header="# h\n")
    assert (tmp_path / "out.nt").read_text(encoding="utf-8") == expected
    assert count == len(kg.triples()) < len(kg.quads)


def test_record_provenance_is_lighter_and_keeps_every_quote(small_files: list[LoadedFile]) -> None:
    full, light = build(small_files), build(small_files, "record")
    statements = {s for s, p, o, _ in full.quads if p == RDF.type and o == STATEMENT}
    light_statements = {s for s, p, o, _ in light.quads if p == RDF.type and o == STATEMENT}
    assert len(light.quads) < len(full.quads) / 3
    assert len(light_statements) < len(statements) / 10  # only memberships and claims keep one
    # the same facts are asserted; only their reification differs
    assert {q for q in full.quads if q[0] not in statements} <= set(light.quads)
    person = small_files[0].facts.people[0]
    subject = URIRef("https://w3id.org/alumnigraph/id/" + person.id)
    assert (subject, AG.quote, Literal(person.quote, lang="zh")) in {q[:3] for q in light.quads}
    with pytest.raises(ValueError, match="provenance"):
        build(small_files, "none")


def test_default_provenance_reifies_every_curated_triple_as_before(small_files: list[LoadedFile]) -> None:
    kg = build(small_files)
    reified = {(s, o) for s, p, o, _ in kg.quads if p == RDF.subject}
    person = URIRef("https://w3id.org/alumnigraph/id/" + small_files[0].facts.people[0].id)
    assert sum(1 for s, o in reified if o == person) >= 4  # type, two labels, isUnnamed, isPseudonym, moves...


def test_html_selection_matches_a_full_ranking_and_says_it_is_truncated(small_files: list[LoadedFile]) -> None:
    graph = build(small_files, "record").graph
    ranked = sorted(centrality(graph).items(), key=lambda item: (-item[1], item[0]))
    assert top_nodes(graph, 50) == sorted(n for n, _ in ranked[:50])
    page = html_text(graph, max_nodes=50)
    assert f"showing the 50 most central of {graph.number_of_nodes()} nodes" in page
    assert top_nodes(nx.MultiDiGraph([("a", "b")]), 5) == ["a", "b"]


def test_build_shows_progress_and_accepts_format_and_provenance(small_synth: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                           str(tmp_path), "-f", "nt", "--provenance", "record"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "building" in proc.stderr and "writing alumnigraph.nt" in proc.stderr
    bad = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                          str(tmp_path), "-f", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown export format" in bad.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupting_a_build_leaves_the_previous_exports_intact(stop: signal.Signals, tmp_path: Path) -> None:
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "exports"
    write_synthetic(old, people=100, seed=1)
    write_synthetic(new, people=1000, seed=2)
    formats = ["-f", "nt", "-f", "graphml", "-f", "gexf", "-f", "html"]
    command = [sys.executable, "-m", "alumnigraph", "build", "--out", str(out), *formats, "--facts"]
    subprocess.run([*command, str(old / "facts")], check=True, capture_output=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([*command, str(new / "facts")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in out.iterdir()):  # an export is staged, the rest not yet
        assert proc.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(stop)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file left either
