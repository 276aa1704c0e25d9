"""The built graph in an embedded pyoxigraph store, and SPARQL queries over it.

The store is loaded from the TriG export: one named graph per source article, named by the
source's IRI. Its **default graph is the union of the source graphs**, as a set: each distinct triple
once. (pyoxigraph's ``use_default_graph_as_union=True`` would give the union too, but as a bag — a
triple stated by three articles matches three times, so ``COUNT`` over-counts and rows repeat; the
store therefore holds the deduplicated union in its default graph, which is what rdflib's
``Dataset(default_union=True)`` and the Turtle export give.) ``GRAPH ?g { … }`` still reaches each
source graph on its own.

The usual prefixes (:data:`QUERY_PREFIXES`) are predeclared; a query's own ``PREFIX``
lines take precedence. A query that does not parse raises :class:`QueryError`, which names the line
and column in the query as written. Queries are read-only: SPARQL Update does not parse as a query,
and :func:`refuse_unsafe` also refuses ``SERVICE`` (which would make the engine fetch remote data).

>>> store = store_from_quads([])
>>> bool(run_query(store, "ASK { ?s ?p ?o }"))
False
>>> try:
...     run_query(store, "SELECT ?x WHERE { ?x }")
... except QueryError as err:
...     print(err.line, err.column)
1 23
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, Store

from .export.rdfsyntax import EXPORT_PREFIXES
from .vocab import PREFIXES

QUERY_PREFIXES: dict[str, str] = {**PREFIXES, **EXPORT_PREFIXES}
"""Prefixes every query may use without declaring them: the vocabularies (:data:`~alumnigraph.vocab.PREFIXES`)
plus the per-kind prefixes the exports and results use (``person:``, ``company:``, ``group:``, …)."""

EXPORT_FILE = "alumnigraph.trig"
"""The export the store is loaded from."""

QueryResult = QuerySolutions | QueryBoolean | QueryTriples

_POSITION = re.compile(r"^error at (\d+):(\d+): ")


class QueryError(Exception):
    """A query that cannot run: ``message`` says why, ``line``/``column`` (1-based) say where.

    >>> str(QueryError("expected one of LATERAL, SERVICE", 3, 7))
    'syntax error at line 3, column 7: expected one of LATERAL, SERVICE'
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None, *, kind: str = "syntax"):
        self.message, self.line, self.column, self.kind = message, line, column, kind
        where = f" at line {line}, column {column}" if line is not None else ""
        label = {"syntax": "syntax error", "usage": "usage"}.get(kind, "refused")
        super().__init__(f"{label}{where}: {message}")


def store_from_quads(quads: Iterable[Quad]) -> Store:
    """An in-memory store holding ``quads`` plus their deduplicated union as its default graph.

    >>> from pyoxigraph import NamedNode, Literal
    >>> q = Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("x"), NamedNode("http://e/g"))
    >>> len(store_from_quads([q]))
    2
    """
    store = Store()
    store.extend(quads)
    _add_union(store)
    return store


def _add_union(store: Store) -> None:
    union = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)
             if not isinstance(q.graph_name, DefaultGraph)}
    store.extend(Quad(s, p, o, DefaultGraph()) for s, p, o in union)


NT_FILE = "alumnigraph.nt"
"""The export the store is loaded from when there is no TriG (a ``build -f nt`` of bulk data)."""


def export_of(exports_dir: Path) -> tuple[Path, RdfFormat]:
    """The export a store is loaded from, and its format: ``alumnigraph.trig``, else ``alumnigraph.nt``.

    Raises :class:`FileNotFoundError` with a hint when neither is there.

    >>> export_of(Path("exports"))[0].name
    'alumnigraph.trig'
    """
    path = exports_dir / EXPORT_FILE
    if path.is_file():
        return path, RdfFormat.TRIG
    if (exports_dir / NT_FILE).is_file():
        return exports_dir / NT_FILE, RdfFormat.N_TRIPLES
    raise FileNotFoundError(f"{path} not found: run `alumnigraph build` first (or pass --exports DIR)")


class ExportError(Exception):
    """An export that does not parse (a damaged or hand-edited file): the message names the file and the line."""


def load_export(store: Store, export: Path, fmt: RdfFormat) -> None:
    """Bulk-load ``export`` into ``store``; a parse error becomes :class:`ExportError` naming the file."""
    try:
        store.bulk_load(path=str(export), format=fmt)
    except SyntaxError as exc:
        raise ExportError(f"{export}: {exc} (rebuild it with `alumnigraph build`)") from None


