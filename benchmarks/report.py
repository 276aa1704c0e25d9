"""Render ``results.jsonl`` of :mod:`scale` as ``benchmarks/RESULTS.md`` (tables and target verdicts).

The prose in ``benchmarks/analysis.md`` (why a number is what it is) is appended unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET_QUERY_S = 1.0
Row = dict[str, Any]


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _n(people: int) -> str:
    return f"{people // 1_000_000}M" if people >= 1_000_000 else f"{people // 1000}k"


def _pick(rows: list[Row], what: str, **match: Any) -> list[Row]:
    return [r for r in rows if r["what"] == what and all(r.get(k) == v for k, v in match.items())]


def _verdict(value: float | None, target: float, unit: str) -> str:
    if value is None:
        return "not measured"
    if value <= target:
        return f"met ({value:.2f} {unit} ≤ {target:g} {unit})"
    return f"**missed** by {value / target:.1f}× ({value:.2f} {unit} > {target:g} {unit})"


def _query_rows(rows: list[Row], what: str, queries: list[str], engines: list[tuple[int, str]]) -> list[list[str]]:
    """One table row per query: its seconds (and rows) per (size, engine), "stopped" when it timed out."""
    out = []
    for q in queries:
        cells = []
        for n, e in engines:
            hit = _pick(rows, what, people=n, engine=e, query=q)
            if not hit:
                cells.append("–")
            elif hit[0]["rows"] is None:
                cells.append(f"> {hit[0]['seconds']:.0f} (stopped)")
            else:
                cells.append(f"{hit[0]['seconds']:.3f} ({hit[0]['rows']:,})")
        out.append([q, *cells])
    return out


def write_report(rows: list[Row], path: Path, machine: str, wall_s: float | None) -> None:
    """Write the Markdown report of one benchmark run (``wall_s`` None: the run's ``run`` record says how long it
    took; without one, the rows are assembled from runs per size)."""
    runs = _pick(rows, "run")
    if wall_s is None and len(runs) == 1:
        wall_s = runs[0]["seconds"]
    rows = [r for r in rows if r["what"] != "run"]
    sizes = sorted({r["people"] for r in rows})
    run = f"one run ({wall_s / 60:.0f} min wall time)" if wall_s is not None else "runs per size"
    out = ["# Scale benchmark results\n",
           f"Measured by `python benchmarks/scale.py` in {run} on {machine}. "
           "Synthetic data from `alumnigraph synth --seed 1`; every measurement in a fresh subprocess, peak memory "
           "is the sampled PSS of that process and its worker processes together.\n"]
    synth = ", ".join(f"{_n(r['people'])} in {r['seconds']:.0f} s" for r in _pick(rows, "synth"))
    if synth:
        out.append(f"Writing the synthetic facts (`alumnigraph synth`, not part of the build): {synth}.\n")
    out.append("## Build: `alumnigraph build -f nt` (load + check + build + N-Triples export)\n")
    build_rows = []
    for r in sorted(_pick(rows, "build"), key=lambda r: (r["people"], r["provenance"], -r["jobs"])):
        build_rows.append([_n(r["people"]), r["provenance"], str(r["jobs"]), f"{r['seconds']:.1f}",
                           f"{r['peak_gib']:.2f}", f"{r['triples']:,}", f"{r['nt_bytes'] / 2**20:,.0f}",
                           f"{r['triples'] / r['seconds']:,.0f}"])
    out.append(_table(["people", "provenance", "processes", "seconds", "peak GiB", "triples", "N-Triples MiB",
                       "triples/s"], build_rows))
    out.append("\n## The networkx graph (what builds with graph formats hold; one process)\n")
    grows = [[_n(r["people"]), f"{r['seconds']:.1f}", f"{r['peak_gib']:.2f}", f"{r['nodes']:,}", f"{r['edges']:,}"]
             for r in _pick(rows, "graph")]
    out.append(_table(["people", "seconds", "peak GiB", "nodes", "edges"], grows))
    failed = _pick(rows, "failed")
    if failed:
        out.append("\nDid not finish:\n\n" + "".join(f"- {_n(r['people'])} `{r['step']}`: {r['reason']}\n"
                                                    for r in failed))
    out.append("\n## Export throughput on the same triples (triples/s)\n")
    writers = sorted({r["writer"] for r in _pick(rows, "export")})
    exp = []
    for n in sizes:
        found = {r["writer"]: r for r in _pick(rows, "export", people=n)}
        if found:
            count = next(iter(found.values()))["triples"]
            exp.append([_n(n), f"{count:,}", *(f"{found[w]['per_s']:,.0f}" if w in found else "–" for w in writers)])
    out.append(_table(["people", "triples written", *writers], exp))
    out.append("\n## Competency queries (seconds; rows)\n")
    engines = [(n, e) for n in sizes for e in ("ours", "rdflib") if _pick(rows, "query", people=n, engine=e)]
    queries = sorted({r["query"] for r in _pick(rows, "query")})
    qrows = _query_rows(rows, "query", queries, engines)
    loads = []
    for n, e in engines:
        hit = _pick(rows, "query-load", people=n, engine=e)
        where = f", {hit[0]['store']}" if hit and "store" in hit[0] else ""
        loads.append(f"{hit[0]['seconds']:.1f} s, {hit[0]['peak_gib']:.1f} GiB{where}" if hit else "–")
    qrows.append(["*(loading the N-Triples)*", *loads])
    out.append(_table(["query", *(f"{_n(n)} {'pyoxigraph (ours)' if e == 'ours' else 'rdflib'}" for n, e in engines)],
                      qrows))
    floors = list(dict.fromkeys(r["query"] for r in _pick(rows, "floor")))
    if floors:
        out.append("\nThe engine's floor: the cheapest queries that read every move (seconds; rows). A competency "
                   "query that must read every move cannot be faster than these on that engine.\n")
        out.append(_table(["query", *(f"{_n(n)} {'pyoxigraph (ours)' if e == 'ours' else 'rdflib'}"
                                      for n, e in engines)], _query_rows(rows, "floor", floors, engines)))
    out.append("\n## Centrality on the talent-flow projection (seconds)\n")
    crow = [[_n(r["people"]), f"{r['nodes']:,}", f"{r['edges']:,}", f"{r['projection_s']:.2f}",
             f"{r['pagerank_ours_s']:.2f}", f"{r['pagerank_nx_s']:.2f}", "yes" if r["pagerank_same_top"] else "no",
             f"{r['betweenness_sampled_s']:.2f} (k={r['betweenness_k']})"] for r in _pick(rows, "centrality")]
    out.append(_table(["people", "nodes", "edges", "projection", "PageRank ours (tol 1e-13)",
                       "networkx.pagerank (default tol)", "same top node", "betweenness, sampled"], crow))
    out.append("\n## HTML viewer\n")
    hrow = [[_n(r["people"]), f"{r['bytes'] / 2**20:.1f}", f"{r['write_s']:.1f}", f"{r['load_s']:.1f}",
             r["banner"] or "(none: everything shown)"] for r in _pick(rows, "html")]
    out.append(_table(["people", "MiB", "write s", "load s (Chromium, until laid out)", "banner on the page"], hrow))
    out.append("\n## Targets (2 cores, 24 GiB)\n")
    big = max(sizes)
    rec = sorted(_pick(rows, "build", people=big, provenance="record"), key=lambda r: -r["jobs"])
    worst = max((r["seconds"] for r in _pick(rows, "query", people=big, engine="ours")), default=None)
    slow = [r["query"] for r in _pick(rows, "query", people=big, engine="ours") if r["seconds"] > TARGET_QUERY_S]
    stopped = [r["query"] for r in _pick(rows, "query", people=big, engine="ours") if r["rows"] is None]
    pr = _pick(rows, "centrality", people=big)
    bullets = [
        f"- build + N-Triples export under 2 min: {_verdict(rec[0]['seconds'] if rec else None, 120, 's')}",
        f"- … and under 8 GiB: {_verdict(rec[0]['peak_gib'] if rec else None, 8, 'GiB')}",
        f"- every competency query under 1 s (slowest): {_verdict(worst, TARGET_QUERY_S, 's')}"
        + (f"; over 1 s: {', '.join(slow)}" if slow else "")
        + (f" ({', '.join(stopped)} stopped at the time limit, so by more)" if stopped else ""),
        f"- PageRank on talent flow under 5 s: {_verdict(pr[0]['pagerank_ours_s'] if pr else None, 5, 's')}",
    ]
    out.append(f"At {_n(big)} people (record provenance; statement provenance is in the build table):\n\n"
               + "\n".join(bullets) + "\n")
    notes = HERE / "analysis.md"
    if notes.is_file():
        out.append("\n" + notes.read_text(encoding="utf-8"))
    path.write_text("\n".join(out), encoding="utf-8")
