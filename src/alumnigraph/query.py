"""Query results for people and programs: a rich table, or the standard SPARQL result formats.

``SELECT`` and ``ASK`` results serialize as SPARQL 1.1 JSON, XML, CSV or TSV; ``CONSTRUCT`` and
``DESCRIBE`` results as Turtle (prefixed like the exports), N-Triples, RDF/XML or JSON-LD.

>>> from alumnigraph.store import run_query, store_from_quads
>>> store = store_from_quads([])
>>> render(run_query(store, "SELECT (1 AS ?n) (ag:Person AS ?c) {}"), "csv")
b'n,c\\r\\n1,https://w3id.org/alumnigraph/ontology#Person\\r\\n'
>>> render(run_query(store, "ASK {}"), "json")
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node
from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from .export.ntriples import ntriples_text
from .export.rdfsyntax import EXPORT_PREFIXES, compact
from .export.turtle import turtle_text
from .store import QueryError, QueryResult
from .vocab import PREFIXES

SOLUTION_FORMATS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
"""Result formats of ``SELECT`` and ``ASK`` queries, by short name."""

GRAPH_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
"""Result formats of ``CONSTRUCT`` and ``DESCRIBE`` queries, by short name (Turtle by default)."""

CLI_FORMATS = ("table", *SOLUTION_FORMATS, "turtle", "nt")
"""What ``alumnigraph query --format`` accepts: graph results print as Turtle unless ``nt``."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def read_query(query: str) -> str:
    """The query text: the contents of ``query`` if it names an existing file, else ``query`` itself.

    >>> read_query("ASK {}")
    'ASK {}'
    >>> read_query("queries/meeting_2015_attendees.rq").startswith("# Question:")
    True
    """
    if "\n" not in query and len(query) < 4096:
        path = Path(query)
        try:
            is_file = path.is_file()
        except OSError:  # a one-line query longer than a file name can be
            is_file = False
        if path.suffix == ".rq" or is_file:
            return path.read_text(encoding="utf-8")
    return query


def media_type(result: QueryResult, fmt: str) -> str:
    """The media type :func:`write_result` produces for ``result`` in ``fmt``.

    >>> from alumnigraph.store import run_query, store_from_quads
    >>> media_type(run_query(store_from_quads([]), "ASK {}"), "json")
    'application/sparql-results+json'
    """
    if isinstance(result, QueryTriples):
        return GRAPH_FORMATS.get(fmt, RdfFormat.TURTLE).media_type
    return SOLUTION_FORMATS[fmt].media_type


def write_result(result: QueryResult, output: IO[bytes], fmt: str) -> None:
    """Stream ``result`` to ``output`` in ``fmt``: a key of :data:`SOLUTION_FORMATS` for ``SELECT``/``ASK``,
    of :data:`GRAPH_FORMATS` for ``CONSTRUCT``/``DESCRIBE`` (Turtle when ``fmt`` is not one of them).

    >>> from alumnigraph.store import run_query, store_from_quads
    >>> out = BytesIO()
    >>> write_result(run_query(store_from_quads([]), "CONSTRUCT { ag:a ag:b 1 } {}"), out, "csv")
    >>> print(out.getvalue().decode().splitlines()[-1])
        ag:b "1"^^xsd:integer .
    """
    if isinstance(result, QueryTriples):
        output.write(graph_bytes(result, fmt))
    else:
        result.serialize(output, SOLUTION_FORMATS[fmt])


def graph_bytes(triples: Iterable[Triple], fmt: str) -> bytes:
    """Triples, deduplicated and sorted, as Turtle (prefixed like the exports), N-Triples, RDF/XML or
    JSON-LD. Turtle and N-Triples are written by the export writers, so they read like the exports.

    >>> t = Triple(NamedNode("https://w3id.org/alumnigraph/id/group/x"), NamedNode("urn:p"), Literal("y"))
    >>> graph_bytes([t, t], "nt")
    b'<https://w3id.org/alumnigraph/id/group/x> <urn:p> "y" .\\n'
    """
    unique = sorted(set(triples), key=str)
    graph_format = GRAPH_FORMATS.get(fmt, RdfFormat.TURTLE)
    if graph_format in (RdfFormat.RDF_XML, RdfFormat.JSON_LD):
        return serialize(unique, format=graph_format, prefixes=PREFIXES)
    terms = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in unique]
    text = ntriples_text(terms) if graph_format == RdfFormat.N_TRIPLES else turtle_text(terms, header="")
    return text.encode("utf-8")


