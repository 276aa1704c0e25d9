"""The ``alumnigraph`` command line: a thin typer app over the package."""

from __future__ import annotations

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


@app.command()
def check(facts: Path = FACTS, sources: Path = SOURCES) -> None:
    """Validate the facts: schema, ids, references, dates, verbatim quotes; print coverage."""
    try:
        files = load_dir(facts)
    except FactErrors as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(1) from None
    errors = check_facts(files, sources_dir=sources, wikidata_reference=sources.parent / "reference" / "wikidata-ids.tsv")
    for e in errors:
        typer.echo(str(e), err=True)
    table = Table(title="coverage per source")
    for col in ("source", "persons", "organizations", "groups", "moves", "facts", "quotes"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for row in coverage(files):
        table.add_row(row.source, *(str(getattr(row, c)) for c in ("persons", "organizations", "groups", "moves", "facts", "quotes")))
    console.print(table)
    if not sources.is_dir():
        err_console.print(f"note: {sources} not found: quotes were not checked against the articles")
    if errors:
        err_console.print(f"{len(errors)} problem(s)")
        raise typer.Exit(1)
    console.print("ok")


@app.command()
def version() -> None:
    """Print the package version."""
    from . import __version__

    console.print(__version__)


OUT = typer.Option(Path("exports"), "--out", help="folder the exports are written to")


@app.command("build")
def build_cmd(facts: Path = FACTS, out: Path = OUT) -> None:
    """Build every export from the facts (all or nothing: on error, exports stay as they were)."""
    from .exports import build_exports

    try:
        written = build_exports(facts, out)
    except FactErrors as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(1) from None
    for path in written:
        console.print(f"wrote {path} ({path.stat().st_size:,} bytes)")
