"""Scale benchmark: synthetic fact sets of 10k, 100k and 1M people, side by side with the alternatives.

Run from the repository root (it takes a while; the 1M size alone takes tens of minutes)::

    python benchmarks/scale.py                       # 10k, 100k, 1M → benchmarks/RESULTS.md
    python benchmarks/scale.py --sizes 10000         # a quick look

For each size it writes the synthetic facts (``alumnigraph synth``), then measures, each in a fresh
subprocess (peak memory is the PSS of that process and its workers together, sampled):

1. ``build``: ``alumnigraph build -f nt`` — load + check + build + N-Triples export, on every core
   (``--provenance record``; for ``--serial-sizes`` also in one process, for ``--statement-sizes`` also with
   the default ``statement`` provenance);
2. ``graph``: the networkx graph that builds with graph formats hold (one process), and on it the talent-flow
   projection, PageRank (ours, to 1e-13) against plain ``networkx.pagerank``, sampled betweenness
   (k pivots) and the HTML viewer (size, and load time in headless Chromium);
3. ``export``: the same triples (the first ``--export-triples`` lines of the N-Triples file) written by our
   Turtle and N-Triples writers, rdflib's serializers and pyoxigraph's, in one process;
4. ``query``: every competency query of ``queries/`` on our embedded store (pyoxigraph; on disk, compacted,
   when the export is over 2 GiB) and, for the sizes in ``--rdflib-sizes``, on rdflib's SPARQL engine, over
   the N-Triples export, one after another in a process that loaded the store (a query over ``--query-limit``
   is stopped, the process replaced); then the floor: the cheapest queries that read every move.

Results go to ``<work>/results.jsonl`` (one JSON object per measurement) and ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
TARGET_BUILD_S, TARGET_BUILD_GIB, TARGET_QUERY_S, TARGET_PAGERANK_S = 120.0, 8.0, 1.0, 5.0
BETWEENNESS_PIVOTS = 256
ON_DISK_BYTES = 2 * 2**30
"""N-Triples larger than this are queried from an on-disk pyoxigraph store (RocksDB), not an in-memory one."""


def peak_gib() -> float:
    """Peak resident memory of this process so far, GiB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


class TreeMemory:
    """Samples the proportional set size (PSS) of this process and all its descendants, and keeps the peak:
    the memory a build with worker processes really holds (RSS would count pages they share twice)."""

    def __init__(self, every: float = 0.25):
        import threading

        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_gib(self) -> float:
        return self.peak_kib / 2**20

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _tree(os.getpid())))
            self._stop.wait(every)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """``(seconds, result)`` of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def emit(record: dict[str, Any]) -> None:
    """One measurement, as a JSON line on standard output (the parent collects them)."""
    print("RESULT " + json.dumps(record), flush=True)


# --- measurements, each run in its own subprocess --------------------------------------------------

def measure_build(facts: Path, out: Path, provenance: str, jobs: int) -> None:
    """``alumnigraph build -f nt``: load, check, build and export N-Triples, with ``jobs`` processes (0: one
    per core). Peak memory is that of all the processes together."""
    from alumnigraph.exports import build_and_export

    with TreeMemory() as memory:
        seconds, (_, written) = timed(build_and_export, facts, out, ["nt"], provenance, jobs=jobs or None)
    nt = written[0]
    with nt.open("rb") as handle:
        triples = sum(1 for line in handle if not line.startswith(b"#"))
    from alumnigraph.bulk import default_jobs

    emit({"what": "build", "provenance": provenance, "jobs": jobs or default_jobs(), "seconds": seconds,
          "peak_gib": memory.peak_gib, "triples": triples, "nt_bytes": nt.stat().st_size})


def measure_graph(facts: Path, out: Path) -> None:
    """The networkx graph a build with graph formats holds (serial: load, check, build with the graph, record
    provenance, the RDF discarded); then centrality and the HTML page on it."""
    from alumnigraph.build import build_streaming
    from alumnigraph.exports import checked_files

    def graph():  # type: ignore[no-untyped-def]
        return build_streaming(checked_files(facts), lambda *_: None, "record", release=True).graph

    with TreeMemory() as memory:
        seconds, g = timed(graph)
    emit({"what": "graph", "seconds": seconds, "peak_gib": memory.peak_gib, "nodes": g.number_of_nodes(),
          "edges": g.number_of_edges()})
    measure_centrality(g)
    measure_html(g, out)


def measure_centrality(g) -> None:  # type: ignore[no-untyped-def]
    """PageRank and sampled betweenness on the talent-flow projection, ours and plain networkx."""
    import networkx as nx

    from alumnigraph.analysis.centrality import pagerank
    from alumnigraph.analysis.projections import project

    t_proj, flow = timed(project, g, "talent-flow")
    pg = flow.path_graph
    t_ours, ours = timed(pagerank, flow)
    t_plain, plain = timed(nx.pagerank, pg, weight="weight")
    top = max(ours, key=ours.get) if ours else None
    k = min(BETWEENNESS_PIVOTS, pg.number_of_nodes())
    t_bw, _ = timed(nx.betweenness_centrality, pg, k=k, seed=0, weight=None)
    emit({"what": "centrality", "projection_s": t_proj, "nodes": pg.number_of_nodes(), "edges": pg.number_of_edges(),
          "pagerank_ours_s": t_ours, "pagerank_nx_s": t_plain, "pagerank_same_top": top == max(plain, key=plain.get),
          "betweenness_k": k, "betweenness_sampled_s": t_bw})


def measure_html(g, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Write the viewer page; time its writing and its loading (until laid out) in headless Chromium."""
    from alumnigraph.export.html import write_html

    sys.path.insert(0, str(REPO))
    from tests.html_browser import chromium, open_viewer

    out.mkdir(parents=True, exist_ok=True)
    page_path = out / "alumnigraph.html"
    t_write, _ = timed(write_html, g, page_path)
    with chromium() as browser:
        page = browser.new_page()
        t_load, _ = timed(open_viewer, page, page_path)
        banner = page.evaluate("() => { const b = document.getElementById('banner'); return b ? b.innerText : '' }")
        page.close()
    emit({"what": "html", "write_s": t_write, "bytes": page_path.stat().st_size, "load_s": t_load, "banner": banner})


