"""The SPARQL endpoint over real HTTP: SPARQLWrapper and rdflib's SPARQLStore as clients, a real browser
on the query page, and the endpoint's refusals and limits."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from alumnigraph.ids import ID_BASE
from alumnigraph.serve import SparqlServer, load_examples, make_server
from alumnigraph.store import EXPORT_FILE, QUERY_PREFIXES, load_store, run_query
from tests.html_browser import watch

QUERIES = Path(__file__).resolve().parent.parent / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
TIMEOUT = 3.0
MAX_BYTES = 300_000
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) }"
"""A query that runs for hours (17,000² pairs, compared as strings) and produces nothing before."""


@pytest.fixture(scope="module")
def server(built_exports: Path) -> Iterator[SparqlServer]:
    srv = make_server(built_exports, port=0, timeout=TIMEOUT, max_bytes=MAX_BYTES, queries_dir=QUERIES, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(10)


@pytest.fixture(scope="module")
def endpoint(server: SparqlServer) -> str:
    return server.url + "sparql"


@pytest.fixture(scope="module")
def local(built_exports: Path) -> ox.Store:
    return load_store(built_exports)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get(endpoint: str, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    return fetch(endpoint + "?" + urllib.parse.urlencode({"query": query, **params}),
                headers={"Accept": accept} if accept else None)


def key(term: object) -> tuple[str, ...] | None:
    """A term from pyoxigraph or rdflib as (kind, text, language or datatype)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | URIRef):
        return ("iri", str(term.value if isinstance(term, ox.NamedNode) else term))
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    from rdflib import Literal

    assert isinstance(term, Literal)
    return ("literal", str(term), term.language or str(term.datatype or "http://www.w3.org/2001/XMLSchema#string"))


def json_key(binding: dict[str, str] | None) -> tuple[str, ...] | None:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return ("iri", binding["value"])
    return ("literal", binding["value"],
            binding.get("xml:lang") or binding.get("datatype") or "http://www.w3.org/2001/XMLSchema#string")


def local_rows(store: ox.Store, query: str) -> tuple[list[str], list[tuple[tuple[str, ...] | None, ...]]]:
    result = run_query(store, query)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return names, [tuple(key(s[n]) for n in names) for s in result]  # type: ignore[union-attr]


# --- real clients ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_sparqlwrapper_gets_every_competency_answer(endpoint: str, local: ox.Store, path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    client = SPARQLWrapper(endpoint)
    # SPARQLWrapper guesses the query form by regexp and its comment stripping skips every second
    # consecutive comment line, so a comment saying "moves" makes it send the query as an update (MOVE):
    # give it the query without the comment lines.
    client.setQuery("\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#")))
    expected = run_query(local, query)
    if isinstance(expected, ox.QueryTriples):
        client.setReturnFormat(TURTLE)
        graph = Graph().parse(data=client.query().convert(), format="turtle")
        assert {tuple(key(t) for t in triple) for triple in graph} == {
            (key(t.subject), key(t.predicate), key(t.object)) for t in expected}
        return
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    if isinstance(expected, ox.QueryBoolean):
        assert data["boolean"] is bool(expected)
        return
    names, rows = local_rows(local, query)
    assert data["head"]["vars"] == names
    got = [tuple(json_key(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    assert got == rows and rows  # same rows, same order (the queries ORDER BY every column)


@pytest.mark.parametrize(("fmt", "content_type"), [(XML, "application/sparql-results+xml"), (CSV, "text/csv"),
                                                   (TSV, "text/tab-separated-values")])
def test_sparqlwrapper_result_formats(endpoint: str, local: ox.Store, fmt: str, content_type: str) -> None:
    query = (QUERIES / "meeting_2015_attendees.rq").read_text(encoding="utf-8")
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    response = client.query()
    assert response.info()["content-type"].startswith(content_type)
    body = response.response.read()
    names, rows = local_rows(local, query)
    if fmt == CSV:
        table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert table[0] == names and len(table) == len(rows) + 1
        assert ["潘国华" in row for row in table].count(True) == 1
        return
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.XML if fmt == XML else ox.QueryResultsFormat.TSV)
    assert [tuple(key(s[n]) for n in names) for s in parsed] == rows


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint: str, local: ox.Store) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=endpoint))
    query = (QUERIES / "alumni_groups.rq").read_text(encoding="utf-8")
    rows = [tuple(key(term) for term in row) for row in graph.query(query)]
    assert rows == local_rows(local, query)[1]
    ask = graph.query("ASK { group:nanji-quan ag:founder person:pan-guohua }")
    assert ask.askAnswer is True


