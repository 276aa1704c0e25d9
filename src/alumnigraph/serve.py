"""A local, read-only SPARQL 1.1 Protocol endpoint over the built graph, and a page to query it.

``alumnigraph serve`` listens on 127.0.0.1:8000 by default (standard library
``ThreadingHTTPServer``):

* ``/sparql`` answers ``GET ?query=…`` and ``POST`` with an ``application/sparql-query`` body or a
  form-encoded ``query=``; ``default-graph-uri`` and ``named-graph-uri`` select source graphs. The result
  format follows the ``Accept`` header (or a ``format``/``output`` parameter): SPARQL JSON (default),
  XML, CSV or TSV for ``SELECT``/``ASK``; Turtle (default), N-Triples, RDF/XML or JSON-LD for
  ``CONSTRUCT``/``DESCRIBE``.
* ``/`` is a small page (vanilla JS, nothing from a CDN, results shown as text) with the competency
  queries of ``queries/`` one click away; they are read once at start-up from the repository's
  ``queries/`` folder (found beside the package in a source checkout or editable install, else in
  the working directory, or given with ``--queries``).

Read-only: SPARQL Update does not parse as a query, so an update (``INSERT``, ``DELETE``, ``LOAD``,
``CLEAR``, ``DROP``, ``CREATE``…) gets **403** with a message saying so, as does ``SERVICE``; a form
``update=`` or an ``application/sparql-update`` body is refused the same way. A syntax error gets 400.

Limits: each query runs in a **worker process** (a small pool, each holding its own copy of the store).
pyoxigraph cannot interrupt a running query, so when a query exceeds the time limit the endpoint
answers **503** and kills that worker process — the query really stops — and starts a fresh one. A
result larger than the size cap gets **413** (the serialization stops as soon as it crosses the cap).
When every worker is busy for the whole time limit, the request gets 503 with ``Retry-After``.

>>> negotiate("text/csv, application/sparql-results+json;q=0.5", None, "solutions")
'csv'
>>> negotiate("application/sparql-results+json", None, "graph") is None
True
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import QueryTriples, Store

from .disk_store import memory_hint, open_disk_store
from .query import media_type, question_of, write_result
from .store import EXPORT_FILE, QUERY_PREFIXES, QueryError, load_store, run_query

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""Largest result the endpoint sends, in bytes."""
MAX_REQUEST_BYTES = 1024 * 1024
"""Largest POST body accepted, in bytes."""
DEFAULT_WORKERS = 2
WORKER_START_SECONDS = 120.0

Kind = Literal["solutions", "graph"]

MEDIA_TYPES: dict[Kind, dict[str, str]] = {
    "solutions": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "nt",
        "text/plain": "nt",
        "application/rdf+xml": "rdfxml",
        "application/ld+json": "jsonld",
    },
}
"""Media types the endpoint can answer with, for each kind of result → format name."""

FORMAT_NAMES: dict[Kind, dict[str, str]] = {
    "solutions": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
              "xml": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "json": "jsonld", "json-ld": "jsonld",
              "jsonld": "jsonld"},
}
"""Values of the ``format``/``output`` parameter, for each kind of result → format name."""

DEFAULT_FORMAT: dict[Kind, str] = {"solutions": "json", "graph": "turtle"}


# --- content negotiation -------------------------------------------------------------------------