def _sample_triples(nt: Path, limit: int) -> bytes:
    lines = []
    with nt.open("rb") as handle:
        for line in handle:
            if not line.startswith(b"#"):
                lines.append(line)
                if len(lines) >= limit:
                    break
    return b"".join(lines)


def measure_export(nt: Path, limit: int) -> None:
    """Our Turtle and N-Triples writers, rdflib's and pyoxigraph's serializers, on the same triples."""
    import pyoxigraph as ox
    from rdflib import Graph

    from alumnigraph.export.ntriples import ntriples_text_of_blocks
    from alumnigraph.export.rdfsyntax import EXPORT_PREFIXES
    from alumnigraph.export.turtle import turtle_text
    from alumnigraph.query import to_rdflib

    data = _sample_triples(nt, limit)
    ox_triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    rdf_triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in ox_triples]
    graph = Graph()
    for prefix, ns in EXPORT_PREFIXES.items():
        graph.bind(prefix, ns)
    for t in rdf_triples:
        graph.add(t)
    n = len(rdf_triples)
    ours = [(str(t.subject).encode(), str(t.predicate).encode(), str(t.object).encode()) for t in ox_triples]
    rows = {
        "ours N-Triples": lambda: ntriples_text_of_blocks([ours]),
        "ours Turtle": lambda: turtle_text(rdf_triples),
        "rdflib N-Triples": lambda: graph.serialize(format="nt"),
        "rdflib Turtle": lambda: graph.serialize(format="turtle"),
        "pyoxigraph N-Triples": lambda: ox.serialize(ox_triples, format=ox.RdfFormat.N_TRIPLES),
        "pyoxigraph Turtle": lambda: ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES),
    }
    for name, fn in rows.items():
        seconds, _ = timed(fn)
        emit({"what": "export", "writer": name, "triples": n, "seconds": seconds, "per_s": n / seconds})


FLOOR_QUERIES = {
    "every move (one index scan)": "SELECT (COUNT(*) AS ?n) WHERE { ?m a ag:Move }",
    "every move's year (one lookup per move)": "SELECT (COUNT(*) AS ?n) WHERE { ?m a ag:Move ; ag:year ?y }",
    "every move's year, as rows in Python": "SELECT ?m ?y WHERE { ?m a ag:Move ; ag:year ?y }",
}
"""The cheapest queries that touch every move: what no competency query that reads every move (career paths,
moves per year, flows) can beat on an engine, whatever its text."""


