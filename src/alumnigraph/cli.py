"""The ``alumnigraph`` command line: a thin typer app over the package."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .check import check_facts, coverage
from .load import FactErrors, load_dir

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Build, check and query the alumnigraph.")
console = Console()
err_console = Console(stderr=True)

FACTS = typer.Option(Path("graph"), "--facts", help="folder of curated fact files")
SOURCES = typer.Option(Path("../shared/sources"), "--sources", help="folder of the source articles")


EXTRA_SHAPES = typer.Option(None, "--shapes", help="a Turtle file of further SHACL shapes to hold the graph to")


@app.command()
def check(facts: Path = FACTS, sources: Path = SOURCES, shapes: Path | None = EXTRA_SHAPES) -> None:
    """Validate the facts: schema, ids, references, dates, verbatim quotes, SHACL; print coverage."""
    with _exit_1_on_fact_errors():
        files = load_dir(facts)
    errors = check_facts(
        files, sources_dir=sources, wikidata_reference=sources.parent / "reference" / "wikidata-ids.tsv"
    )
    _echo_errors(errors)
    table = Table(title="coverage per source")
    for col in ("source", "persons", "organizations", "groups", "moves", "facts", "quotes"):
        table.add_column(col, justify="left" if col == "source" else "right", no_wrap=True)
    for row in coverage(files):
        table.add_row(
            row.source,
            *(str(getattr(row, c)) for c in ("persons", "organizations", "groups", "moves", "facts", "quotes")),
        )
    Console(width=max(console.width, 110)).print(table)  # wide enough for whole file names, even when piped
    if not sources.is_dir():
        err_console.print(f"note: {sources} not found: quotes were not checked against the articles")
    if errors:
        err_console.print(f"{len(errors)} problem(s)")
        raise typer.Exit(1)
    from .build import build
    from .shacl import validate

    extra = None
    if shapes is not None:
        from rdflib import Graph

        extra = Graph().parse(shapes, format="turtle")
    report = validate(build(files), extra_shapes=extra)
    typer.echo(report.summary(), err=not report.conforms)
    if not report.conforms:
        raise typer.Exit(1)
    console.print("ok")


docs_app = typer.Typer(no_args_is_help=True, add_completion=False)
app.add_typer(docs_app, name="docs")


@docs_app.callback()
def docs() -> None:
    """Generate the pages of docs/ (ontology reference, analysis)."""


ONTOLOGY_DOCS_OUT = typer.Option(Path("docs/ontology.md"), "--out", help="the Markdown file to write")


@docs_app.command("ontology")
def docs_ontology(out: Path = ONTOLOGY_DOCS_OUT) -> None:
    """Generate the ontology reference (terms, shapes, provenance queries, loading) from ontology/*.ttl."""
    from .ontology_docs import write_ontology_docs

    path = write_ontology_docs(out)
    console.print(f"wrote {path} ({path.stat().st_size:,} bytes)")


@app.command()
def version() -> None:
    """Print the package version."""
    from . import __version__

    console.print(__version__)


EXPORTS = typer.Option(Path("exports"), "--exports",
                       help="folder holding alumnigraph.trig, or alumnigraph.nt alone (run build first)")


STORE = typer.Option(None, "--store", help="an on-disk store folder: loaded from the exports once, then reused "
                     "(for exports too large to load into memory on every run)")


def _echo_errors(errors: Iterable[object]) -> None:
    """Print located errors on standard error, one a line."""
    for e in errors:
        typer.echo(str(e), err=True)


@contextlib.contextmanager
def _exit_1_on_fact_errors() -> Iterator[None]:
    """Print every problem of :class:`FactErrors` (file:line: field: message) and exit with status 1."""
    try:
        yield
    except FactErrors as exc:
        _echo_errors(exc.errors)
        raise typer.Exit(1) from None


@contextlib.contextmanager
def _exit_2_on(*errors: type[Exception]) -> Iterator[None]:
    """Turn ``errors`` into ``error: …`` on standard error and exit status 2."""
    try:
        yield
    except errors as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None

QUERY_EXAMPLES = typer.Option(None, "--queries", help="folder of .rq examples for the page (default: queries/)")


SYNTH_PEOPLE = typer.Option(10_000, "--people", help="how many synthetic people")
SYNTH_SEED = typer.Option(0, "--seed", help="random seed: the same seed writes the same files")
SYNTH_OUT = typer.Option(Path("synth"), "--out", help="folder to write facts/ and sources/ into")


@app.command("synth")
def synth_cmd(people: int = SYNTH_PEOPLE, seed: int = SYNTH_SEED, out: Path = SYNTH_OUT) -> None:
    """Write a synthetic fact set (facts/synth_*.jsonl, sources/synth_*.txt) to measure scale; never into graph/."""
    from .synth import write_synthetic

    stats = write_synthetic(out, people, seed)
    console.print(f"wrote {stats.people:,} people, {stats.companies:,} companies, {stats.articles:,} articles "
                  f"in {stats.fact_files:,} fact files under {out}/facts and {out}/sources")


@app.command("query")
def query_cmd(
    query: str = typer.Argument(..., help="a .rq file, or the query text"),
    exports: Path = EXPORTS,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json or xml; nt for N-Triples"),
    store: Path | None = STORE,
) -> None:
    """Run a SPARQL query over the built graph (usual prefixes predeclared; graph results as Turtle)."""
    from .query import query_command
    from .store import ExportError, QueryError

    with _exit_2_on(QueryError, FileNotFoundError, FileExistsError, ExportError):
        query_command(query, exports, fmt, console, store_dir=store)


@app.command("serve")
def serve_cmd(
    port: int = typer.Option(8000, "--port", help="TCP port"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind (local only by default)"),
    exports: Path = EXPORTS,
    timeout: float = typer.Option(30.0, "--timeout", help="seconds a query may run before it is stopped"),
    queries: Path | None = QUERY_EXAMPLES,
    store: Path | None = STORE,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and a query page at / ."""
    from .serve import serve
    from .store import ExportError

    with _exit_2_on(FileNotFoundError, FileExistsError, ExportError):
        serve(exports, host=host, port=port, timeout=timeout, queries_dir=queries, store_dir=store)


OUT = typer.Option(Path("exports"), "--out", help="folder the exports are written to")


BUILD_FORMATS = typer.Option(None, "--format", "-f", help="an export format to write (repeat for several; "
                             "default: all). N-Triples and graph formats alone stream; N-Triples alone runs "
                             "on every core: for very large fact sets")
PROVENANCE = typer.Option("statement", "--provenance", help="statement: reify every triple with its quote "
                          "(default); record: one quote per entity or record, lighter, for bulk data")


BUILD_SOURCES = typer.Option(
    None, "--sources", help="also check every quote against the articles in this folder (`check` always does)"
)


JOBS = typer.Option(None, "--jobs", "-j", min=1, help="worker processes of a build of N-Triples alone "
                    "(default: one per core)")


@app.command("build")
def build_cmd(facts: Path = FACTS, out: Path = OUT, formats: list[str] | None = BUILD_FORMATS,
              provenance: str = PROVENANCE, sources: Path | None = BUILD_SOURCES, jobs: int | None = JOBS) -> None:
    """Build every export from the facts (all or nothing: on error or Ctrl-C, exports stay as they were)."""
    from .exports import build_exports
    from .progress import RichProgress

    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # a terminated build cleans up like Ctrl-C
    try:
        with _exit_1_on_fact_errors(), RichProgress(err_console) as progress, _exit_2_on(ValueError):
            written = build_exports(facts, out, formats or None, provenance=provenance, progress=progress,
                                    sources_dir=sources, jobs=jobs)
    finally:
        signal.signal(signal.SIGTERM, previous)
    for path in written:
        console.print(f"wrote {path} ({path.stat().st_size:,} bytes)")


def _graph_or_exit(facts: Path):  # type: ignore[no-untyped-def]
    """The knowledge graph built from ``facts``, or exit 1 printing the fact errors."""
    from .exports import load_graph

    with _exit_1_on_fact_errors():
        return load_graph(facts)


MEASURE = typer.Option(["pagerank"], "--measure", "-m", help="degree, in-degree, out-degree, betweenness, "
                       "closeness, eigenvector, pagerank or all; repeat to show several, the first one ranks")


@app.command("centrality")
def centrality_cmd(
    projection: str = typer.Option("talent-flow", "--projection", "-p",
                                   help="full, talent-flow, affiliation or co-alumni"),
    measure: list[str] = MEASURE,
    top: int = typer.Option(20, "--top", "-n", help="how many rows (0: all)"),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
    facts: Path = FACTS,
) -> None:
    """Rank the nodes of a projection by centrality, with English and Chinese names and communities."""
    from .analysis.command import chosen_measures, ranking, ranking_text, rich_table

    kg = _graph_or_exit(facts)
    try:
        if fmt == "table":
            names = chosen_measures(measure)
            console.print(rich_table(ranking(kg.graph, projection, names, top), projection, names))
        else:
            typer.echo(ranking_text(kg.graph, projection, measure, top, fmt), nl=False)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


DOCS_OUT = typer.Option(Path("docs"), "--out", help="docs folder: writes analysis.md and img/analysis-*")


@docs_app.command("analysis")
def docs_analysis_cmd(facts: Path = FACTS, out: Path = DOCS_OUT) -> None:
    """Write docs/analysis.md and its plots: talent flow, alumni groups and their reach, moves per year."""
    from .analysis.report import write_analysis_docs

    for path in write_analysis_docs(_graph_or_exit(facts), out):
        console.print(f"wrote {path} ({path.stat().st_size:,} bytes)")