def test_post_bodies_and_get_give_the_same_answer(endpoint: str) -> None:
    query = "SELECT ?p WHERE { event:bat-alumni-meeting-2015 ag:participant ?p } ORDER BY ?p"
    accept = {"Accept": "application/sparql-results+json"}
    via_get = get(endpoint, query, "application/sparql-results+json")
    via_body = fetch(endpoint, query.encode("utf-8"), {**accept, "Content-Type": "application/sparql-query"})
    via_form = fetch(endpoint, urllib.parse.urlencode({"query": query}).encode("ascii"),
                    {**accept, "Content-Type": "application/x-www-form-urlencoded"})
    assert via_get[0] == via_body[0] == via_form[0] == 200
    assert via_get[2] == via_body[2] == via_form[2]
    values = [b["p"]["value"] for b in json.loads(via_get[2])["results"]["bindings"]]
    assert ID_BASE + "person/pan-guohua" in values


@pytest.mark.parametrize(("accept", "content_type", "rdflib_format"), [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_graph_results_negotiate_rdf_formats(endpoint: str, local: ox.Store, accept: str | None, content_type: str,
                                             rdflib_format: str) -> None:
    query = (QUERIES / "alumni_network_graph.rq").read_text(encoding="utf-8")
    status, headers, body = get(endpoint, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(content_type)
    graph = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    expected = {(key(t.subject), key(t.predicate), key(t.object)) for t in run_query(local, query)}  # type: ignore[union-attr]
    assert {tuple(key(t) for t in triple) for triple in graph} == expected


@pytest.mark.parametrize(("accept", "params", "content_type"), [
    ("text/csv", {}, "text/csv"),
    ("text/tab-separated-values;q=0.9, text/csv;q=0.5", {}, "text/tab-separated-values"),
    ("application/xml", {}, "application/sparql-results+xml"),
    ("text/turtle, */*;q=0.1", {}, "application/sparql-results+json"),
    ("application/sparql-results+json", {"format": "csv"}, "text/csv"),
    (None, {"output": "xml"}, "application/sparql-results+xml"),
])
def test_select_results_negotiate_formats(endpoint: str, accept: str | None, params: dict[str, str],
                                          content_type: str) -> None:
    status, headers, _ = get(endpoint, "SELECT * WHERE { ?s a ag:AlumniGroup }", accept, **params)
    assert status == 200 and headers["Content-Type"].startswith(content_type)


def test_unacceptable_formats_get_406(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT * WHERE { ?s a ag:AlumniGroup }", "text/turtle")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = get(endpoint, "CONSTRUCT WHERE { ?s a ag:AlumniGroup }", None, format="csv")
    assert status == 406


def test_default_graph_uri_selects_one_source(endpoint: str) -> None:
    source = ID_BASE + "source/004-c05e9131e338b01a"
    query = "SELECT DISTINCT ?g WHERE { ?p a ag:Person ; prov:wasDerivedFrom ?g }"
    status, _, body = get(endpoint, query, "application/sparql-results+json", **{"default-graph-uri": source})
    assert status == 200
    assert {b["g"]["value"] for b in json.loads(body)["results"]["bindings"]} == {source}


# --- read-only, refusals, limits ------------------------------------------------------------------------


def test_sparqlwrapper_update_is_refused(endpoint: str, local: ox.Store, built_exports: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = get(endpoint, count, "text/csv")[2]
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { person:intruder a ag:Person }")
    with pytest.raises(urllib.error.HTTPError) as err:
        client.query()
    assert err.value.code == 403
    assert get(endpoint, count, "text/csv")[2] == before
    status, _, body = get(endpoint, "ASK { person:intruder ?p ?o }", "text/csv")
    assert (status, body) == (200, b"false")


@pytest.mark.parametrize("update", [
    "INSERT DATA { person:intruder a ag:Person }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR DEFAULT",
    "DROP ALL",
    "CREATE GRAPH <urn:new>",
])
def test_updates_get_403_with_a_clear_message(endpoint: str, update: str) -> None:
    status, headers, body = get(endpoint, update)
    assert status == 403 and headers["Content-Type"].startswith("text/plain")
    assert b"read-only" in body
    form = urllib.parse.urlencode({"update": update}).encode("ascii")
    assert fetch(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert fetch(endpoint, update.encode("utf-8"), {"Content-Type": "application/sparql-update"})[0] == 403


def test_service_gets_403(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


def test_syntax_errors_get_400_with_the_position(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT ?x WHERE {\n  ?x a ag:Person")
    assert status == 400 and b"syntax error at line 2, column" in body


@pytest.mark.parametrize(("path", "data", "headers", "status"), [
    ("sparql", None, {}, 400),
    ("nowhere", None, {}, 404),
    ("sparql", b"query=ASK%20%7B%7D", {"Content-Type": "text/plain"}, 415),
], ids=["no-query", "unknown-path", "wrong-content-type"])
def test_bad_requests(server: SparqlServer, path: str, data: bytes | None, headers: dict[str, str],
                      status: int) -> None:
    assert fetch(server.url + path, data, headers)[0] == status


def test_oversized_requests_get_413_before_the_body_is_read(server: SparqlServer) -> None:
    host, port = server.server_address[:2]
    connection = HTTPConnection(str(host), port, timeout=30)
    try:
        connection.putrequest("POST", "/sparql")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", str(50 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413 and b"larger than" in response.read()
    finally:
        connection.close()


def test_results_over_the_size_cap_get_413(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and f"{MAX_BYTES:,} bytes".encode() in body


def test_a_query_over_the_time_limit_is_stopped(server: SparqlServer, endpoint: str) -> None:
    killed, pids = server.pool.killed, server.pool.pids()
    started = time.monotonic()
    status, _, body = get(endpoint, SLOW)
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit of 3 s" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    assert server.pool.killed == killed + 1
    gone = pids - server.pool.pids()
    assert len(gone) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(gone.pop(), 0)  # the worker running the query really stopped
    status, _, body = get(endpoint, "ASK { ?s ?p ?o }", "text/csv")
    assert (status, body) == (200, b"true")  # and a fresh worker answers


def test_binds_to_localhost_by_default(server: SparqlServer) -> None:
    assert server.server_address[0] == "127.0.0.1"


# --- the page ----------------------------------------------------------------------------------------------


def test_page_embeds_every_competency_query_and_a_strict_csp(server: SparqlServer) -> None:
    status, headers, body = fetch(server.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "http" not in csp
    start = html.index('<script type="application/json" id="examples">') + len(
        '<script type="application/json" id="examples">')
    embedded = json.loads(html[start:html.index("</script>", start)])
    assert embedded == load_examples(QUERIES) and len(embedded) == len(QUERY_FILES)
    assert "src=" not in html and "<link" not in html  # nothing loaded from elsewhere


def test_page_runs_a_competency_query_in_a_real_browser(server: SparqlServer, browser: Browser) -> None:
    _run_a_competency_query(server, browser)


def _run_a_competency_query(server: SparqlServer, browser: Browser) -> None:
    page = browser.new_page()
    log = watch(page)
    try:
        page.goto(server.url)
        page.wait_for_function("() => window.alumnigraphSparql && window.alumnigraphSparql.ready")
        page.get_by_role("button", name="Who attended the 2015 meetings", exact=False).click()
        page.wait_for_selector("#results table")
        cells = page.locator("#results td").all_inner_texts()
        assert any(c.startswith("潘国华") for c in cells)
        assert "event:bat-alumni-meeting-2015" in cells
        assert "row(s)" in page.locator("#status").inner_text()
        assert page.locator("#query").input_value().startswith("# Question: Who attended")
    finally:
        page.close()
    assert not log.page_errors and not log.console_errors and not log.dialogs
    assert all(url.startswith(server.url) for url in log.requests)


def test_page_shows_results_as_text_never_html(server: SparqlServer, browser: Browser) -> None:
    _show_text_never_html(server, browser)


def _show_text_never_html(server: SparqlServer, browser: Browser) -> None:
    page = browser.new_page()
    log = watch(page)
    payload = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>"
    try:
        page.goto(server.url)
        page.wait_for_function("() => window.alumnigraphSparql && window.alumnigraphSparql.ready")
        page.fill("#query", 'SELECT ?x WHERE { BIND("' + payload.replace('"', '\\"') + '" AS ?x) }')
        page.click("#run")
        page.wait_for_selector("#results table")
        assert page.locator("#results td").all_inner_texts() == [payload]
        assert page.locator("#results img, #results b").count() == 0
        page.select_option("#format", "csv")
        page.click("#run")
        page.wait_for_selector("#results pre")
        table = list(csv.reader(io.StringIO(page.locator("#results pre").inner_text())))
        assert table == [["x"], [payload]]
        page.fill("#query", "DROP ALL")
        page.click("#run")
        page.wait_for_selector("#results pre.error")
        assert "read-only" in page.locator("#results pre.error").inner_text()
        assert page.title() != "owned"
    finally:
        page.close()
    assert not log.page_errors and not log.dialogs


# --- the command ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_alumnigraph_serve_command(built_exports: Path) -> None:
    port = free_port()
    cmd = [sys.executable, "-m", "alumnigraph", "serve", "--port", str(port), "--exports", str(built_exports),
           "--timeout", "5"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(url, "ASK { group:nanji-quan ag:alumniGroupOf company:tencent }", "text/csv")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert (status, body) == (200, b"true")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/sparql" in err


def test_serve_command_needs_the_exports(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "alumnigraph", "serve", "--exports", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "alumnigraph build" in result.stderr


def test_endpoint_and_rdflib_agree_on_the_store_it_serves(endpoint: str, built_exports: Path) -> None:
    """The endpoint's default graph is the set union: its triple count is rdflib's union count."""
    union = Dataset(default_union=True)
    union.parse(built_exports / EXPORT_FILE, format="trig")
    status, _, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    assert status == 200 and int(body.decode().split()[-1]) == len(union)
    assert QUERY_PREFIXES["person"] == ID_BASE + "person/"
