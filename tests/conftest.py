"""Shared fixtures: the real curated graph, loaded and built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from alumnigraph.build import KnowledgeGraph, build
from alumnigraph.exports import write_exports
from alumnigraph.load import LoadedFile, load_dir
from tests.html_browser import chromium

REPO = Path(__file__).resolve().parent.parent
GRAPH_DIR = REPO / "graph"
EXPORTS_DIR = REPO / "exports"
SHARED = REPO.parent / "shared"
SOURCES_DIR = SHARED / "sources"
WIKIDATA_REFERENCE = SHARED / "reference" / "wikidata-ids.tsv"


@pytest.fixture(scope="session")
def loaded() -> list[LoadedFile]:
    """The curated fact files of ``graph/``."""
    return load_dir(GRAPH_DIR)


@pytest.fixture(scope="session")
def kg(loaded: list[LoadedFile]) -> KnowledgeGraph:
    """The knowledge graph built from ``graph/``."""
    return build(loaded)


@pytest.fixture(scope="session")
def built_exports(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every export of the curated graph, freshly written."""
    out = tmp_path_factory.mktemp("exports")
    write_exports(kg, out)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's) for the whole session, shared by every browser test."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The source articles (present beside the repository in development and CI)."""
    if not SOURCES_DIR.is_dir():
        pytest.fail(f"the source articles are expected at {SOURCES_DIR}")
    return SOURCES_DIR