def _accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (by q, then specificity, then order)."""
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, media.count("*"), index, media))
    return [media for *_, media in sorted(ranges)]


def negotiate(accept: str | None, fmt: str | None, kind: Kind) -> str | None:
    """The format name to answer with, or ``None`` when nothing acceptable is available.

    ``fmt`` (the ``format``/``output`` parameter: a name such as ``json`` or a media type) wins over
    ``accept``; with neither, JSON for solutions and Turtle for graphs.

    >>> negotiate(None, None, "graph"), negotiate("*/*", None, "solutions"), negotiate(None, "xml", "graph")
    ('turtle', 'json', 'rdfxml')
    """
    if fmt:
        name = fmt.strip().lower()
        return FORMAT_NAMES[kind].get(name) or MEDIA_TYPES[kind].get(name.split(";")[0].strip())
    if not accept:
        return DEFAULT_FORMAT[kind]
    offered = MEDIA_TYPES[kind]
    default_media = next(m for m, f in offered.items() if f == DEFAULT_FORMAT[kind])
    for media in _accepted(accept):
        if media in offered:
            return offered[media]
        if media == "*/*":
            return DEFAULT_FORMAT[kind]
        if media.endswith("/*"):
            family = media[:-1]
            choices = [default_media, *offered]
            match = next((m for m in choices if m.startswith(family)), None)
            if match:
                return offered[match]
    return None


# --- running one query ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRequest:
    """One protocol request, as the worker process receives it."""

    query: str
    accept: str | None = None
    fmt: str | None = None
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type, body."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str, *headers: tuple[str, str]) -> Reply:
        """A plain-text answer (errors).

        >>> Reply.text(404, "no such page").content_type
        'text/plain; charset=utf-8'
        """
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), headers)


class ResultTooLarge(Exception):
    """The serialized result crossed the size cap."""


class _CappedBuffer:
    """A binary sink that refuses to grow past ``limit`` bytes (which stops the serialization)."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []  # type: ignore[var-annotated]

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _with_charset(media: str) -> str:
    textual = media.startswith("text/") or media == "application/n-triples"
    return f"{media}; charset=utf-8" if textual and "charset" not in media else media


def execute(store: Store, request: QueryRequest, max_bytes: int = DEFAULT_MAX_BYTES) -> Reply:
    """Run one request against ``store`` and serialize the answer (what a worker process does).

    >>> from alumnigraph.store import store_from_quads
    >>> reply = execute(store_from_quads([]), QueryRequest("ASK {}", accept="text/csv"))
    >>> reply.status, reply.content_type, reply.body
    (200, 'text/csv; charset=utf-8', b'true')
    >>> execute(store_from_quads([]), QueryRequest("CLEAR ALL")).status
    403
    """
    try:
        result = run_query(store, request.query, default_graph=request.default_graph,
                           named_graphs=request.named_graphs)
        kind: Kind = "graph" if isinstance(result, QueryTriples) else "solutions"
        fmt = negotiate(request.accept, request.fmt, kind)
        if fmt is None:
            wanted = request.fmt or request.accept
            offered = ", ".join(MEDIA_TYPES[kind])
            what = "CONSTRUCT/DESCRIBE" if kind == "graph" else "SELECT/ASK"
            return Reply.text(406, f"cannot answer {wanted!r}: {what} results are available as {offered}")
        out = _CappedBuffer(max_bytes)
        write_result(result, out, fmt)  # type: ignore[arg-type]
    except QueryError as exc:
        return Reply.text(403 if exc.kind in ("update", "service") else 400, str(exc))
    except ResultTooLarge:
        return Reply.text(413, f"the result is larger than this endpoint's cap of {max_bytes:,} bytes: "
                               "narrow the query or add a LIMIT")
    except Exception as exc:  # an evaluation error inside the engine
        return Reply.text(500, f"the query failed while running: {exc}")
    return Reply(200, _with_charset(media_type(result, fmt)), out.getvalue())


# --- worker processes ------------------------------------------------------------------------------


def _worker_main() -> None:
    """Body of a worker process (``python -c`` with the request and reply pipe fds, the exports folder, the
    size cap and the on-disk store folder or "" as arguments): load the store (or open the on-disk one,
    read-only), then answer requests until the pipe closes."""
    requests_fd, replies_fd, exports, max_bytes, store_dir = sys.argv[1:6]
    requests, replies = Connection(int(requests_fd), writable=False), Connection(int(replies_fd), readable=False)
    store = Store.read_only(store_dir) if store_dir else load_store(Path(exports))
    replies.send("ready")
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            return
        replies.send(execute(store, request, int(max_bytes)))


class WorkerDied(Exception):
    """A worker process ended without answering."""