def load_store(exports_dir: Path) -> Store:
    """Load ``exports_dir/alumnigraph.trig`` into a new in-memory store.

    Without a TriG export, ``alumnigraph.nt`` is loaded instead: its triples (the union of the sources)
    become the default graph, and there are no named graphs. Raises :class:`FileNotFoundError` with a
    hint when neither export is there, :class:`ExportError` when it does not parse.

    >>> store = load_store(Path("exports"))
    >>> bool(run_query(store, "ASK { group:nanji-quan ag:alumniGroupOf company:tencent }"))
    True
    """
    export, fmt = export_of(exports_dir)
    store = Store()
    load_export(store, export, fmt)
    if fmt == RdfFormat.TRIG:
        _add_union(store)
    return store


def run_query(store: Store, query: str, *, default_graph: Sequence[str] = (),
              named_graphs: Sequence[str] = ()) -> QueryResult:
    """Run a read-only SPARQL query with the usual prefixes predeclared.

    ``default_graph`` (IRIs of source graphs whose union is the default graph, instead of all of
    them) and ``named_graphs`` (the graphs ``GRAPH`` may reach) are the SPARQL protocol's
    ``default-graph-uri`` and ``named-graph-uri``. Raises :class:`QueryError` on a syntax error, an
    update, or ``SERVICE``.

    >>> store = store_from_quads([])
    >>> list(run_query(store, "SELECT (ag:Person AS ?c) {}"))[0]["c"].value
    'https://w3id.org/alumnigraph/ontology#Person'
    """
    refuse_unsafe(query)
    datasets: dict[str, list[NamedNode]] = {}
    try:
        if default_graph:
            datasets["default_graph"] = [NamedNode(g) for g in default_graph]
        if named_graphs:
            datasets["named_graphs"] = [NamedNode(g) for g in named_graphs]
    except ValueError as exc:
        raise QueryError(f"not a graph IRI: {exc}", kind="usage") from None
    try:
        return store.query(query, prefixes=QUERY_PREFIXES, **datasets)  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise _syntax_error(query, str(exc)) from None


def _syntax_error(query: str, text: str) -> QueryError:
    if is_update(query):
        return QueryError("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) is not "
                          "allowed: the graph is read-only; send a SELECT, ASK, CONSTRUCT or DESCRIBE query",
                          kind="update")
    match = _POSITION.match(text)
    if match is None:
        return QueryError(text)
    message = " ".join(text[match.end():].split())
    return QueryError(message, int(match.group(1)), int(match.group(2)))


def is_update(query: str) -> bool:
    """Whether ``query`` parses as a SPARQL 1.1 Update request (rdflib's parser; nothing runs).

    >>> is_update("INSERT DATA { ag:a ag:b ag:c }"), is_update("SELECT * {}")
    (True, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(with_prefixes(query))
    except Exception:  # pyparsing's ParseException, or assorted rdflib errors on odd input
        return False
    return True


def with_prefixes(query: str) -> str:
    """The query with a ``PREFIX`` line for every usual prefix it does not declare itself, so that it
    runs on any SPARQL engine.

    >>> with_prefixes("PREFIX ag: <urn:x#> SELECT * {}").count("PREFIX ag:")
    1
    >>> "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in with_prefixes("SELECT * {}")
    True
    """
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in QUERY_PREFIXES.items() if p not in declared]
    return "\n".join([*lines, query])


@dataclass(frozen=True)
class _Token:
    text: str
    line: int
    column: int


_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|\s+)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<word>[?$@]?[\w.:%\\-]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def _tokens(query: str) -> Iterator[_Token]:
    line, line_start = 1, 0
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in ("word", "other"):
            yield _Token(match.group(0), line, match.start() - line_start + 1)
        newlines = match.group(0).count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + match.group(0).rindex("\n") + 1


def refuse_unsafe(query: str) -> None:
    """Raise :class:`QueryError` if the query uses ``SERVICE`` (a federated call to another endpoint).

    The query is tokenized (comments, strings and IRIs skipped), so ``SERVICE`` inside a string, an
    IRI, a variable or a prefixed name does not count; a bare ``SERVICE`` keyword does.

    >>> refuse_unsafe('SELECT * { ?s ?p "SERVICE" }  # SERVICE')
    >>> try:
    ...     refuse_unsafe("SELECT * {\\n  service <http://example.org/sparql> { ?s ?p ?o } }")
    ... except QueryError as err:
    ...     print(err)
    refused at line 2, column 3: SERVICE (federated query) is not allowed: this endpoint only queries its own graph
    """
    for token in _tokens(query):
        if token.text.upper() == "SERVICE":
            raise QueryError("SERVICE (federated query) is not allowed: this endpoint only queries its own graph",
                             token.line, token.column, kind="service")
