"""docs/analysis.md is up to date with the graph; its plots are deterministic and never need a CJK font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alumnigraph.analysis.plots import cjk_font
from alumnigraph.analysis.report import IMAGES, analysis_data, analysis_markdown, write_analysis_docs
from alumnigraph.build import KnowledgeGraph
from alumnigraph.cli import app
from tests.conftest import GRAPH_DIR, REPO

DOCS = REPO / "docs"


def glyph_fonts(svg: str) -> set[str]:
    """The fonts whose glyphs an SVG drawn with svg.fonttype=path defines (glyph ids are font-codepoint)."""
    return set(re.findall(r'<path id="([A-Za-z]+(?:-[A-Za-z]+)?)-[0-9a-f]+"', svg))


@pytest.fixture(scope="module")
def markdown(kg: KnowledgeGraph) -> str:
    return analysis_markdown(analysis_data(kg.graph, kg.triples(), len(kg.sources)))


def test_docs_analysis_is_up_to_date(markdown: str) -> None:
    """CI fails when docs/analysis.md is stale: run `alumnigraph docs analysis` and commit."""
    committed = DOCS / "analysis.md"
    assert committed.is_file(), "docs/analysis.md is missing: run `alumnigraph docs analysis`"
    stale = "docs/analysis.md is stale: run `alumnigraph docs analysis`"
    assert committed.read_text(encoding="utf-8") == markdown, stale
    for relative in IMAGES.values():
        assert f"]({relative})" in markdown
        assert (DOCS / relative).is_file(), f"docs/{relative} is missing: run `alumnigraph docs analysis`"


def test_page_shows_the_top_organizations_groups_and_years(kg: KnowledgeGraph, markdown: str) -> None:
    assert "## Talent flow: where people go" in markdown and "| # | organization | 名称 | PageRank |" in markdown
    assert "### Top organizations by betweenness" in markdown
    assert "| 南极圈 |" in markdown  # Nanjiquan is among the alumni groups, with its Chinese name
    assert "members: more than 10,000 people" in markdown  # a reported figure, from the RDF figures
    assert "## Moves per year" in markdown and "| year | moves |" in markdown


def test_plots_are_deterministic_and_fall_back_to_english_labels(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_analysis_docs(kg, tmp_path / "a", english_only=True)
    second = write_analysis_docs(kg, tmp_path / "b", english_only=True)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    svgs = [p for p in first if p.suffix == ".svg"]
    assert len(svgs) == len(IMAGES)
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert text.startswith("<?xml") and "<dc:date>" not in text
        assert glyph_fonts(text) <= {"DejaVuSans"}  # English labels only: matplotlib's bundled font suffices


def test_bilingual_plots_use_a_cjk_font_when_one_is_installed(kg: KnowledgeGraph, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["docs", "analysis", "--facts", str(GRAPH_DIR), "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    fonts = glyph_fonts((tmp_path / IMAGES["pagerank"]).read_text(encoding="utf-8"))
    if cjk_font() is None:  # no CJK font here: generation still works, with English labels
        assert fonts == {"DejaVuSans"}
    else:  # Chinese names are drawn with glyphs of a second font
        assert "DejaVuSans" in fonts and len(fonts) == 2
    english = write_analysis_docs(kg, tmp_path / "en", english_only=True)
    assert (tmp_path / "analysis.md").read_text(encoding="utf-8") == english[0].read_text(encoding="utf-8")
