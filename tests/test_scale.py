"""Scale machinery at small sizes: the three build paths give the same bytes, the parallel N-Triples build
reports bad facts like the serial one, record provenance, cheap HTML selection, interrupts."""

from __future__ import annotations

import json
import random
import shutil
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
from alumnigraph.export.ntriples import ntriples_text
from alumnigraph.exports import build_exports, checked_files, load_graph
from alumnigraph.load import FactErrors, LoadedFile, load_dir
from alumnigraph.synth import write_synthetic
from alumnigraph.vocab import AG
from tests.conftest import GRAPH_DIR

STATEMENT = URIRef(str(RDF.Statement))
PATHS = {  # the formats that make build_exports take each of its three ways
    "in memory": ["ttl", "nt"],
    "streamed": ["nt", "graphml"],
    "parallel": ["nt"],
}


@pytest.fixture(scope="session")
def small_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The facts folder of 300 synthetic people, in one JSON Lines file."""
    out = tmp_path_factory.mktemp("small-synth")
    write_synthetic(out, people=300, seed=11)
    return out / "facts"


@pytest.fixture(scope="session")
def split_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 synthetic people in 3 JSON Lines files of 2 articles each: companies recur across files."""
    out = tmp_path_factory.mktemp("split-synth")
    write_synthetic(out, people=600, seed=5, articles_per_file=2)
    return out


@pytest.fixture(scope="session")
def small_files(small_synth: Path) -> list[LoadedFile]:
    return load_dir(small_synth)


def _nt(folder: Path, out: Path, formats: list[str], **options: object) -> bytes:
    build_exports(folder, out, formats, **options)
    return (out / "alumnigraph.nt").read_bytes()


@pytest.mark.parametrize("facts", ["curated", "synthetic"])
@pytest.mark.parametrize("provenance", ["statement", "record"])
def test_every_build_path_writes_the_same_ntriples(facts: str, provenance: str, split_synth: Path,
                                                     tmp_path: Path) -> None:
    folder = GRAPH_DIR if facts == "curated" else split_synth / "facts"
    written = {name: _nt(folder, tmp_path / name.replace(" ", "-"), formats, provenance=provenance)
               for name, formats in PATHS.items()}
    written["parallel, one process"] = _nt(folder, tmp_path / "serial", ["nt"], provenance=provenance, jobs=1)
    assert len(set(written.values())) == 1, {name: len(data) for name, data in written.items()}
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == ["alumnigraph.nt"]  # no spill left
    kg = load_graph(folder, provenance=provenance)
    lines = written["parallel"].decode("utf-8").splitlines(keepends=True)
    assert lines[0].startswith(f"# {kg.stamp}")
    assert sorted(lines[1:]) == ntriples_text(kg.triples()).splitlines(keepends=True)  # each triple once


def test_ntriples_come_source_by_source_each_sorted(split_synth: Path, tmp_path: Path) -> None:
    kg = load_graph(split_synth / "facts", provenance="record")
    text = _nt(split_synth / "facts", tmp_path, ["nt"], provenance="record").decode("utf-8")
    lines = text.splitlines(keepends=True)[1:]
    at = 0
    for graph, triples in kg.blocks:  # build order; each source writes what no earlier source wrote
        own = {b"%b %b %b .\n" % t for t in triples}
        new = [line for line in lines[at:at + len(own)] if line.encode() in own]
        run = lines[at:at + len(new)]
        assert run == new == sorted(run), graph
        at += len(run)
    assert at == len(lines)


def test_ntriples_do_not_depend_on_the_order_of_records(split_synth: Path, tmp_path: Path) -> None:
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    rng = random.Random(3)
    for path in sorted((split_synth / "facts").iterdir()):
        articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for article in articles:
            for records in article.values():
                if isinstance(records, list):
                    rng.shuffle(records)
        (shuffled / path.name).write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                                          encoding="utf-8")
    original = _nt(split_synth / "facts", tmp_path / "a", ["nt"], provenance="record").split(b"\n", 1)[1]
    assert _nt(shuffled, tmp_path / "b", ["nt"], provenance="record").split(b"\n", 1)[1] == original