class _Worker:
    """One worker: a fresh Python process (not ``multiprocessing``, so the caller's ``__main__`` is never
    re-imported) talking over two pipes."""

    def __init__(self, exports: Path, max_bytes: int, store_dir: Path | None = None):
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        code = "from alumnigraph.serve import _worker_main; _worker_main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(to_child), str(to_parent), str(exports), str(max_bytes),
             str(store_dir or "")],
            pass_fds=(to_child, to_parent), stdin=subprocess.DEVNULL, close_fds=True)
        os.close(to_child)
        os.close(to_parent)
        self.requests = Connection(from_parent, readable=False)
        self.replies = Connection(from_child, writable=False)
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        try:
            if not self.replies.poll(WORKER_START_SECONDS):
                raise WorkerDied(f"a query worker did not start within {WORKER_START_SECONDS:g} s")
            self.ready = self.replies.recv() == "ready"
        except (EOFError, OSError):
            raise WorkerDied(f"a query worker failed to start (exit code {self.process.poll()})") from None

    def ask(self, request: QueryRequest, timeout: float) -> Reply | None:
        """The worker's reply, or ``None`` if it takes longer than ``timeout`` seconds."""
        try:
            self.requests.send(request)
            if not self.replies.poll(timeout):
                return None
            return self.replies.recv()
        except (EOFError, OSError):
            raise WorkerDied("the query worker stopped unexpectedly") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        self.requests.close()
        self.replies.close()


class WorkerPool:
    """Worker processes that run queries with a hard time limit (a late worker is killed and replaced).

    >>> pool = WorkerPool(Path("exports"), size=1)
    >>> pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=5).body
    b'{"head":{},"boolean":true}'
    >>> pool.close()
    """

    def __init__(self, exports: Path, size: int = DEFAULT_WORKERS, max_bytes: int = DEFAULT_MAX_BYTES,
                 store_dir: Path | None = None):
        if store_dir is not None:  # loaded here once if need be; the workers share it, read-only
            open_disk_store(exports, store_dir, notify=lambda message: print(message, file=sys.stderr))
        elif not (exports / EXPORT_FILE).is_file():
            raise FileNotFoundError(f"{exports / EXPORT_FILE} not found: run `alumnigraph build` first "
                                    "(or pass --exports DIR)")
        elif (hint := memory_hint(exports)) is not None:
            print(f"{hint} (in each of the {size} query workers)", file=sys.stderr)
        self._exports, self._max_bytes, self.size, self._store_dir = exports, max_bytes, size, store_dir
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed = 0
        workers = [self._start() for _ in range(size)]
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._exports, self._max_bytes, self._store_dir)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.killed += 1
        self._idle.put(self._start())

    def run(self, request: QueryRequest, timeout: float) -> Reply:
        """Run ``request`` on a free worker within ``timeout`` seconds."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Reply.text(503, f"busy: all {self.size} query workers stayed busy for {timeout:g} s; "
                                   "try again", ("Retry-After", "5"))
        try:
            worker.wait_ready()
            reply = worker.ask(request, timeout)
        except WorkerDied as exc:
            self._replace(worker)
            return Reply.text(500, f"{exc}; it has been restarted")
        if reply is None:
            self._replace(worker)
            return Reply.text(503, f"the query ran longer than the time limit of {timeout:g} s and was stopped")
        self._idle.put(worker)
        return reply

    def pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return {w.process.pid for w in self._all}

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()


# --- the page ---------------------------------------------------------------------------------------


def find_queries_dir() -> Path | None:
    """The repository's ``queries/`` folder: beside the package source, else in the working directory."""
    for candidate in (Path(__file__).resolve().parents[2] / "queries", Path.cwd() / "queries"):
        if candidate.is_dir() and any(candidate.glob("*.rq")):
            return candidate
    return None


def load_examples(folder: Path | None) -> list[dict[str, str]]:
    """The competency queries of ``folder`` as ``{name, question, query}``, by file name.

    >>> [e["name"] for e in load_examples(None)]
    []
    """
    if folder is None:
        return []
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        examples.append({"name": path.stem, "question": question_of(text) or path.stem, "query": text})
    return examples


