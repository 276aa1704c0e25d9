"""Load benchmark of the SPARQL endpoint: concurrent clients on loopback, latency percentiles.

Builds the exports of ``graph/`` into a temporary folder, starts the real server on 127.0.0.1
(port 0), and sends every competency query of ``queries/`` from ``--clients`` threads, each
``--per-client`` requests, checking every answer against a local store. Writes the numbers to
``benchmarks/endpoint-load.md``. Bounded in requests and time; loopback only.

    python benchmarks/endpoint_load.py [--clients 50] [--per-client 40] [--out benchmarks/endpoint-load.md]

The second row re-listens the same server socket with a backlog of 128 instead of the standard
library's 5, the change proposed for ``SparqlServer``: with 5, bursts of connections overflow the
accept queue and the kernel's SYN retransmits (1 s, 3 s, 7 s) show up as the tail latency.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from alumnigraph import __version__  # noqa: E402
from alumnigraph.exports import build_exports  # noqa: E402
from alumnigraph.loadtest import LoadReport, run_load, serving  # noqa: E402
from alumnigraph.serve import DEFAULT_WORKERS, make_server  # noqa: E402
from tests.test_serve_load import competency_jobs  # noqa: E402


def measure(exports: Path, clients: int, per_client: int, backlog: int | None) -> LoadReport:
    """One run against a fresh server; ``backlog`` re-listens its socket with that accept queue."""
    srv = make_server(exports, port=0, timeout=30, queries_dir=None, quiet=True)
    if backlog is not None:
        srv.socket.listen(backlog)
    with serving(srv):
        return run_load(competency_jobs(srv.url + "sparql", exports), clients, per_client, deadline=600)

def markdown(rows: list[tuple[str, LoadReport]], queries: int) -> str:
    """The report page."""
    lines = [
        "# Endpoint load benchmark",
        "",
        f"`python benchmarks/endpoint_load.py` — alumnigraph {__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {DEFAULT_WORKERS} query worker processes, {queries} competency queries in turn, "
        "every answer checked against a local store. Loopback only.",
        "",
        "| server | clients × requests | ok | failed | wall s | req/s | p50 ms | p90 ms | p99 ms | max ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows:
        p = r.percentiles()
        rate = len(r.latencies) / r.wall if r.wall else 0.0
        lines.append(f"| {name} | {r.clients} × {r.per_client} | {len(r.latencies)} | {len(r.failures)} | "
                     f"{r.wall:.1f} | {rate:.1f} | {p['p50']:.1f} | {p['p90']:.1f} | {p['p99']:.1f} | {p['max']:.1f} |")
    failures = sorted({f for _, r in rows for f in r.failures})
    lines += ["", "Failures: " + ("none." if not failures else "; ".join(failures[:10]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "endpoint-load.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        exports = Path(tmp)
        build_exports(REPO / "graph", exports)
        rows = [
            ("as shipped (listen backlog 5)", measure(exports, args.clients, args.per_client, None)),
            ("listen backlog 128", measure(exports, args.clients, args.per_client, 128)),
        ]
        queries = len(competency_jobs("http://127.0.0.1:1/sparql", exports))
    for name, report in rows:
        print(f"{name}: {report.summary()}")
    args.out.write_text(markdown(rows, queries), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