def to_rdflib(term: NamedNode | BlankNode | Literal) -> Node:
    """The rdflib term for a pyoxigraph term (graph results are written by the export writers, so
    they come out sorted and prefixed exactly like the exports).

    >>> to_rdflib(Literal("2014", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))).n3()
    '"2014"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"cannot write the RDF 1.2 triple term {term} in a result", kind="usage")


def render(result: QueryResult, fmt: str) -> bytes:
    """``result`` serialized in ``fmt``, as bytes (see :func:`write_result`)."""
    out = BytesIO()
    write_result(result, out, fmt)
    return out.getvalue()


def term_text(term: NamedNode | BlankNode | Literal | None) -> Text:
    """A term as a person reads it: prefixed IRIs, literal values with their language tag.

    >>> term_text(NamedNode("https://w3id.org/alumnigraph/id/person/pan-guohua")).plain
    'person:pan-guohua'
    >>> term_text(Literal("潘国华", language="zh")).plain
    '潘国华 @zh'
    """
    if term is None:
        return Text("")
    if isinstance(term, NamedNode):
        return Text(compact(term.value, EXPORT_PREFIXES) or f"<{term.value}>", style="cyan")
    if isinstance(term, BlankNode):
        return Text(f"_:{term.value}")
    if isinstance(term, Literal):
        text = Text(term.value)
        if term.language:
            text.append(f" @{term.language}", style="dim")
        return text
    return Text(str(term))


def result_table(result: QuerySolutions) -> Table:
    """The solutions as a rich table, one column per selected variable."""
    names = [v.value for v in result.variables]
    table = Table(*(Column(name, overflow="fold") for name in names))
    for solution in result:
        table.add_row(*(term_text(solution[name]) for name in names))
    return table


def print_result(result: QueryResult, fmt: str, console: Console) -> None:
    """Print ``result``: a table (``fmt == "table"``) or a serialization to standard output."""
    if fmt == "table" and isinstance(result, QuerySolutions):
        table = result_table(result)
        # On a terminal the table wraps to fit; piped into a file or a pager it keeps its full width.
        if not console.is_terminal:
            wide = console.options.update(max_width=100_000)
            console = Console(file=console.file, width=Measurement.get(console, wide, table).maximum)
        console.print(table)
        console.print(f"{table.row_count} row(s)", style="dim")
    elif fmt == "table" and isinstance(result, QueryBoolean):
        console.print("true" if result else "false")
    else:
        sys.stdout.flush()
        write_result(result, sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()


def query_command(query: str, exports: Path, fmt: str, console: Console, store_dir: Path | None = None) -> None:
    """``alumnigraph query``: read the query, run it over ``exports`` and print the result.

    With ``store_dir``, the query runs on the on-disk store there (loaded from ``exports`` the first time,
    see :mod:`alumnigraph.disk_store`) instead of a store loaded into memory for this one query.
    Raises :class:`~alumnigraph.store.QueryError` (bad query or format), :class:`FileNotFoundError`,
    :class:`FileExistsError` (``store_dir`` is something else) or :class:`~alumnigraph.store.ExportError`.

    >>> query_command("ASK { group:nanji-quan ag:founder person:pan-guohua }", Path("exports"), "table",
    ...               Console(width=80))
    true
    """
    from .store import load_store, run_query

    if fmt not in CLI_FORMATS:
        raise QueryError(f"unknown format {fmt!r}: choose one of {', '.join(CLI_FORMATS)}", kind="usage")
    text = read_query(query)
    from .disk_store import memory_hint, open_disk_store

    if store_dir is None:
        hint = memory_hint(exports)
        if hint is not None:
            print(hint, file=sys.stderr)
        store = load_store(exports)
    else:
        store = open_disk_store(exports, store_dir, notify=lambda message: print(message, file=sys.stderr))
    result = run_query(store, text)
    if fmt in ("turtle", "nt") and not isinstance(result, QueryTriples):
        raise QueryError(f"format {fmt!r} is for CONSTRUCT and DESCRIBE results; use table, csv, tsv, json or xml",
                         kind="usage")
    print_result(result, fmt, console)


def question_of(query: str) -> str | None:
    """The competency question a query file states in its leading ``# Question:`` comment, which may
    continue on the next comment lines until the ``?``.

    >>> question_of("# Question: Who founded\\n# 南极圈?\\n# (a note)\\nASK {}")
    'Who founded 南极圈?'
    >>> question_of("ASK {}") is None
    True
    """
    lines = query.splitlines()
    if not lines or not lines[0].startswith("# Question:"):
        return None
    words = [lines[0].removeprefix("# Question:").strip()]
    for line in lines[1:]:
        if words[-1].endswith("?") or not line.startswith("#"):
            break
        words.append(line.lstrip("#").strip())
    return " ".join(words)