def _script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` left)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page(examples: list[dict[str, str]], timeout: float, max_bytes: int) -> tuple[str, str]:
    """The query page and its Content-Security-Policy (the inline script and style allowed by hash).

    >>> html, csp = page([{"name": "q", "question": "Who <b>?", "query": "ASK {}"}], 30, 1000)
    >>> "Who \\\\u003cb\\\\u003e?" in html, "script-src 'sha256-" in csp, "http" in csp
    (True, True, False)
    """
    template = resources.files("alumnigraph").joinpath("templates/sparql.html").read_text(encoding="utf-8")
    html = (template.replace("__EXAMPLES__", _script_json(examples))
            .replace("__PREFIXES__", _script_json(QUERY_PREFIXES))
            .replace("__TIMEOUT__", f"{timeout:g}")
            .replace("__MAX_BYTES__", f"{max_bytes:,}"))
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_csp_hash(s) for s in scripts),
        "style-src " + " ".join(_csp_hash(s) for s in styles),
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])
    return html, csp


# --- HTTP ---------------------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one thread per request, queries in the worker pool."""

    daemon_threads = True
    request_queue_size = 128  # the default listen backlog of 5 made bursts of clients wait for SYN retries

    def __init__(self, address: tuple[str, int], pool: WorkerPool, timeout: float, page_html: str, csp: str,
                 quiet: bool = False):
        super().__init__(address, SparqlHandler)
        self.pool, self.query_timeout, self.page_html, self.csp, self.quiet = pool, timeout, page_html, csp, quiet

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:8000/``."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.reply = Reply.text(status, message)


class SparqlHandler(BaseHTTPRequestHandler):
    """``/`` (the page) and ``/sparql`` (the protocol endpoint)."""

    server: SparqlServer
    server_version = "alumnigraph-sparql"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            body = self.server.page_html.encode("utf-8")
            self._send(Reply(200, "text/html; charset=utf-8", body, (("Content-Security-Policy", self.server.csp),)))
        elif url.path == "/sparql":
            self._sparql(parse_qs(url.query, keep_blank_values=True))
        else:
            self._send(Reply.text(404, "not found: the SPARQL endpoint is /sparql, the query page is /"))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(Reply.text(404, "not found: POST queries to /sparql"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            body = self._body()
        except _Refused as exc:
            self._send(exc.reply)
            return
        content_type = self.headers.get_content_type()
        if content_type == "application/sparql-query":
            params.setdefault("query", []).append(body)
        elif content_type == "application/x-www-form-urlencoded":
            for name, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif content_type == "application/sparql-update":
            params["update"] = [body]
        else:
            self._send(Reply.text(415, f"unsupported Content-Type {content_type!r}: send "
                                       "application/sparql-query or application/x-www-form-urlencoded"))
            return
        self._sparql(params)

    def _body(self) -> str:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise _Refused(411, "a POST needs a Content-Length")
        if int(length) > MAX_REQUEST_BYTES:
            raise _Refused(413, f"the request is larger than {MAX_REQUEST_BYTES:,} bytes")
        try:
            return self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, "the request body is not UTF-8") from None

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(Reply.text(403, "SPARQL Update is not allowed: this endpoint is read-only"))
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(Reply.text(400, "give exactly one non-empty 'query' parameter (GET ?query=… or POST)"))
            return
        fmt = (params.get("format") or params.get("output") or [None])[0]
        request = QueryRequest(queries[0], self.headers.get("Accept"), fmt,
                               tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
        self._send(self.server.pool.run(request, self.server.query_timeout))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(exports: Path, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
                max_bytes: int = DEFAULT_MAX_BYTES, workers: int = DEFAULT_WORKERS,
                queries_dir: Path | None = None, quiet: bool = False, store_dir: Path | None = None) -> SparqlServer:
    """A ready server (workers started, page built); ``port=0`` picks a free port. With ``store_dir``, the
    workers share the on-disk store there (:mod:`alumnigraph.disk_store`) instead of each loading the
    exports into memory.

    >>> from urllib.request import urlopen
    >>> server = make_server(Path("exports"), port=0, quiet=True)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> urlopen(server.url + "sparql?query=ASK%7B%7D").read()
    b'{"head":{},"boolean":true}'
    >>> server.shutdown(); server.server_close()
    """
    pool = WorkerPool(exports, size=workers, max_bytes=max_bytes, store_dir=store_dir)
    try:
        html, csp = page(load_examples(queries_dir or find_queries_dir()), timeout, max_bytes)
        return SparqlServer((host, port), pool, timeout, html, csp, quiet=quiet)
    except BaseException:
        pool.close()
        raise


def serve(exports: Path, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES, workers: int = DEFAULT_WORKERS,
          queries_dir: Path | None = None, store_dir: Path | None = None) -> None:
    """Serve until interrupted (Ctrl-C); ``alumnigraph serve`` calls this. It blocks, so the example
    is :func:`make_server`'s, which this wraps: ``serve(Path("exports"), port=8000)``.
    """
    server = make_server(exports, host=host, port=port, timeout=timeout, max_bytes=max_bytes, workers=workers,
                         queries_dir=queries_dir, store_dir=store_dir)
    print(f"SPARQL endpoint {server.url}sparql, query page {server.url} (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
