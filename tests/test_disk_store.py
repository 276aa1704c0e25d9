"""The on-disk store (``alumnigraph query --store DIR``): the same answers as the in-memory store, loaded once
and reused, loaded again when the export changes, and never half-written or written over something else."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from alumnigraph.cli import app
from alumnigraph.disk_store import MARK_FILE, memory_hint, open_disk_store, read_mark
from alumnigraph.serve import make_server
from alumnigraph.store import NT_FILE, ExportError, load_store, run_query

QUERIES = sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq"))
TENCENT_LABEL = "SELECT ?n WHERE { company:tencent rdfs:label ?n FILTER(LANG(?n) = 'en') }"
NEW_TRIPLE = ('<https://w3id.org/alumnigraph/id/company/tencent> <http://www.w3.org/2000/01/rdf-schema#comment> '
              '"added after the store was loaded"@en .\n')


def answer(store: ox.Store, query: str) -> object:
    """A query's answer in a comparable form: rows as a sorted list, a boolean, or sorted triples."""
    result = run_query(store, query)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    names = result.variables
    return sorted(tuple(str(s[v]) if s[v] is not None else "" for v in names) for s in result)


@pytest.fixture
def nt_exports(built_exports: Path, tmp_path: Path) -> Path:
    """A folder with the N-Triples export alone (what `build -f nt` of a large fact set leaves)."""
    out = tmp_path / "nt-exports"
    out.mkdir()
    shutil.copy2(built_exports / NT_FILE, out / NT_FILE)
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".loading-" in p.name or ".old-" in p.name)


@pytest.mark.parametrize("kind", ["trig", "nt"])
def test_every_query_answers_as_in_memory(kind: str, built_exports: Path, nt_exports: Path, tmp_path: Path) -> None:
    exports = built_exports if kind == "trig" else nt_exports
    memory, disk = load_store(exports), open_disk_store(exports, tmp_path / "store")
    assert len(disk) == len(memory) > 10_000
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert answer(disk, text) == answer(memory, text), q.name
    if kind == "trig":  # the source graphs are there too, with the union as the default graph
        count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        assert answer(disk, count) == answer(memory, count) != [("0",)]


def test_loaded_once_then_reused_and_reloaded_when_the_export_changes(nt_exports: Path, tmp_path: Path) -> None:
    where, told = tmp_path / "store", []
    assert answer(open_disk_store(nt_exports, where, told.append), TENCENT_LABEL) == [('"Tencent"@en',)]
    assert len(told) == 1 and "loading" in told[0] and str(where) in told[0]
    mark = read_mark(where)
    assert mark is not None and mark["export"] == NT_FILE and mark["stamp"].startswith("# alumnigraph ")

    store = open_disk_store(nt_exports, where, told.append)  # reused: nothing loaded
    assert len(told) == 1 and answer(store, "ASK { company:tencent rdfs:comment ?c }") is False
    del store

    with (nt_exports / NT_FILE).open("a", encoding="utf-8") as handle:
        handle.write(NEW_TRIPLE)
    store = open_disk_store(nt_exports, where, told.append)
    assert len(told) == 2, "a changed export is loaded again"
    assert answer(store, "SELECT ?c WHERE { company:tencent rdfs:comment ?c }") == [
        ('"added after the store was loaded"@en',)
    ]
    assert leftovers(tmp_path) == []


def test_a_folder_that_is_not_a_store_is_left_alone(nt_exports: Path, tmp_path: Path) -> None:
    where = tmp_path / "notes"
    where.mkdir()
    (where / "thesis.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match=MARK_FILE):
        open_disk_store(nt_exports, where)
    assert [p.name for p in where.iterdir()] == ["thesis.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert answer(open_disk_store(nt_exports, empty), "ASK { ?s ?p ?o }") is True


def test_a_bad_export_names_its_line_and_keeps_the_previous_store(nt_exports: Path, tmp_path: Path) -> None:
    where = tmp_path / "store"
    open_disk_store(nt_exports, where)
    before = read_mark(where)
    nt = nt_exports / NT_FILE
    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "<https://w3id.org/alumnigraph/id/company/tencent> <broken\n"
    nt.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ExportError) as err:
        open_disk_store(nt_exports, where)
    assert str(nt) in str(err.value) and "line 3" in str(err.value)
    assert read_mark(where) == before, "the previous store is still in place"
    assert answer(ox.Store.read_only(str(where)), TENCENT_LABEL) == [('"Tencent"@en',)]
    assert leftovers(tmp_path) == []


runner = CliRunner()


def test_cli_query_with_store_prints_what_the_in_memory_query_prints(nt_exports: Path, tmp_path: Path) -> None:
    query = str(QUERIES[0].parent / "sources.rq")
    plain = runner.invoke(app, ["query", query, "--exports", str(nt_exports), "-f", "csv"])
    first = runner.invoke(app, ["query", query, "--exports", str(nt_exports), "-f", "csv",
                                "--store", str(tmp_path / "store")])
    again = runner.invoke(app, ["query", query, "--exports", str(nt_exports), "-f", "csv",
                                "--store", str(tmp_path / "store")])
    assert plain.exit_code == first.exit_code == again.exit_code == 0, first.stderr
    assert first.stdout == again.stdout == plain.stdout and plain.stdout.count("\n") > 5
    assert "loading" in first.stderr and "loading" not in again.stderr


def test_cli_refuses_a_foreign_store_folder_with_exit_2(nt_exports: Path, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["query", "ASK {}", "--exports", str(nt_exports), "--store", str(tmp_path)])
    assert result.exit_code == 2 and "is not an alumnigraph store" in result.stderr


def test_the_endpoint_serves_from_a_shared_on_disk_store(nt_exports: Path, tmp_path: Path) -> None:
    """Two workers open the one store read-only; HTTP answers are those of the in-memory store."""
    where = tmp_path / "store"
    server = make_server(nt_exports, port=0, quiet=True, workers=2, store_dir=where)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        memory = load_store(nt_exports)
        for q in ("sources.rq", "moves_per_year.rq"):
            text = (QUERIES[0].parent / q).read_text(encoding="utf-8")
            url = server.url + "sparql?" + urllib.parse.urlencode({"query": text})
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                body = json.load(response)
            got = sorted(tuple(b.get(v, {}).get("value", "") for v in body["head"]["vars"])
                         for b in body["results"]["bindings"])
            want = sorted(tuple(s[v].value if s[v] is not None else "" for v in body["head"]["vars"])
                          for s in run_query(memory, text))
            assert got == want and len(got) > 3, q
        assert read_mark(where) is not None and len(server.pool.pids()) == 2
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_a_large_export_loaded_into_memory_gets_a_hint_to_use_store(nt_exports: Path) -> None:
    size = (nt_exports / NT_FILE).stat().st_size
    assert memory_hint(nt_exports) is None, "the curated export is small"
    assert memory_hint(nt_exports, threshold=size) is None
    hint = memory_hint(nt_exports, threshold=size - 1)
    assert hint is not None and str(nt_exports / NT_FILE) in hint and "--store DIR" in hint