def measure_query(nt: Path, engine: str, limit: float) -> None:
    """Every competency query of ``queries/``, and the :data:`FLOOR_QUERIES`, timed on one engine loaded with
    the N-Triples export.

    The queries run one after another in a worker process that loads the store once (:func:`query_worker`);
    one that runs past ``limit`` seconds is stopped by killing the worker, and a new worker (a new load) takes
    the next. Queries are not run in forks of a loaded process: there, pages of the store are copied on first
    touch, which made even an index scan several times slower than in the process that loaded it.
    """
    store = None
    if engine == "ours" and nt.stat().st_size > ON_DISK_BYTES:  # the store `alumnigraph query --store` makes
        from alumnigraph.disk_store import open_disk_store

        store = nt.parent / ".bench-store"
        shutil.rmtree(store, ignore_errors=True)  # loaded afresh, not reused from an earlier run
        t_load, _ = timed(open_disk_store, nt.parent, store)
        emit({"what": "query-load", "engine": engine, "seconds": t_load, "peak_gib": peak_gib(), "store": "on disk"})
    worker: QueryWorker | None = None
    load_reported = store is not None
    todo = [(q.stem, q.read_text(encoding="utf-8"), "query") for q in sorted((REPO / "queries").glob("*.rq"))]
    todo += [(name, text, "floor") for name, text in FLOOR_QUERIES.items()]
    try:
        for name, text, what in todo:
            if worker is None:
                worker = QueryWorker(nt, engine, store)
                if worker.loaded is not None and not load_reported:
                    emit({"what": "query-load", "engine": engine, **worker.loaded, "store": "in memory"})
                    load_reported = True
            record = worker.run(text, limit)
            if record.get("timeout"):
                worker.close()
                worker = None
            emit({"what": what, "engine": engine, "query": name, **record})
    finally:
        if worker is not None:
            worker.close()


class QueryWorker:
    """A ``scale.py _query_worker`` process: loads the store, then runs the queries it is sent, one a line."""

    def __init__(self, nt: Path, engine: str, store: Path | None):
        cmd = [sys.executable, str(Path(__file__).resolve()), "_query_worker", str(nt), engine, str(store or "")]
        self.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.loaded: dict[str, Any] | None = json.loads(self.process.stdout.readline())

    def run(self, text: str, limit: float) -> dict[str, Any]:
        """``{"seconds", "rows"}`` of one query, or ``{"seconds", "rows": None, "timeout": True}``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        start = time.perf_counter()
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], limit)
        if not ready:
            return {"seconds": time.perf_counter() - start, "rows": None, "timeout": True}
        line = self.process.stdout.readline()
        return json.loads(line) if line else {"seconds": time.perf_counter() - start, "rows": None}

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def query_worker(nt: Path, engine: str, store_dir: str) -> None:
    """Body of a query worker: load (or open) the store, say how long that took, then answer queries (JSON
    strings, one a line on standard input) with ``{"seconds", "rows"}`` lines until standard input closes."""
    from alumnigraph.store import run_query, with_prefixes

    if engine == "ours":
        from pyoxigraph import RdfFormat, Store

        if store_dir:
            store = Store.read_only(store_dir)
        else:
            store = Store()
            t_load, _ = timed(store.bulk_load, path=str(nt), format=RdfFormat.N_TRIPLES)

        def run(text: str) -> int:
            result = run_query(store, text)
            return len(list(result)) if hasattr(result, "__iter__") else 1
    else:
        from rdflib import Graph

        graph = Graph()
        t_load, _ = timed(graph.parse, str(nt), format="nt")

        def run(text: str) -> int:
            return len(list(graph.query(with_prefixes(text))))

    loaded = None if store_dir else {"seconds": t_load, "peak_gib": peak_gib()}
    print(json.dumps(loaded), flush=True)
    for line in sys.stdin:
        seconds, rows = timed(run, json.loads(line))
        print(json.dumps({"seconds": seconds, "rows": rows}), flush=True)


# --- the driver -------------------------------------------------------------------------------------

def child(args: list[str], timeout: float, log: Path) -> list[dict[str, Any]]:
    """Run ``scale.py _<measurement> …`` in a fresh interpreter; its RESULT lines, or one failure record."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    start = time.perf_counter()
    out_path, err_path = log.with_suffix(".out.tmp"), log.with_suffix(".err.tmp")
    with out_path.open("w") as out, err_path.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=REPO)
        stopped = None
        while proc.poll() is None:
            time.sleep(1)
            if time.perf_counter() - start > timeout:
                stopped = f"timed out after {timeout:.0f} s"
            elif available_gib() < MIN_FREE_GIB:
                seconds = time.perf_counter() - start
                stopped = f"stopped after {seconds:.0f} s: the machine had < {MIN_FREE_GIB} GiB free"
            if stopped:
                proc.kill()
                proc.wait()
    stdout, stderr = out_path.read_text(), err_path.read_text()
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(cmd)}\n{stderr[-4000:]}\n")
    records = [json.loads(line[7:]) for line in stdout.splitlines() if line.startswith("RESULT ")]
    if stopped or proc.returncode != 0:
        reason = stopped or f"exit {proc.returncode} after {time.perf_counter() - start:.0f} s: {stderr.strip()[-300:]}"
        records.append({"what": "failed", "step": args[0], "reason": reason})
    return records