def _edit_line(path: Path, number: int, edit) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").splitlines()
    article = json.loads(lines[number - 1])
    edit(article)
    lines[number - 1] = json.dumps(article, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _rename_first_person(article: dict) -> None:  # type: ignore[type-arg]
    article["people"][0]["name_en"] = "Someone Else"


def _misdate_first_move(article: dict) -> None:  # type: ignore[type-arg]
    article["moves"][0]["year"] = 2099


def _break_first_id(article: dict) -> None:  # type: ignore[type-arg]
    article["people"][0]["id"] = "Person/X"


def _redeclare_a_person_differently(facts: Path) -> None:
    first = json.loads((facts / "synth_00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    person = dict(first["people"][0], name_en="Not The Same")
    _edit_line(facts / "synth_00002.jsonl", 1, lambda article: article["people"].append(person))


@pytest.mark.parametrize("damage", [
    pytest.param(lambda facts: _edit_line(facts / "synth_00001.jsonl", 2, _break_first_id), id="load error"),
    pytest.param(lambda facts: _edit_line(facts / "synth_00002.jsonl", 1, _misdate_first_move), id="check error"),
    pytest.param(_redeclare_a_person_differently, id="files disagree"),
])
def test_the_parallel_build_reports_bad_facts_like_the_serial_one(damage, split_synth: Path,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(split_synth / "facts", facts)
    damage(facts)
    with pytest.raises(FactErrors) as serial:
        checked_files(facts)
    out = tmp_path / "out"
    with pytest.raises(FactErrors) as parallel:
        build_exports(facts, out, ["nt"], jobs=2)
    assert parallel.value.errors == serial.value.errors and serial.value.errors
    assert list(out.iterdir()) == []  # nothing written, no spill left


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


def test_a_much_quoted_node_carries_a_capped_panel_that_says_so(tmp_path: Path,
                                                                browser) -> None:  # type: ignore[no-untyped-def]
    from alumnigraph.export.html import QUOTES_SHOWN, write_html
    from tests.html_browser import open_viewer, watch

    write_synthetic(tmp_path, people=2500, seed=4)  # 25 articles, each quoting the companies it names
    graph = build(load_dir(tmp_path / "facts"), "record").graph
    node, quotes = max(((n, len(d["quotes"])) for n, d in graph.nodes(data=True)), key=lambda item: item[1])
    assert quotes > QUOTES_SHOWN  # companies are quoted by every article that names them
    page_path = tmp_path / "viewer.html"
    write_html(graph, page_path)
    page = browser.new_page()
    log = watch(page)
    open_viewer(page, page_path)
    assert page.evaluate("id => window.alumnigraph.select(id, {focus: false})", node) is True
    panel = page.evaluate("document.getElementById('panel').textContent")
    assert f"Quotes ({QUOTES_SHOWN} of {quotes}; all are in the RDF exports)" in panel
    shown = page.evaluate("document.querySelectorAll('#panel blockquote').length"
                          " - document.querySelectorAll('#panel .conn blockquote').length")
    assert shown == QUOTES_SHOWN
    assert log.console_errors == log.page_errors == log.foreign_requests() == []
    page.close()


def test_build_shows_progress_and_accepts_format_and_provenance(small_synth: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                           str(tmp_path), "-f", "nt", "--provenance", "record"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "loading, checking and building" in proc.stderr and "1/1" in proc.stderr  # fact files done
    one = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                          str(tmp_path / "one"), "-f", "nt", "--provenance", "record", "-j", "1"],
                         capture_output=True, text=True)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "one" / "alumnigraph.nt").read_bytes() == (tmp_path / "alumnigraph.nt").read_bytes()
    lines = (tmp_path / "alumnigraph.nt").read_text(encoding="utf-8").count("\n") - 1  # less the header
    count = subprocess.run([sys.executable, "-m", "alumnigraph", "query", "--exports", str(tmp_path), "--format",
                            "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"], capture_output=True, text=True)
    assert count.returncode == 0, count.stderr
    assert count.stdout.split() == ["n", str(lines)]  # the N-Triples export, when there is no TriG
    streamed = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                               str(tmp_path), "-f", "nt", "-f", "gexf"], capture_output=True, text=True)
    assert streamed.returncode == 0, streamed.stderr
    assert "building" in streamed.stderr and "writing alumnigraph.gexf" in streamed.stderr
    bad = subprocess.run([sys.executable, "-m", "alumnigraph", "build", "--facts", str(small_synth), "--out",
                          str(tmp_path), "-f", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown export format" in bad.stderr


@pytest.mark.parametrize("formats", [["-f", "nt", "-f", "graphml", "-f", "gexf", "-f", "html"], ["-f", "nt"]],
                         ids=["streamed", "parallel"])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupting_a_build_leaves_the_previous_exports_intact(stop: signal.Signals, formats: list[str],
                                                                 tmp_path: Path) -> None:
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "exports"
    write_synthetic(old, people=100, seed=1)
    write_synthetic(new, people=1000 if len(formats) > 2 else 6000, seed=2, articles_per_file=5)
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
