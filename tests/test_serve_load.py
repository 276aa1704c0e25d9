"""The endpoint under load: 50 concurrent clients on loopback, zero failures, correct answers.

Also the refusals the issue names: ``LOAD`` gets 403 with a clear message, and ``alumnigraph serve``
binds to 127.0.0.1 unless told otherwise (read from the kernel's table of listening sockets).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from alumnigraph.loadtest import Job, run_load, serving
from alumnigraph.serve import SparqlServer, make_server
from alumnigraph.store import load_store, run_query
from tests.test_serve import QUERY_FILES, free_port, get, json_key, key

CLIENTS, PER_CLIENT, DEADLINE = 50, 10, 150.0
JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@pytest.fixture(scope="module")
def server(built_exports: Path) -> Iterator[SparqlServer]:
    with serving(make_server(built_exports, port=0, timeout=30, queries_dir=None, quiet=True)) as srv:
        yield srv  # type: ignore[misc]


def answer_checker(store: ox.Store, query: str) -> tuple[str, Callable[[bytes], bool]]:
    """The Accept header for ``query`` and a check that a response body is the store's own answer."""
    result = run_query(store, query)
    if isinstance(result, ox.QueryBoolean):
        return JSON_RESULTS, lambda body: json.loads(body)["boolean"] is bool(result)
    if isinstance(result, ox.QueryTriples):
        want = Counter(tuple(key(t) for t in (x.subject, x.predicate, x.object)) for x in result)
        return NTRIPLES, lambda body: Counter(
            tuple(key(t) for t in (x.subject, x.predicate, x.object))
            for x in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)) == want
    names = [v.value for v in result.variables]
    rows = Counter(tuple(key(s[n]) for n in names) for s in result)

    def same_rows(body: bytes) -> bool:
        doc = json.loads(body)
        return doc["head"]["vars"] == names and Counter(
            tuple(json_key(b.get(n)) for n in names) for b in doc["results"]["bindings"]) == rows
    return JSON_RESULTS, same_rows


def competency_jobs(endpoint: str, built_exports: Path) -> list[Job]:
    """One job per competency query in ``queries/``, checked against a local store's answer."""
    store = load_store(built_exports)
    jobs = []
    for path in QUERY_FILES:
        query = path.read_text("utf-8")
        accept, check = answer_checker(store, query)
        jobs.append(Job(path.stem, endpoint + "?" + urllib.parse.urlencode({"query": query}), accept, check))
    return jobs


def test_fifty_concurrent_clients_get_correct_answers_and_none_fails(server: SparqlServer,
                                                                      built_exports: Path) -> None:
    jobs = competency_jobs(server.url + "sparql", built_exports)
    assert len(jobs) >= 10
    report = run_load(jobs, clients=CLIENTS, per_client=PER_CLIENT, deadline=DEADLINE, request_timeout=120)
    print("\nendpoint load:", report.summary())
    assert report.failures == []
    assert len(report.latencies) == CLIENTS * PER_CLIENT
    assert report.wall < DEADLINE
    p = report.percentiles()
    assert p["p50"] <= p["p90"] <= p["p99"] <= p["max"]


def test_load_is_refused_with_a_clear_message(server: SparqlServer) -> None:
    status, headers, body = get(server.url + "sparql", "LOAD <http://127.0.0.1:1/data.ttl> INTO GRAPH <urn:x>")
    assert status == 403 and headers["Content-Type"].startswith("text/plain")
    assert body.startswith(b"SPARQL Update is not allowed") or b"read-only" in body


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (IPv4, from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_serve_command_binds_to_loopback_by_default(built_exports: Path) -> None:
    port = free_port()
    cmd = [sys.executable, "-m", "alumnigraph", "serve", "--port", str(port), "--exports", str(built_exports)]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port):
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        process.terminate()
        process.wait(30)
