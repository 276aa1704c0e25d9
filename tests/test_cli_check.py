"""`alumnigraph check` and `alumnigraph build` as a user runs them."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from alumnigraph.cli import app
from alumnigraph.load import LoadedFile
from tests.conftest import GRAPH_DIR, SOURCES_DIR
from tests.factfiles import BASE_YAML, write_facts


def test_check_passes_and_prints_coverage_per_source(loaded: list[LoadedFile]) -> None:
    result = CliRunner().invoke(app, ["check", "--facts", str(GRAPH_DIR), "--sources", str(SOURCES_DIR)])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("ok")
    for lf in loaded:
        f = lf.facts
        row = re.search(rf"{re.escape(f.source.file)}\s*│(.*)│\s*$", result.output, re.MULTILINE)
        assert row, f.source.file
        persons, _orgs, groups, moves, *_ = (int(x) for x in row.group(1).split("│"))
        assert (persons, groups, moves) == (
            len(f.people),
            sum(o.kind == "group" for o in f.organizations),
            len(f.moves),
        )


def test_check_fails_with_located_errors(tmp_path: Path) -> None:
    facts = write_facts(tmp_path, BASE_YAML.replace("to: company/alibaba", "to: company/alibabaa"))
    result = CliRunner().invoke(app, ["check", "--facts", str(facts), "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 1
    assert "t_article.yaml:28: moves[0].to: unknown id company/alibabaa" in result.output


def test_check_without_articles_says_quotes_were_not_checked(tmp_path: Path) -> None:
    facts = write_facts(tmp_path)
    result = CliRunner().invoke(app, ["check", "--facts", str(facts), "--sources", str(tmp_path / "nowhere")])
    assert result.exit_code == 0, result.output
    assert "quotes were not checked" in result.output


def test_build_writes_every_export(tmp_path: Path) -> None:
    facts = write_facts(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--facts", str(facts), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "alumnigraph.ttl").stat().st_size > 0 and (out / "alumnigraph.html").stat().st_size > 0


def test_build_checks_quotes_against_the_articles(tmp_path: Path) -> None:
    facts = write_facts(
        tmp_path, BASE_YAML.replace("    quote: 南极圈是腾讯离职员工的组织。\n", "    quote: 南极圈是组织。\n", 1)
    )
    out = tmp_path / "out"
    args = ["build", "--facts", str(facts), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 1
    assert "quote not found verbatim in t_article.txt: '南极圈是组织。'" in result.output
    assert not out.exists()