MIN_FREE_GIB = 2.5


def available_gib() -> float:
    """``MemAvailable`` of the machine, GiB (a measurement is stopped before it starves the machine)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 2**20
    return float("inf")


def run_size(n: int, work: Path, opts: argparse.Namespace, results: Path) -> None:
    """Every measurement at ``n`` people; appended to ``results`` as they finish."""
    base = work / f"n{n}"
    facts = base / "facts"

    def record(records: list[dict[str, Any]]) -> None:
        with results.open("a", encoding="utf-8") as handle:
            for r in records:
                handle.write(json.dumps({"people": n, **r}) + "\n")
                print(n, json.dumps(r), flush=True)

    if not facts.is_dir():
        from alumnigraph.synth import write_synthetic

        seconds, stats = timed(write_synthetic, base, n, opts.seed)
        record([{"what": "synth", "seconds": seconds, "articles": stats.articles, "companies": stats.companies}])
    log = work / "stderr.log"
    record(child(["_build", str(facts), str(base / "out-record"), "record", "0"], opts.timeout, log))
    if n in opts.serial_sizes:
        record(child(["_build", str(facts), str(base / "out-serial"), "record", "1"], opts.timeout, log))
    if n in opts.statement_sizes:
        record(child(["_build", str(facts), str(base / "out-statement"), "statement", "0"], opts.timeout, log))
    record(child(["_graph", str(facts), str(base / "out-graph")], opts.timeout, log))
    nt = base / "out-record" / "alumnigraph.nt"
    if nt.is_file():
        record(child(["_export", str(nt), str(opts.export_triples)], opts.timeout, log))
        record(child(["_query", str(nt), "ours", str(opts.query_limit)], opts.timeout, log))
        if n in opts.rdflib_sizes:
            record(child(["_query", str(nt), "rdflib", str(opts.query_limit)], opts.timeout, log))


def main() -> None:
    """Parse options, run the sizes, write RESULTS.md."""
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        step, rest = sys.argv[1], sys.argv[2:]
        if step == "_build":
            measure_build(Path(rest[0]), Path(rest[1]), rest[2], int(rest[3]))
        elif step == "_graph":
            measure_graph(Path(rest[0]), Path(rest[1]))
        elif step == "_export":
            measure_export(Path(rest[0]), int(rest[1]))
        elif step == "_query":
            measure_query(Path(rest[0]), rest[1], float(rest[2]))
        elif step == "_query_worker":
            query_worker(Path(rest[0]), rest[1], rest[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--statement-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--serial-sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="sizes also built in one process (--jobs 1), beside the default of one per core")
    parser.add_argument("--rdflib-sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--export-triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query-limit", type=float, default=60.0, help="seconds before a query is stopped")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per measurement process")
    parser.add_argument("--work", type=Path, default=Path("/tmp/alumnigraph-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--report-from", type=Path, nargs="+",
                        help="only write the report, from these results.jsonl files (e.g. of runs per size)")
    opts = parser.parse_args()
    if opts.report_from:
        from report import write_report  # benchmarks/report.py

        rows = [json.loads(line) for f in opts.report_from for line in f.read_text(encoding="utf-8").splitlines()]
        write_report(rows, opts.results, machine(), None)
        print(f"wrote {opts.results}")
        return
    opts.work.mkdir(parents=True, exist_ok=True)
    results = opts.work / "results.jsonl"
    results.unlink(missing_ok=True)
    started = time.perf_counter()
    for n in opts.sizes:
        run_size(n, opts.work, opts, results)
    from report import write_report  # benchmarks/report.py

    with results.open("a", encoding="utf-8") as handle:  # so that --report-from can say it was one run
        handle.write(json.dumps({"people": 0, "what": "run", "seconds": time.perf_counter() - started}) + "\n")
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    write_report(rows, opts.results, machine(), None)
    print(f"wrote {opts.results}")


def machine() -> str:
    """One line about the machine the numbers come from."""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.python_implementation()} {platform.python_version()}"


if __name__ == "__main__":
    main()
